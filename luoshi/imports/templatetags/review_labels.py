"""The reader's vocabulary words (growth, at_least, symposium…) as the reviewer reads them."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.engagement.models import MeetingKind
from luoshi.imports.meeting_review import yearless
from luoshi.indicators.models import Direction, Measure, Qualifier

register = template.Library()

VOCABULARIES: dict[str, dict[str, Any]] = {
    "measure": dict(Measure.choices),
    "qualifier": dict(Qualifier.choices),
    "direction": dict(Direction.choices),
    "event": dict(MeetingKind.choices),
}


@register.filter
def label_of(value: Any, vocabulary: str) -> str:
    """{{ v.qualifier|label_of:"qualifier" }} → 以上; an unknown word is shown as it is."""
    if value in (None, ""):
        return ""
    return str(VOCABULARIES.get(vocabulary, {}).get(value, value))


@register.filter
def event_date(value: Any) -> str:
    """An event's date as the reviewer reads it: 2024年5月11日, or 5月11日 when the page gave
    no year (``--05-11``), or what was read."""
    text = str(value or "")
    if len(text) == 10 and text[4] == "-":
        return f"{int(text[:4])}年{int(text[5:7])}月{int(text[8:])}日"
    return yearless(text) or text


@register.filter
def event_date_yearless(value: Any) -> bool:
    return bool(yearless(value))
