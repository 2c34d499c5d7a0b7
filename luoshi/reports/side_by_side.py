"""Two reports side by side, chapter by chapter (报告对照): two regions' reports of a year, or
one region's of two years.

A chapter is a top-level section with everything under it. Chapters are paired by their
headings with the numbering, years and figures taken out ("一、2024年工作回顾" and
"一、2025年工作回顾" are the same chapter); difflib pairs equal headings in order, and
chapters between two pairs are paired in order too, the longer side's extra ones alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from luoshi.reports.models import ReportVersion, WorkReport
from luoshi.reports.selectors import can_see_unpublished, version_outline

_NOT_KEY = re.compile(r"[\s\d０-９一二三四五六七八九十百零〇（）()、.．,，:：;；\-—年]+")


@dataclass(frozen=True)
class Block:
    kind: str  # heading · paragraph
    text: str
    anchor: str


@dataclass
class Chapter:
    title: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def key(self) -> str:
        return _NOT_KEY.sub("", self.title)


def chapters(version: ReportVersion) -> list[Chapter]:
    """The version's top-level chapters; what comes before the first heading (the opening
    address) is a chapter of its own, untitled."""
    found: list[Chapter] = []
    for group in version_outline(version):
        section = group.section
        if section is not None and section.level <= 1:
            found.append(Chapter(_numbered(section.number, section.title), section.anchor))
        elif not found:
            found.append(Chapter("", ""))
        if section is not None and section.level > 1:
            found[-1].blocks.append(
                Block("heading", _numbered(section.number, section.title), section.anchor)
            )
        found[-1].blocks.extend(Block("paragraph", p.text, p.anchor) for p in group.paragraphs)
    return found


def _numbered(number: str, title: str) -> str:
    """一 + 工作回顾 → 一、工作回顾; （一） and 1. keep their own marks."""
    if number and number[-1] not in "、）).．":
        number += "、" if not number.isdigit() else "."
    return f"{number}{title}"


Pair = tuple[Chapter | None, Chapter | None]


def aligned(left: list[Chapter], right: list[Chapter]) -> list[Pair]:
    """Chapters paired in order; a chapter the other report has elsewhere (the two put
    their plan and review in opposite orders) joins it at the left one's place."""
    pairs = _in_order(left, right)
    alone_right = {id(b): b for a, b in pairs if a is None and b is not None}
    moved: set[int] = set()
    for position, (a, b) in enumerate(pairs):
        if a is None or b is not None:
            continue
        partner = next(
            (c for c in alone_right.values() if c.key == a.key and id(c) not in moved), None
        )
        if partner is not None:
            pairs[position] = (a, partner)
            moved.add(id(partner))
    return [(a, b) for a, b in pairs if not (a is None and b is not None and id(b) in moved)]


def _in_order(left: list[Chapter], right: list[Chapter]) -> list[Pair]:
    pairs: list[Pair] = []
    matcher = SequenceMatcher(None, [c.key for c in left], [c.key for c in right], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(left[i1:i2], right[j1:j2], strict=True))
            continue
        lefts, rights = left[i1:i2], right[j1:j2]
        if {c.key for c in lefts} & {c.key for c in right} or {c.key for c in rights} & {
            c.key for c in left
        }:
            # Found elsewhere in the other report: alone here, joined by `aligned`.
            pairs.extend((c, None) for c in lefts)
            pairs.extend((None, c) for c in rights)
            continue
        for position in range(max(len(lefts), len(rights))):
            pairs.append(
                (
                    lefts[position] if position < len(lefts) else None,
                    rights[position] if position < len(rights) else None,
                )
            )
    return pairs


def readable_version(user: object, report: WorkReport) -> ReportVersion | None:
    """The version to read: the adopted one, else the latest the user may open."""
    versions = report.versions.order_by("-number")
    if not can_see_unpublished(user, report):
        versions = versions.filter(published_at__isnull=False)
    if report.adopted_version_id and versions.filter(pk=report.adopted_version_id).exists():
        return report.adopted_version
    return versions.first()
