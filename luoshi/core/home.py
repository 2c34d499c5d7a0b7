"""The start page's panels: each role's own work first (issue 13).

Core is the lowest layer and cannot import the apps whose work a panel shows (tasks, projects,
engagement, the dashboard); each of those registers its panels from its AppConfig.ready()
(its `home_panels.py`), as menus and search do. The home view asks `rendered_panels` for the
panels of the signed-in user and shows them in order.

A panel's `build` answers for one user and day: None when the panel is not the user's (a
liaison's reports are no leader's business), else the context of its template — the rows to
show (a handful) and the figures, each counted as the list it links to counts it for that
user, so that a count on the start page and on its list agree. Panels that read the same
thing (a liaison's inbox feeds three of them) share it through `HomeViewer.once`, which lives
as long as one page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from luoshi.core import selectors
from luoshi.core.models import ActionLog

ROW_LIMIT = 8  # rows a panel shows; the rest are on the list it links to


@dataclass
class HomeViewer:
    """Who the start page is for, and on which day; what panels computed for them."""

    user: Any
    today: dt.date
    _shared: dict[str, Any] = field(default_factory=dict, repr=False)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()` the first time `key` is asked for on this page, the same answer after."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]


@dataclass(frozen=True)
class HomePanel:
    key: str
    title: str | Promise
    template: str
    build: Callable[[HomeViewer], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    key: str
    title: str | Promise
    template: str
    context: dict[str, Any]

    @property
    def dom_id(self) -> str:
        """The panel's element id: `tasks.reports_due` → `home-tasks-reports-due`."""
        return "home-" + self.key.replace(".", "-").replace("_", "-")


_registry: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    """Register (or replace: ready() may run more than once in tests) a panel."""
    _registry[panel.key] = panel


def registered_panels() -> list[HomePanel]:
    return sorted(_registry.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(user: Any, today: dt.date) -> list[ShownPanel]:
    """The panels `user` sees on `today`, in order, each with its template's context."""
    if user is None or not user.is_authenticated:
        return []
    viewer = HomeViewer(user, today)
    shown = []
    for panel in registered_panels():
        context = panel.build(viewer)
        if context is not None:
            shown.append(ShownPanel(panel.key, panel.title, panel.template, context))
    return shown


def rendered_panels(request: HttpRequest, today: dt.date) -> list[SafeString]:
    """Each of the user's panels as HTML. The template gets its context, the panel itself as
    `panel` (key, title) and the request's context (perms, csrf)."""
    return [
        SafeString(
            render_to_string(
                shown.template,
                {**shown.context, "panel": shown, "row_limit": ROW_LIMIT},
                request=request,
            )
        )
        for shown in panels_for(request.user, today)
    ]


# ---------------------------------------------------------------------------------------------
# Core's own panels: the latest changes (who may read the log) and the base data (admins).
# Registered here, on import: core's ready() has nothing to import them for, and whatever
# shows the start page imports this module.
# ---------------------------------------------------------------------------------------------

RECENT_ACTIONS = 8


def _recent_actions(viewer: HomeViewer) -> dict[str, Any] | None:
    """The latest log entries, for those who may open the log. Never a token's entry (its
    name and first characters are the owner's), and for the supervision office none of the
    accounts' own bookkeeping (sign-ins, roles, passwords of other people): the start page is
    about the work; the log page keeps everything for those who audit it (administrators,
    who may also lift sign-in locks, see the sign-ins here too)."""
    user = viewer.user
    if not user.has_perm("core.view_actionlog"):
        return None
    entries = ActionLog.objects.exclude(
        Q(verb__startswith="api_token.")
        | Q(target_type__app_label="accounts", target_type__model="apitoken")
    )
    if not user.has_perm("accounts.view_failedsignin"):
        entries = entries.exclude(target_type__app_label__in=["accounts", "axes"]).exclude(
            verb__startswith="user."
        )
    rows = list(
        entries.select_related("actor", "target_type").order_by("-created_at", "-id")[
            :RECENT_ACTIONS
        ]
    )
    return {"rows": rows, "wide": True}


def _base_data(viewer: HomeViewer) -> dict[str, Any] | None:
    """How many regions and units there are: the business of those who keep them
    (administrators), nobody else's."""
    if not viewer.user.has_perm("core.change_unit"):
        return None
    return {
        "region_count": selectors.region_count(),
        "unit_count": selectors.unit_list().count(),
    }


register_panel(
    HomePanel(
        "core.recent_actions",
        _("最近操作"),
        "core/home/recent_actions.html",
        _recent_actions,
        order=900,
    )
)
register_panel(
    HomePanel("core.base_data", _("基础数据"), "core/home/base_data.html", _base_data, order=910)
)
