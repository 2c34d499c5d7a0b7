"""Scope passages for measuring the reader (``zhtext.evaluation``): where a gold
``target_scope`` string's passage lies in a document, on the original and on a noisy variant.

Rules (see ``tests/zhtext/devset``):

- A gold ``target_scope`` string is located in ``Document.simplified`` with whitespace ignored
  on both sides (and, failing that, with at most one character in eight differing, for
  Traditional round trips). Its passage ends, in the original document's simplified text, at
  the first line break after a sentence-final mark (。！？, closing quotes allowed) — unless
  that line is exactly the document's wrap width, the most common line length — or before a
  line that starts a heading, or after ``PASSAGE_CAP`` characters, whichever comes first. In a
  variant the passage is the same number of non-blank characters from the located start.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from zhtext.noise import Range, find_in_skeleton, skeleton

PASSAGE_CAP = 600
_FINAL = re.compile(r"[。！？!?][”’」』）)]*$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部分章节]|\d+[.、．]\D)"
)


def _wrap_width(text: str) -> int | None:
    lengths = [len(line) for line in text.split("\n") if len(line) >= 20]
    if not lengths:
        return None
    width, count = Counter(lengths).most_common(1)[0]
    return width if count >= 3 and count >= 0.3 * len(lengths) else None


def passage_end(text: str, start: int) -> int:
    """End of the passage that starts at ``start`` (the rule in the module docstring)."""
    width = _wrap_width(text)
    cap = min(len(text), start + PASSAGE_CAP)
    pos = start
    while True:
        nl = text.find("\n", pos)
        if nl == -1 or nl >= cap:
            return cap
        line = text[text.rfind("\n", 0, nl) + 1 : nl].rstrip()
        after = text[nl + 1 : nl + 40].lstrip()
        if _HEADING.match(after) or (_FINAL.search(line) and len(line) != width):
            return nl
        pos = nl + 1


def _slack(hay: str, k: int, size: int) -> int:
    """Skeleton end of a variant's passage: ``size`` characters on, then to its sentence end.

    Noise the cleaner leaves behind (a ruby reading split by a line break) lengthens the text,
    so the passage runs on to the next sentence end within a fifth of its size.
    """
    j = min(k + size, len(hay))
    if _FINAL.search(hay[j - 1]):
        return j
    m = re.compile(r"[。！？!?]").search(hay, j, min(len(hay), j + size // 5 + 10))
    return m.end() if m else j


def passages(
    simplified: str,
    scopes: Sequence[str],
    sizes: Sequence[int] | None = None,
    skip: Sequence[Range] = (),
) -> tuple[list[Range | None], list[int]]:
    """Each scope's passage in ``simplified`` and its size in non-blank characters.

    Without ``sizes`` the passage ends by the rule; with them (a variant), it runs that many
    non-blank characters, ``skip`` ranges (inserted mojibake) not counted.
    """
    hay, index = skeleton(simplified, skip)
    found: list[Range | None] = []
    counts: list[int] = []
    for n, scope in enumerate(scopes):
        k = find_in_skeleton(hay, scope)
        if k == -1:
            found.append(None)
            counts.append(0)
            continue
        start = index[k]
        if sizes is None:
            end = passage_end(simplified, start)
            size = sum(1 for i in index[k:] if i < end)
        else:
            size = sizes[n]
            end = index[_slack(hay, k, size) - 1] + 1 if size else start
        found.append((start, end))
        counts.append(size)
    return found, counts


def inside(pos: int, ranges: Sequence[Range | None]) -> bool:
    """Whether ``pos`` lies in one of the passages ``ranges`` (None: a scope not found)."""
    return any(r is not None and r[0] <= pos < r[1] for r in ranges)
