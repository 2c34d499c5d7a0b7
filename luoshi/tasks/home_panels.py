"""The start page of a unit's liaison and head (联络员 · 审核人): the reports due (returned
ones first, with the reason), reports to sign, notices to sign for and answer, leaders'
instructions not read yet (待阅批示), and this month's deadlines of their units.

Each panel reads through the same selectors as the list it links to — the inbox
(`progress_inbox`), the notices (`notice_list_for`), the task list (`visible_tasks`) — so a
count here is the count there. The inbox is read once per page and shared by the panels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import role_grants
from luoshi.core.home import ROW_LIMIT, HomePanel, HomeViewer, register_panel
from luoshi.tasks.models import InstructionReceipt, NoticeState, Task, TaskStatus
from luoshi.tasks.periods import month_bounds, period_containing
from luoshi.tasks.selectors import (
    instruction_queries,
    progress_queries,
    supervision_queries,
    task_queries,
)
from luoshi.tasks.selectors.expected_reports import MissingReport
from luoshi.tasks.services.instructions import instruction_url

WRITERS = frozenset({Role.LIAISON, Role.UNIT_HEAD})


def _units(viewer: HomeViewer, roles: frozenset[str]) -> set[int]:
    return {unit for role, unit, _code in role_grants(viewer.user) if role in roles}


def _inbox(viewer: HomeViewer) -> progress_queries.Inbox:
    return viewer.once(
        "tasks.inbox", lambda: progress_queries.progress_inbox(viewer.user, viewer.today)
    )


def _inbox_url(anchor: str) -> str:
    return f"{reverse('tasks:progress_inbox')}#{anchor}"


# ---------------------------------------------------------------------------------------------
# 待填报: returned first with the reason, then never-started reports of past periods, then this
# period's — the inbox's order.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReport:
    kind: str  # "returned", "missing" or "write": a CSS class, never shown
    task: Task
    period_label: str
    due: dt.date
    url: str
    action: str
    unit_name: str = ""
    state_label: str = ""
    reason: str = ""
    days_overdue: int = 0
    more_periods: int = 0  # further periods of the same task and unit never reported


def _due_reports(inbox: progress_queries.Inbox, today: dt.date) -> list[DueReport]:
    rows: list[DueReport] = []
    edit = "tasks:progress_edit"
    for report in inbox.returned:
        rows.append(
            DueReport(
                "returned",
                report.task,
                report.period_label,
                report.due_date,
                f"{reverse(edit, args=[report.task_id])}?report={report.pk}",
                _("重新填报"),
                unit_name=report.unit.display_name,
                state_label=report.get_state_display(),
                reason=report.return_reason,
                days_overdue=(today - report.due_date).days,
            )
        )
        if len(rows) >= ROW_LIMIT:
            return rows
    # A task never reported on for months is one row (its oldest period), not one per month.
    grouped: dict[tuple[int, int], list[MissingReport]] = {}
    for missing in inbox.missing:
        grouped.setdefault((missing.task.pk, missing.unit.pk), []).append(missing)
    for periods in grouped.values():
        oldest = periods[0]
        rows.append(
            DueReport(
                "missing",
                oldest.task,
                oldest.period.label,
                oldest.period.due,
                reverse(
                    "tasks:missing_report_start",
                    args=[oldest.task.pk, oldest.unit.pk, oldest.period.end.isoformat()],
                ),
                _("补报"),
                unit_name=oldest.unit.display_name,
                state_label=_("未报送"),
                days_overdue=oldest.days_overdue,
                more_periods=len(periods) - 1,
            )
        )
        if len(rows) >= ROW_LIMIT:
            return rows
    for task, draft in inbox.to_write:
        period = period_containing(task.cadence, today)
        rows.append(
            DueReport(
                "write",
                task,
                period.label,
                period.due,
                reverse(edit, args=[task.pk]),
                _("填报"),
                state_label=draft.get_state_display() if draft else _("未填报"),
                days_overdue=(today - period.due).days,
            )
        )
        if len(rows) >= ROW_LIMIT:
            break
    return rows


def reports_due_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    if not _units(viewer, WRITERS):
        return None
    inbox = _inbox(viewer)
    return {
        "rows": _due_reports(inbox, viewer.today),
        "total": inbox.write_count,
        "more_url": _inbox_url("to-write"),
        "returned_count": len(inbox.returned),
        "consolidate_count": len(inbox.to_consolidate),
        "consolidate_url": _inbox_url("to-consolidate"),
    }


def to_sign_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """审核人: the unit's reports submitted and waiting for the head's signature."""
    if not _units(viewer, frozenset({Role.UNIT_HEAD})):
        return None
    waiting = _inbox(viewer).to_sign
    return {
        "rows": waiting[:ROW_LIMIT],
        "total": len(waiting),
        "more_url": _inbox_url("to-sign"),
    }


# ---------------------------------------------------------------------------------------------
# 督办单: to sign for (签收), then to answer; the nearest feedback deadline first.
# ---------------------------------------------------------------------------------------------


def _notice_list_url(state: str) -> str:
    return f"{reverse('tasks:notice_list')}?{urlencode({'state': state})}"


def notices_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    if not _units(viewer, WRITERS):
        return None
    notices = supervision_queries.notice_list_for(viewer.user)
    counts = notices.order_by().aggregate(
        to_receive=Count("pk", filter=Q(state=NoticeState.ISSUED)),
        to_answer=Count("pk", filter=Q(state=NoticeState.RECEIVED)),
    )
    rows = list(
        notices.filter(state__in=[NoticeState.ISSUED, NoticeState.RECEIVED]).order_by(
            "due_date", "pk"
        )[:ROW_LIMIT]
    )
    return {
        "rows": rows,
        "total": counts["to_receive"] + counts["to_answer"],
        "to_receive": counts["to_receive"],
        "to_answer": counts["to_answer"],
        "to_receive_url": _notice_list_url(NoticeState.ISSUED),
        "to_answer_url": _notice_list_url(NoticeState.RECEIVED),
        "issued": NoticeState.ISSUED.value,
        "today": viewer.today,
    }


# ---------------------------------------------------------------------------------------------
# 待阅批示: leaders' instructions to the user's units not read yet, newest first — the count
# is the list's 待阅 (`unread_receipts`).
# ---------------------------------------------------------------------------------------------

INSTRUCTION_ROWS = 5


@dataclass(frozen=True)
class UnreadInstruction:
    receipt: InstructionReceipt
    url: str


def instructions_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    if not _units(viewer, WRITERS):
        return None
    unread = instruction_queries.unread_receipts(viewer.user)
    rows = [
        UnreadInstruction(receipt, instruction_url(receipt.instruction))
        for receipt in unread[:INSTRUCTION_ROWS]
    ]
    return {
        "rows": rows,
        "total": unread.count() if len(rows) >= INSTRUCTION_ROWS else len(rows),
        "more_url": f"{reverse('tasks:instruction_list')}?view=unit",
    }


# ---------------------------------------------------------------------------------------------
# 本月到期: the units' tasks (led or assisted) whose deadline falls in this month, not done.
# ---------------------------------------------------------------------------------------------


def _unit_tasks(viewer: HomeViewer, units: set[int]) -> QuerySet[Task]:
    """The units' tasks within what the task list shows the user (no join that repeats)."""
    return task_queries.visible_tasks(viewer.user).filter(task_queries.led_or_assisted(units))


