"""Turning a report's plain text into headings and paragraphs.

Used when a person types or edits a version's text. Documents read from files arrive already
structured by the document reader (through the imports app) as the same `Block`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^(?P<number>[一二三四五六七八九十]{1,3})[、．.]\s*(?P<title>.+)$")),
    (2, re.compile(r"^(?P<number>[（(][一二三四五六七八九十]{1,3}[）)])\s*(?P<title>.+)$")),
    (3, re.compile(r"^(?P<number>\d{1,2})[．.、]\s*(?P<title>.+)$")),
)
# A heading is a short line; a long numbered line is a paragraph that begins with a number.
MAX_HEADING_LENGTH = 60


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" or "paragraph"
    text: str
    number: str = ""
    level: int = 0


def heading_of(line: str) -> Block | None:
    if len(line) > MAX_HEADING_LENGTH:
        return None
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(line)
        if match:
            return Block("heading", match["title"].strip(), match["number"], level)
    return None


def split_report_text(text: str) -> list[Block]:
    """Headings (一、/（一）/1.) and paragraphs, one per non-empty line, in order."""
    blocks: list[Block] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        blocks.append(heading_of(line) or Block("paragraph", line))
    return blocks


def join_report_text(blocks: list[Block]) -> str:
    """The inverse of split_report_text, for putting a version back into an editor."""
    lines = []
    for block in blocks:
        if block.kind == "heading":
            separator = "、" if block.level == 1 else ("" if block.level == 2 else ". ")
            lines.append(f"{block.number}{separator}{block.text}")
        else:
            lines.append(block.text)
    return "\n".join(lines)
