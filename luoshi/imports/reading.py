"""The adapter from the document reader (zhtext) to the domain: the only place that imports it.

It turns a zhtext Document into what an import batch stores (the extraction contract plus the
Simplified text and paragraph spans the contract leaves out) and into reviewable items, and
turns stored extractions back into report blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import zhtext
from luoshi.core.models import Region
from luoshi.reports.text_layout import Block

ITEM_SOURCES = (
    ("indicator", "indicators"),
    ("target", "targets"),
    ("commitment", "commitments"),
    ("instruction", "instructions"),
    ("event", "events"),
    ("person", "people"),
)


@dataclass(frozen=True)
class ItemDraft:
    kind: str
    position: int
    start: int | None
    end: int | None
    extracted: dict[str, Any]


def read_document(content: bytes, name: str) -> dict[str, Any]:
    """Everything an import keeps of the reading; raises ValueError with the reader's message."""
    document = zhtext.read(content, name=name)
    if document.error:
        raise ValueError(document.error)
    return {
        "contract": zhtext.to_contract(document),
        "simplified": document.simplified,
        "paragraphs": [[span.start, span.end] for span in document.paragraphs],
    }


def item_drafts(extraction: dict[str, Any]) -> list[ItemDraft]:
    contract = extraction["contract"]
    drafts = []
    for kind, key in ITEM_SOURCES:
        for position, entry in enumerate(contract.get(key) or []):
            drafts.append(
                ItemDraft(kind, position, entry.get("start"), entry.get("end"), dict(entry))
            )
    return drafts


def report_blocks(extraction: dict[str, Any]) -> list[Block]:
    """The document as headings and paragraphs, in Simplified Chinese."""
    simplified: str = _without_corrupt_spans(extraction)
    headings = {s["start"]: s for s in extraction["contract"].get("sections") or []}
    blocks = []
    for start, end in extraction["paragraphs"]:
        heading = headings.get(start)
        if heading is not None:
            blocks.append(
                Block("heading", heading["title"], _number_text(heading), heading["level"])
            )
        else:
            text = simplified[start:end].replace("\x00", "").strip()
            if text:
                blocks.append(Block("paragraph", text))
    return blocks


def corrupt_spans(extraction: dict[str, Any]) -> list[tuple[int, int]]:
    """Where the reader found garbled text (mojibake), as (start, end) offsets."""
    quality = (extraction.get("contract") or {}).get("quality") or {}
    return [(int(s["start"]), int(s["end"])) for s in quality.get("corrupt_spans") or []]


def _without_corrupt_spans(extraction: dict[str, Any]) -> str:
    """The Simplified text with garbled spans (mojibake) marked by NULs, same length, for
    the paragraphs to drop: they are kept out of the report's text."""
    chars = list(extraction["simplified"])
    for start, end in corrupt_spans(extraction):
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def _number_text(section: dict[str, Any]) -> str:
    number = str(section.get("number") or "")
    if section.get("level") == 2 and number and not number.startswith(("（", "(")):
        return f"（{number}）"
    return number


def paragraph_index(extraction: dict[str, Any], offset: int | None) -> int | None:
    """Which paragraph (counting paragraphs only, not headings) contains a text offset."""
    if offset is None:
        return None
    headings = {s["start"] for s in extraction["contract"].get("sections") or []}
    index = -1
    for start, end in extraction["paragraphs"]:
        if start in headings:
            continue
        index += 1
        if start <= offset < end:
            return index
    return None


def source_excerpt(extraction: dict[str, Any], start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return ""
    return str(extraction["simplified"][start:end])[:500]


def resolve_region(found: dict[str, Any] | None) -> Region | None:
    """The gazetteer region the reader named, when the name and its parents fit exactly one."""
    if not found or not found.get("name"):
        return None
    candidates = list(Region.objects.filter(name=found["name"]).select_related("parent__parent"))
    parents = [p for p in found.get("parents") or [] if p]
    if parents:
        fitting = []
        for region in candidates:
            chain, parent = [], region.parent
            while parent is not None:
                chain.append(parent.name)
                parent = parent.parent
            if all(name in chain for name in parents):
                fitting.append(region)
        candidates = fitting
    return candidates[0] if len(candidates) == 1 else None


YEAR = re.compile(r"^(\d{4})")


def report_year(extraction: dict[str, Any]) -> int | None:
    """A work report's year is the year it was delivered (its targets are for that year)."""
    contract = extraction["contract"]
    for value in (contract.get("date"), *(t.get("period") for t in contract.get("targets") or [])):
        match = YEAR.match(str(value or ""))
        if match:
            return int(match.group(1))
    return None


PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
SPAN = re.compile(r"^(\d{4})-(\d{4})$")


def is_span(period: str | None) -> bool:
    """Whether a figure is for several years (2026-2030: a five-year goal or review)."""
    return bool(SPAN.match(period or ""))


def observation_period(
    period: str | None, fallback_year: int | None
) -> tuple[int, str, int] | None:
    """(year, period kind, period index) of an indicator's period: "2023" → the year 2023;
    "2024-06" → cumulative January–June 2024."""
    match = PERIOD.match(period or "")
    if match:
        year = int(match.group(1))
        if match.group(2):
            return year, "month", int(match.group(2))
        return year, "year", 12
    if fallback_year:
        return fallback_year, "year", 12
    return None