def deadlines_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    units = _units(viewer, WRITERS)
    if not units:
        return None
    first, last = month_bounds(viewer.today)
    open_tasks = _unit_tasks(viewer, units).exclude(status=TaskStatus.DONE)
    this_month = open_tasks.filter(deadline__gte=first, deadline__lte=last)
    rows = list(
        this_month.select_related("lead_unit", "parent").order_by("deadline", "order", "pk")[
            :ROW_LIMIT
        ]
    )
    context: dict[str, Any] = {
        "rows": rows,
        "total": this_month.count() if len(rows) >= ROW_LIMIT else len(rows),
        "units": units,
        "today": viewer.today,
        "month": viewer.today.month,
    }
    task_list = reverse("tasks:task_list")
    if len(units) == 1:
        (unit_id,) = units
        # The task list filters by one unit: the overdue count is the list's, link and all.
        context["overdue"] = open_tasks.filter(deadline__lt=viewer.today).count()
        context["overdue_url"] = f"{task_list}?{urlencode({'unit': str(unit_id), 'overdue': 'on'})}"
        context["more_url"] = f"{task_list}?{urlencode({'unit': unit_id})}"
        # The whole month's list when the panel shows only its first rows.
        context["month_url"] = f"{task_list}?{urlencode({'unit': str(unit_id), 'month': 'on'})}"
        context["more_label"] = _("本单位全部任务 →")
    else:
        context["more_url"] = task_list
        context["more_label"] = _("全部任务 →")
    return context


register_panel(
    HomePanel(
        "tasks.reports_due",
        gettext_lazy("待填报的进展报告"),
        "tasks/home/reports_due.html",
        reports_due_panel,
        order=10,
    )
)
register_panel(
    HomePanel(
        "tasks.to_sign",
        gettext_lazy("待审签的进展报告"),
        "tasks/home/to_sign.html",
        to_sign_panel,
        order=12,
    )
)
register_panel(
    HomePanel(
        "tasks.notices",
        gettext_lazy("督办单"),
        "tasks/home/notices.html",
        notices_panel,
        order=20,
    )
)
register_panel(
    HomePanel(
        "tasks.deadlines",
        gettext_lazy("本月到期的任务"),
        "tasks/home/deadlines.html",
        deadlines_panel,
        order=25,
    )
)
register_panel(
    HomePanel(
        "tasks.instructions",
        gettext_lazy("待阅批示"),
        "tasks/home/instructions.html",
        instructions_panel,
        order=8,
    )
)
