"""The main menu. Each app registers its entries; a user sees those their role permits.

Core owns the registry so that higher apps can add to it without core knowing them.

Entries are grouped by job (报告, 落实, 项目, 分析, 系统): a group is registered by the app
that leads that job, and any app may put entries into it. The header shows one row of groups,
each opening its entries; a group with one visible entry is shown as that entry's plain link,
and an entry without a group stands on its own (首页).

An entry's `permission` is the permission of the page it links to (the page's
`signed_in_with`), so the menu never offers a page that answers 403; an entry may be shown to
fewer people than the page admits (the API documentation), never to more.
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
    staff_only: bool = False  # pages of the Django admin, which opens to staff only
    group: str = ""  # a NavGroup's key; "" stands on its own in the top row


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str | Promise
    order: int = 100


_registry: dict[str, NavItem] = {}
_groups: dict[str, NavGroup] = {}


def register(item: NavItem) -> None:
    _registry[item.key] = item


def register_group(group: NavGroup) -> None:
    _groups[group.key] = group


def registered_items() -> list[NavItem]:
    """Every entry, in menu order (for checks that each entry leads to a page)."""
    return sorted(_registry.values(), key=lambda entry: (entry.order, entry.key))


def _may_see(user: Any, item: NavItem) -> bool:
    if item.staff_only and not user.is_staff:
        return False
    return not item.permission or bool(user.has_perm(item.permission))


def items_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    """The entries `user` may follow, in order, each with its address and whether it is the
    current page's entry."""
    if user is None or not user.is_authenticated:
        return []
    visible = []
    for item in registered_items():
        if not _may_see(user, item):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        matches = current_path == url if url == "/" else current_path.startswith(url)
        visible.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "active": matches,
                "group": item.group if item.group in _groups else "",
            }
        )
    # One item is current: the one whose address is the longest prefix of the page's
    # (/tasks/notices/… is 督查督办, not also 任务 at /tasks/).
    matching = [entry for entry in visible if entry["active"]]
    current = max(matching, key=lambda entry: len(str(entry["url"])), default=None)
    for entry in matching:
        entry["active"] = entry is current
    return visible


def groups_for(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top row of the menu built from `items_for`'s entries: groups with their entries,
    and entries that stand alone, ordered by the group's order or the entry's own.

    Each row is {"key", "label", "url", "active", "items"}: `items` lists a group's entries
    when it has two or more; a group with one entry becomes that entry (a plain link, with
    the entry's own label, which is the more precise one)."""
    by_group: dict[str, list[dict[str, Any]]] = {}
    rows: list[tuple[tuple[int, int], dict[str, Any]]] = []
    for position, entry in enumerate(items):
        key = entry["group"]
        if not key:
            rows.append(((_registry[entry["key"]].order, position), {**entry, "items": []}))
            continue
        if key not in by_group:
            by_group[key] = []
            group = _groups[key]
            rows.append(((group.order, position), {"key": key, "label": group.label, "url": ""}))
        by_group[key].append(entry)
    top: list[dict[str, Any]] = []
    for _order, row in sorted(rows, key=lambda pair: pair[0]):
        if "items" in row:
            top.append(row)
            continue
        members = by_group[row["key"]]
        if len(members) == 1:
            top.append({**members[0], "items": []})
        else:
            active = any(member["active"] for member in members)
            top.append({**row, "active": active, "items": members})
    return top
