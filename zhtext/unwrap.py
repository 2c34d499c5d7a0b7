"""Text hard-wrapped at a fixed or ragged width (copied from a PDF, or a page that breaks
every line every 30–40 characters) is read as the same text unwrapped.

Two shapes are recognised from the lines themselves:

- a fixed width: many lines have the same, greatest length; a line of that width (or a few
  characters short of it without ending a sentence, when the wrap was not a program's)
  continues on the next line;
- a ragged wrap: most long lines stop mid-sentence (no 。！？；： at their end), which the lines
  of an unwrapped document almost never do; every such line continues on the next.

Either way a line never continues onto a heading, the salutation, or a line that was indented
as a paragraph's first line; a heading or the date line under the title is never continued.
Elsewhere, a number split by a line break (12.\\n5亿元) is one number again. Lines of other
documents are left alone.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

MIN_WIDTH = 20
SLACK = 3  # PDF lines fall short of the width by a character or two (punctuation rules)
RAGGED_MIN = 15
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d)|"
    r"第[一二三四五六七八九十]{1,3}(?:部分|章|节)|——|各位代表|各位委员|同志们)"
)
_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:」』”]$")
_SPLIT_NUMBER = (re.compile(r"\d\.?$"), re.compile(r"^[\d.%]"))


@dataclass(frozen=True)
class Wrap:
    width: int  # the fixed width, or the typical length of a ragged line
    slack: int
    ragged: bool = False


def wrap_width(lines: list[str]) -> Wrap | None:
    """How the text is wrapped, when it is."""
    body = [line for line in lines if len(line) >= RAGGED_MIN]
    open_ended = [line for line in body if not _ENDS_SENTENCE.search(line)]
    ragged = len(body) >= 8 and len(open_ended) >= 0.6 * len(body)
    long_lines = [len(line) for line in lines if len(line) >= MIN_WIDTH]
    if len(long_lines) >= 5:
        width, count = Counter(long_lines).most_common(1)[0]
        near = sum(1 for n in long_lines if width - SLACK <= n <= width)
        if count >= 3 and near >= 0.5 * len(long_lines) and max(long_lines) <= width + SLACK:
            if count >= 0.8 * near:
                # A program's wrap: every wrapped line is that long (one character short when
                # an invisible one was removed from it).
                return Wrap(width, 1)
            # A person's or a PDF's: lines fall short by more than a character or two.
            return Wrap(width, SLACK, ragged=ragged)
    if ragged:
        return Wrap(int(statistics.median(len(line) for line in body)), 0, ragged=True)
    return None


def unwrap(lines: list[str], indented: list[bool] | None = None) -> list[str]:
    """The lines with every wrap joined; `indented[i]`: line i was indented as a paragraph's
    first line."""
    if not lines:
        return lines
    starts = indented or [False] * len(lines)
    wrap = wrap_width(lines)
    out = [lines[0]]
    carried = False  # the line before was itself the rest of a wrapped line
    for index in range(1, len(lines)):
        previous, line = lines[index - 1], lines[index]
        if not starts[index] and _continues(previous, line, wrap, carried=carried):
            out[-1] += line
            carried = True
        else:
            out.append(line)
            carried = False
    return out


def _continues(previous: str, line: str, wrap: Wrap | None, *, carried: bool = False) -> bool:
    """Whether `line` carries on the line before it (as it stood before any joining)."""
    if _HEADING.match(line):
        return False
    if _SPLIT_NUMBER[0].search(previous) and _SPLIT_NUMBER[1].match(line):
        return True
    if wrap is None:
        return False
    if previous.startswith("——") and (wrap.ragged or len(previous) < wrap.width):
        return False  # the date line under the title ends where it ends
    if _HEADING.match(previous) and len(previous) < 0.8 * wrap.width:
        return False  # a heading line, not a wrapped one
    # In a ragged wrap a short piece in the middle of a wrapped paragraph carries on too.
    if (
        wrap.ragged
        and not _ENDS_SENTENCE.search(previous)
        and (len(previous) >= RAGGED_MIN or carried)
    ):
        return True
    return len(previous) == wrap.width or (
        wrap.slack > 0
        and len(previous) >= wrap.width - wrap.slack
        and not _ENDS_SENTENCE.search(previous)
    )
