"""What became of a meeting's referrals (交办落实), on the meeting's page (a section registered
in `luoshi.engagement.page_sections`): each referral with its lead unit, deadline and state,
its task's progress and light where the reader may see the task, and — for the office, while
the referral has none — the button that makes its task, through the same path as
任务 › 从交办事项 (`decomposition_sources.task_from_referral`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from luoshi.engagement.models import Meeting, Referral, ReferralStatus
from luoshi.tasks.models import Task
from luoshi.tasks.selectors.task_queries import visible_tasks


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    task: Task | None
    task_hidden: bool  # there is a task the reader may not open
    may_make_task: bool
    may_complete: bool
    overdue: bool


def meeting_section(*, meeting: Meeting, user: Any) -> dict[str, Any] | None:
    referrals = list(
        Referral.objects.filter(meeting=meeting)
        .select_related("lead_unit", "instruction", "opinion")
        .prefetch_related("units", Prefetch("tasks", queryset=Task.objects.order_by("pk")))
        .order_by("instruction__ordinal", "deadline", "pk")
    )
    if not referrals:
        return None
    task_ids = [t.pk for r in referrals for t in r.tasks.all()]
    readable = set(visible_tasks(user).filter(pk__in=task_ids).values_list("pk", flat=True))
    today = timezone.localdate()
    rows = []
    for referral in referrals:
        task = next(iter(referral.tasks.all()), None)
        is_open = referral.status == ReferralStatus.OPEN
        rows.append(
            ReferralRow(
                referral=referral,
                task=task if task is not None and task.pk in readable else None,
                task_hidden=task is not None and task.pk not in readable,
                may_make_task=task is None
                and is_open
                and user.has_perm("tasks.add_task", Task(region=referral.lead_unit.region)),
                may_complete=is_open and user.has_perm("engagement.change_referral", referral),
                overdue=is_open and referral.deadline < today,
            )
        )
    done = sum(1 for r in referrals if r.status == ReferralStatus.DONE)
    return {"rows": rows, "done": done, "total": len(referrals)}
