"""The main menu. Each app registers its entries; a user sees those their role permits.

Core owns the registry so that higher apps can add to it without core knowing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str | None = None  # None: every signed-in user
    order: int = 100
    staff_only: bool = False


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.key] = item


def items_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    if user is None or not user.is_authenticated:
        return []
    visible = []
    for item in sorted(_registry.values(), key=lambda entry: (entry.order, entry.key)):
        if item.staff_only and not user.is_staff:
            continue
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        matches = current_path == url if url == "/" else current_path.startswith(url)
        visible.append({"key": item.key, "label": item.label, "url": url, "active": matches})
    # One item is current: the one whose address is the longest prefix of the page's
    # (/tasks/notices/… is 督查督办, not also 任务 at /tasks/).
    matching = [entry for entry in visible if entry["active"]]
    current = max(matching, key=lambda entry: len(str(entry["url"])), default=None)
    for entry in matching:
        entry["active"] = entry is current
    return visible
