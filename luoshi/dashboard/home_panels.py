"""The start page of the supervision office (督查室) and of leaders (领导).

The office sees what waits for it, counted and linked: reports never sent (未报送), reports
to review (待审核), reports returned and not yet sent again (退办待重报), extension and
adjustment requests to decide (延期审批), notices answered and waiting for review, and the
tasks red today. A leader sees the dashboard's headline figures, the red tasks of their
scope, and how many units have not yet answered their written instructions (我的批示).

Every figure is counted by the selector of the page it links to, with that page's default
filters, so the number on the start page is the number on the list. The dashboard app owns
these panels because it is the one that may read every app below it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import role_grants
from luoshi.core.home import ROW_LIMIT, HomePanel, HomeViewer, register_panel
from luoshi.core.kept_figures import kept
from luoshi.dashboard.scope import dashboard_scope
from luoshi.dashboard.selectors import returned_reports, task_figures, task_list_url
from luoshi.tasks.models import (
    Colour,
    NoticeState,
    Task,
    TaskStatus,
)
from luoshi.tasks.selectors import (
    expected_reports,
    instruction_queries,
    progress_queries,
    supervision_queries,
)
from luoshi.tasks.selectors.task_queries import TaskFilters, task_list


@dataclass(frozen=True)
class Figure:
    key: str  # the element id's end; never shown
    label: str
    count: int
    url: str
    tone: str = ""  # "red" or "yellow" when the figure calls for action: a CSS class
    note: str = ""


def _red_tasks_url(year: int) -> str:
    return task_list_url(year=year, colour=Colour.RED.value)


def _red_tasks(viewer: HomeViewer) -> QuerySet[Task]:
    """The year's red tasks the user's task list shows, as the list orders them."""
    filters = TaskFilters(year=viewer.today.year, colour=Colour.RED.value)
    return task_list(filters, viewer.user)


def _missing(viewer: HomeViewer) -> tuple[int, int]:
    """Expected reports never started, and how many of them are overdue — the 未报送 page as
    it opens: this year's due dates up to a few days ahead, the user's regions and below."""
    today = viewer.today
    scope = expected_reports.ExpectedScope(
        due_from=dt.date(today.year, 1, 1),
        due_to=min(
            dt.date(today.year, 12, 31), today + dt.timedelta(days=expected_reports.DAYS_AHEAD)
        ),
        region_prefixes=expected_reports.oversight_prefixes(viewer.user),
    )

    def tally() -> tuple[int, int]:
        by_unit = expected_reports.missing_by_unit(scope, today)
        return sum(row.missing for row in by_unit), sum(row.overdue for row in by_unit)

    return kept("home-missing", scope, today, tally)


def _to_review(viewer: HomeViewer) -> int:
    """The inbox's 待审核, counted without reading its rows."""
    waiting = progress_queries.reports_to_review(viewer.user)
    return 0 if waiting is None else waiting.count()


def office_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    user = viewer.user
    if not user.has_perm("tasks.review_task"):
        return None
    year = viewer.today.year
    missing, overdue = _missing(viewer)
    scope = dashboard_scope(user, region_code=None, year=None)
    returned = returned_reports(scope, with_items=False).current
    inbox = reverse("tasks:progress_inbox")
    notices_answered = (
        supervision_queries.notice_list_for(user).filter(state=NoticeState.ANSWERED).count()
    )
    figures = [
        Figure(
            "missing",
            _("未报送"),
            missing,
            reverse("tasks:missing_report_list"),
            "red" if overdue else "",
            _("其中逾期 %(n)d 份") % {"n": overdue} if overdue else "",
        ),
        Figure("to-review", _("待审核"), _to_review(viewer), f"{inbox}#to-review"),
        Figure(
            "returned",
            _("退办待重报"),
            returned,
            f"{reverse('dashboard:dashboard')}#returned",
            "yellow" if returned else "",
        ),
    ]
    if user.has_perm("tasks.decide_changerequest"):
        pending = progress_queries.change_requests_pending(user).count()
        figures.append(
            Figure(
                "change-requests",
                _("延期审批"),
                pending,
                reverse("tasks:change_request_queue"),
                "yellow" if pending else "",
            )
        )
    reds = _red_tasks(viewer).count()
    figures += [
        Figure("red", _("今日红灯任务"), reds, _red_tasks_url(year), "red" if reds else ""),
        Figure(
            "notices-answered",
            _("督办反馈待审核"),
            notices_answered,
            f"{reverse('tasks:notice_list')}?state={NoticeState.ANSWERED.value}",
        ),
    ]
    return {"figures": figures, "wide": True, "today": viewer.today}


