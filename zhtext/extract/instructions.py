"""Numbered instructions of a leader in a news text (一要…二要…, 一是…二是…, 第一，…).

A run of numbered items is a leader's directions only when a verb of directing introduces it
in its paragraph (指出, 强调, 要求…): 一是…二是… in a narrative of achievements is not.
"""

from __future__ import annotations

import re

from zhtext.extract.context import Context
from zhtext.model import Enumeration, Instruction

_MARKER = re.compile(r"^(?:第)?[一二三四五六七八九十]{1,2}(?:要|是|[，、：])")
_DIRECTIVE = re.compile(
    r"指出|强调|要求|表示|提出|希望|叮嘱|嘱咐|部署|认为|提醒|寄语|讲话|说[，：:]|明确"
)


def _introduced(ctx: Context, first: Enumeration) -> bool:
    """Whether a directing verb precedes the run in its paragraph (or ends the one before)."""
    line_start = ctx.simple.rfind("\n", 0, first.start) + 1
    before = ctx.simple[line_start : first.start]
    if not before.strip() and line_start > 0:
        prev_start = ctx.simple.rfind("\n", 0, line_start - 1) + 1
        before = ctx.simple[prev_start : line_start - 1]
    return bool(_DIRECTIVE.search(before))


def extract_instructions(ctx: Context) -> tuple[Instruction, ...]:
    if ctx.doc_type == "work_report":
        return ()  # a report's numbered items are its own undertakings, not directions
    out: list[Instruction] = []
    keep = False
    for item in ctx.structure.enumerations:
        if item.ordinal == 1:
            keep = _introduced(ctx, item)
        if not keep:
            continue
        m = _MARKER.match(item.text)
        skip = m.end() if m else 0
        out.append(Instruction(item.ordinal, item.text[skip:], item.start + skip, item.end))
    return tuple(out)
