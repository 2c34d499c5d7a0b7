"""Where the drafted review paragraph goes in next year's report text.

Real reports open with a title line, the date and occasion, the speaker and "各位代表：", then
"一、2024年工作回顾". The drafted paragraph goes at the top of that review section — the first
level-1 heading whose title reads as a review — and never into the opening. A text without
one gets the section, numbered 一、 and placed before the first level-1 heading (which are
renumbered when they run 一、二、三…), or after the opening lines when there is no heading.

A paragraph drafted earlier (found by its anchor) is replaced where it stands if it is still
in the review section; moved elsewhere by a person, it is taken out and the new paragraph goes
to the top of the review section, so that running the drafting twice never leaves two.

Pure: blocks in, blocks out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from luoshi.reports.text_layout import Block

REVIEW_TITLE_WORDS = ("回顾", "过去一年")
REPORT_TITLE_LINE = "政府工作报告"
OPENING_LINE_LENGTH = 40  # title, date line, speaker: short lines before the body begins

NUMERALS = "一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (1–99)."""
    tens, ones = divmod(n, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else f"{NUMERALS[tens - 1]}十")
    return text + (NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True)
class Placement:
    blocks: list[Block]
    paragraph_index: int  # the drafted paragraph's position among the paragraphs of `blocks`
    replaced: bool  # an earlier drafted paragraph was replaced
    unchanged: bool  # the text already held exactly this paragraph in the review section


def is_review_heading(block: Block) -> bool:
    return (
        block.kind == "heading"
        and block.level == 1
        and any(word in block.text for word in REVIEW_TITLE_WORDS)
    )


def _section_end(blocks: Sequence[Block], heading_index: int) -> int:
    for index in range(heading_index + 1, len(blocks)):
        if blocks[index].kind == "heading" and blocks[index].level <= 1:
            return index
    return len(blocks)


def _is_opening_line(text: str) -> bool:
    """Title, date line, speaker, "各位代表：" and "现在，我代表…请予审议": not body text."""
    return (
        text.endswith(("：", ":"))
        or "我代表" in text
        or "请予审议" in text
        or (len(text) <= OPENING_LINE_LENGTH and not text.endswith(("。", "；", "！")))
    )


def _new_section_position(blocks: Sequence[Block]) -> int:
    """Before the first level-1 heading; without one, after the opening lines."""
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.level == 1:
            return index
    position = 0
    while (
        position < len(blocks)
        and blocks[position].kind == "paragraph"
        and _is_opening_line(blocks[position].text)
    ):
        position += 1
    return position


def _renumbered(blocks: Sequence[Block]) -> list[Block]:
    """Level-1 headings numbered 一、二、三… in order become 二、三、四…; any other numbering is
    the writer's and is left alone."""
    level_one = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1]
    if not level_one or [blocks[i].number for i in level_one] != [
        chinese_number(n) for n in range(1, len(level_one) + 1)
    ]:
        return list(blocks)
    result = list(blocks)
    for position, index in enumerate(level_one, start=2):
        block = blocks[index]
        result[index] = Block(block.kind, block.text, chinese_number(position), block.level)
    return result


def _paragraph_index(blocks: Sequence[Block], block_index: int) -> int:
    return sum(1 for block in blocks[:block_index] if block.kind == "paragraph")


def place_review(
    blocks: Sequence[Block],
    paragraph_anchors: Sequence[str],
    *,
    text: str,
    year: int,
    previous_anchor: str = "",
) -> Placement:
    """Next year's text with `text` in its review section.

    `paragraph_anchors` are the anchors of the paragraphs of `blocks`, in order;
    `previous_anchor` is the anchor of the paragraph drafted last time, if any.
    """
    blocks = list(blocks)
    paragraph_positions = [i for i, b in enumerate(blocks) if b.kind == "paragraph"]
    previous = None
    if previous_anchor and previous_anchor in paragraph_anchors:
        previous = paragraph_positions[list(paragraph_anchors).index(previous_anchor)]

    review = next((i for i, b in enumerate(blocks) if is_review_heading(b)), None)
    if review is not None:
        end = _section_end(blocks, review)
        if previous is not None and review < previous < end:
            unchanged = blocks[previous].text == text
            blocks[previous] = Block("paragraph", text)
            return Placement(blocks, _paragraph_index(blocks, previous), True, unchanged)
        if previous is None and any(blocks[i].text == text for i in range(review + 1, end)):
            index = next(i for i in range(review + 1, end) if blocks[i].text == text)
            return Placement(blocks, _paragraph_index(blocks, index), False, True)
        if previous is not None:
            del blocks[previous]
            if previous < review:
                review -= 1
        blocks.insert(review + 1, Block("paragraph", text))
        return Placement(blocks, _paragraph_index(blocks, review + 1), previous is not None, False)

    if previous is not None:
        del blocks[previous]
    if not blocks:
        blocks = [Block("paragraph", REPORT_TITLE_LINE)]
    position = _new_section_position(blocks)
    blocks = [
        *blocks[:position],
        Block("heading", f"{year}年工作回顾", chinese_number(1), 1),
        Block("paragraph", text),
        *_renumbered(blocks[position:]),
    ]
    return Placement(blocks, _paragraph_index(blocks, position + 1), previous is not None, False)
