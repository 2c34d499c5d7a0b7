"""Sections that higher apps add to a lower app's pages — the appeals' 诉求办理 on the 红黑榜,
the appeals a task answers on its page, a meeting's referrals with their tasks. The lower app
cannot import the higher one: each registers a builder from its AppConfig.ready(), as home
panels and menus do, and the page asks for the sections of its name (the names are kept by
the page's own app: `luoshi.tasks.page_sections`, `luoshi.engagement.page_sections`).

A builder takes the page's keywords (the 红黑榜: region, year, quarter, as_of; a task's page:
task, user; a meeting's page: meeting, user) and answers the context of its template, or None
to leave the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageSection:
    page: str
    key: str
    template: str
    build: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class BuiltSection:
    key: str
    template: str
    context: dict[str, Any]


_registry: dict[tuple[str, str], PageSection] = {}


def register_section(section: PageSection) -> None:
    """Register (or replace: ready() may run more than once in tests) a section."""
    _registry[(section.page, section.key)] = section


def built_sections(page: str, **values: Any) -> list[BuiltSection]:
    shown = []
    sections = [s for s in _registry.values() if s.page == page]
    for section in sorted(sections, key=lambda s: (s.order, s.key)):
        context = section.build(**values)
        if context is not None:
            shown.append(BuiltSection(section.key, section.template, context))
    return shown
