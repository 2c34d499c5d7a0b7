"""The reader's vocabulary words (growth, at_least, symposium…) as the reviewer reads them."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.engagement.models import MeetingKind
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