def _is_leader(viewer: HomeViewer) -> bool:
    return any(role == Role.LEADER for role, _unit, _code in role_grants(viewer.user))


def leader_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """The dashboard's headline for the leader's own region and this year."""
    if not _is_leader(viewer):
        return None
    scope = dashboard_scope(viewer.user, region_code=None, year=None)
    tasks = task_figures(scope, viewer.today)
    returned = returned_reports(scope, with_items=False)
    by_status = {bucket.key: bucket for bucket in tasks.by_status}
    by_colour = {bucket.key: bucket for bucket in tasks.by_colour}
    done = by_status[TaskStatus.DONE.value]
    red = by_colour[Colour.RED.value]
    yellow = by_colour[Colour.YELLOW.value]
    dashboard = reverse("dashboard:dashboard")
    figures = [
        Figure("total", _("任务总数"), tasks.total, task_list_url(year=scope.year)),
        Figure("done", _("已完成"), done.count, done.url),
        Figure("red", _("红灯任务"), red.count, red.url, "red" if red.count else ""),
        Figure("yellow", _("黄灯任务"), yellow.count, yellow.url, "yellow" if yellow.count else ""),
        Figure(
            "overdue",
            _("逾期未完成"),
            tasks.overdue,
            task_list_url(year=scope.year, overdue=1),
            "red" if tasks.overdue else "",
        ),
        Figure(
            "returned",
            _("退办待重报"),
            returned.current,
            f"{dashboard}#returned",
            "yellow" if returned.current else "",
        ),
    ]
    return {
        "figures": figures,
        "wide": True,
        "scope": scope,
        "more_url": dashboard,
        "more_label": _("打开领导驾驶舱 →"),
    }


def leader_reds_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """The red tasks of the leader's scope this year, as the task list shows them."""
    if not _is_leader(viewer):
        return None
    tasks = _red_tasks(viewer)
    rows = list(tasks[:ROW_LIMIT])
    return {
        "rows": rows,
        "total": tasks.count() if len(rows) >= ROW_LIMIT else len(rows),
        "more_url": _red_tasks_url(viewer.today.year),
        "today": viewer.today,
    }


def leader_instructions_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """我的批示: how many of the units the leader's instructions reached have not answered
    yet — the count of the list it links to."""
    if not _is_leader(viewer):
        return None
    given = instruction_queries.instructions_given_by(viewer.user)
    unanswered = instruction_queries.unanswered_receipts_given_by(viewer.user).count()
    url = f"{reverse('tasks:instruction_list')}?view=given"
    figures = [
        Figure(
            "unanswered", _("未反馈落实的单位"), unanswered, url, "yellow" if unanswered else ""
        ),
        Figure("given", _("已作出批示"), given.count(), url),
    ]
    return {"figures": figures}


register_panel(
    HomePanel(
        "dashboard.office",
        gettext_lazy("督查室待办"),
        "dashboard/home/figures.html",
        office_panel,
        order=5,
    )
)
register_panel(
    HomePanel(
        "dashboard.leader",
        gettext_lazy("工作落实总览"),
        "dashboard/home/figures.html",
        leader_panel,
        order=6,
    )
)
register_panel(
    HomePanel(
        "dashboard.leader_instructions",
        gettext_lazy("我的批示"),
        "dashboard/home/figures.html",
        leader_instructions_panel,
        order=8,
    )
)
register_panel(
    HomePanel(
        "dashboard.leader_reds",
        gettext_lazy("红灯任务"),
        "dashboard/home/red_tasks.html",
        leader_reds_panel,
        order=7,
    )
)
