"""More sections of the 红黑榜 page, from the apps above tasks (the appeals' handling beside the
tasks' results): each registers a builder from its AppConfig.ready(), as home panels do, since
tasks cannot import them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from luoshi.core.models import Region


@dataclass(frozen=True)
class RankingSection:
    key: str
    template: str
    # (region, year, quarter or None, as of) → the template's context, or None to leave it out
    build: Callable[[Region, int, int | None, dt.date], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class BuiltSection:
    key: str
    template: str
    context: dict[str, Any]


_registry: dict[str, RankingSection] = {}


def register_section(section: RankingSection) -> None:
    _registry[section.key] = section


def built_sections(
    region: Region, year: int, quarter: int | None, as_of: dt.date
) -> list[BuiltSection]:
    shown = []
    for section in sorted(_registry.values(), key=lambda s: (s.order, s.key)):
        context = section.build(region, year, quarter, as_of)
        if context is not None:
            shown.append(BuiltSection(section.key, section.template, context))
    return shown
