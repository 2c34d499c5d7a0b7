"""Reads for notices by rule: the plan of what would be issued and why, before anything is.

The rules are `luoshi.tasks.notice_rules`; this module loads their facts — the region's tasks
of the year with their milestones, pending change requests and open notices, and the
region's colour rules — in a fixed number of queries, whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.models import Region
from luoshi.core.selectors import colour_rules_for_region
from luoshi.tasks.models import (
    ChangeRequest,
    DecisionState,
    Milestone,
    Notice,
    NoticeColour,
    NoticeState,
    Task,
)
from luoshi.tasks.notice_rules import (
    DEFAULT_DEADLINE_DAYS,
    MAX_DEADLINE_DAYS,
    NoticePlan,
    OpenNotice,
    plan_notices,
)


def plan_tasks(region: Region, year: int | None) -> QuerySet[Task]:
    """The tasks a plan covers: the region's own (not those of the regions below it), of one
    year or all years."""
    tasks = Task.objects.filter(region=region)
    if year is not None:
        tasks = tasks.filter(year=year)
    return tasks


def check_deadline_days(deadline_days: int) -> None:
    if not 0 <= deadline_days <= MAX_DEADLINE_DAYS:
        raise ValidationError({"deadline_days": _("临期天数应在 0 到 90 之间。")})


def notice_plan(
    *,
    region: Region,
    year: int | None = None,
    as_of: dt.date | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> NoticePlan:
    """What the rules would issue for `region`'s tasks (of `year`) on `as_of`, and what they
    leave out and why. Reads only."""
    check_deadline_days(deadline_days)
    as_of = as_of or timezone.localdate()
    tasks = list(
        plan_tasks(region, year).select_related("lead_unit", "region").order_by("order", "id")
    )
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(task__in=plan_tasks(region, year)).order_by(
        "due_date", "id"
    ):
        milestones[milestone.task_id].append(milestone)
    pending: dict[int, str] = {}
    for request in (
        ChangeRequest.objects.filter(task__in=plan_tasks(region, year), state=DecisionState.PENDING)
        .only("task_id", "kind")
        .order_by("created_at", "id")
    ):
        pending.setdefault(request.task_id, str(request.get_kind_display()))
    open_notices = [
        OpenNotice(
            task_id=row["task_id"],
            unit_id=row["unit_id"],
            colour=row["colour"],
            number=row["number"],
            colour_label=str(NoticeColour(row["colour"]).label),
        )
        for row in Notice.objects.filter(task__in=plan_tasks(region, year))
        .exclude(state=NoticeState.CLOSED)
        .order_by("id")
        .values("task_id", "unit_id", "colour", "number")
    ]
    return plan_notices(
        tasks,
        milestones=milestones,
        pending_changes=pending,
        open_notices=open_notices,
        as_of=as_of,
        rules=colour_rules_for_region(region),
        deadline_days=deadline_days,
    )


def notice_plan_for_user(
    *,
    user: Any,
    region: Region,
    year: int | None = None,
    as_of: dt.date | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> NoticePlan:
    """`notice_plan` for the supervision office of the region (or an administrator); anyone
    else is refused: the preview shows every lagging task of the region."""
    if not user.has_perm("tasks.add_notice", region):
        raise PermissionDenied(_("没有权限执行此操作。"))
    return notice_plan(region=region, year=year, as_of=as_of, deadline_days=deadline_days)
