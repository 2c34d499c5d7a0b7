"""Text hard-wrapped at a fixed width (copied from a PDF, or a page that breaks every line
every 30–40 characters) is read as the same text unwrapped.

A document is hard-wrapped when many of its lines have the same, greatest length: the wrap
width. A line of that width (or a few characters short of it without ending a sentence)
continues on the next line, unless the next line opens a heading. Elsewhere, a number split
by a line break (12.\\n5亿元) is one number again. Lines of other documents are left alone.
"""

from __future__ import annotations

import re
from collections import Counter

MIN_WIDTH = 20
SLACK = 3  # PDF lines fall short of the width by a character or two (punctuation rules)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d)|"
    r"第[一二三四五六七八九十]{1,3}(?:部分|章|节)|——|各位代表|各位委员|同志们)"
)
_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:」』”]$")
_SPLIT_NUMBER = (re.compile(r"\d\.?$"), re.compile(r"^[\d.%]"))


def wrap_width(lines: list[str]) -> tuple[int, int] | None:
    """The width the text is wrapped at and how far short of it a wrapped line may fall
    (none when a program wrapped it: nearly every wrapped line is exactly that long)."""
    long_lines = [len(line) for line in lines if len(line) >= MIN_WIDTH]
    if len(long_lines) < 5:
        return None
    width, count = Counter(long_lines).most_common(1)[0]
    near = sum(1 for n in long_lines if width - SLACK <= n <= width)
    if count < 3 or near < 0.5 * len(long_lines) or max(long_lines) > width + SLACK:
        return None
    return width, (0 if count >= 0.8 * near else SLACK)


def unwrap(lines: list[str]) -> list[str]:
    """The lines with every wrap joined."""
    if not lines:
        return lines
    wrap = wrap_width(lines)
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if _continues(previous, line, wrap):
            out[-1] += line
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str, wrap: tuple[int, int] | None) -> bool:
    """Whether `line` carries on the line before it (as it stood before any joining)."""
    if _HEADING.match(line):
        return False
    if _SPLIT_NUMBER[0].search(previous) and _SPLIT_NUMBER[1].match(line):
        return True
    if wrap is None:
        return False
    width, slack = wrap
    return len(previous) == width or (
        slack > 0 and len(previous) >= width - slack and not _ENDS_SENTENCE.search(previous)
    )
