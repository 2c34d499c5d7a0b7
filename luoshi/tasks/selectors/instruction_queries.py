"""Reads of leaders' written instructions (领导批示): those on a page, and the three lists —
a leader's own, the office's of its regions, and a unit's received ones.

Every list stays inside the tasks the user may open (`visible_tasks`), as the pages showing
an instruction do; the start page counts with the same functions as the list it links to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
)

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import role_grants
from luoshi.core.lookups import found
from luoshi.tasks.models import InstructionReceipt, LeaderInstruction, Notice, ProgressReport, Task
from luoshi.tasks.selectors.task_queries import visible_tasks

UNIT_ROLES = frozenset({Role.LIAISON, Role.UNIT_HEAD})


def acting_units(user: Any) -> frozenset[int]:
    """The units whose received instructions the user reads and answers (liaison, head)."""
    return frozenset(unit for role, unit, _code in role_grants(user) if role in UNIT_ROLES)


def _receipts() -> Prefetch[Any]:
    return Prefetch(
        "receipts",
        queryset=InstructionReceipt.objects.select_related(
            "unit", "acknowledged_by", "answered_by"
        ).order_by("id"),
    )


def instructions_on(target: Task | Notice | ProgressReport) -> list[LeaderInstruction]:
    """The instructions shown on a page, newest first, each with its receipts: on a task's
    page every instruction about the task (those on its notices and reports included, each
    saying what it is about), on a notice's or a report's page those about it."""
    instructions = LeaderInstruction.objects.select_related(
        "given_by", "notice__task__region", "progress_report__task__region", "progress_report__unit"
    ).prefetch_related(_receipts())
    if isinstance(target, Task):
        instructions = instructions.filter(task=target)
    elif isinstance(target, Notice):
        instructions = instructions.filter(notice=target)
    else:
        instructions = instructions.filter(progress_report=target)
    return list(instructions.order_by("-created_at", "-id"))


def _with_figures(instructions: QuerySet[LeaderInstruction]) -> QuerySet[LeaderInstruction]:
    """Each instruction with how many units it reached, have read it and have answered."""
    return instructions.select_related("task__region", "given_by", "notice").annotate(
        unit_count=Count("receipts"),
        acknowledged_count=Count("receipts", filter=Q(receipts__acknowledged_at__isnull=False)),
        answered_count=Count("receipts", filter=Q(receipts__answered_at__isnull=False)),
    )


def _visible(user: Any) -> QuerySet[LeaderInstruction]:
    return LeaderInstruction.objects.filter(task__in=visible_tasks(user).values("pk"))


def instructions_given_by(user: Any) -> QuerySet[LeaderInstruction]:
    """我的批示: what the leader gave (of the tasks they may still open), newest first."""
    return _with_figures(_visible(user).filter(given_by_id=user.pk)).order_by("-created_at", "-id")


def unanswered_receipts_given_by(user: Any) -> QuerySet[InstructionReceipt]:
    """The units that have not yet answered one of the leader's instructions."""
    return InstructionReceipt.objects.filter(
        instruction__in=_visible(user).filter(given_by_id=user.pk).values("pk"),
        answered_at__isnull=True,
    )


def instructions_in_scope(user: Any, *, open_only: bool = False) -> QuerySet[LeaderInstruction]:
    """The office's list: every instruction on the tasks of its regions and below, newest
    first; `open_only` (未落实): those some unit has not answered yet."""
    instructions = _visible(user)
    if open_only:
        unanswered = InstructionReceipt.objects.filter(answered_at__isnull=True)
        instructions = instructions.filter(pk__in=unanswered.values("instruction_id"))
    return _with_figures(instructions).order_by("-created_at", "-id")


def received_receipts(user: Any) -> QuerySet[InstructionReceipt]:
    """本单位收到的批示: the receipts of the user's units, those not yet read first, then the
    newest."""
    units = acting_units(user)
    receipts = InstructionReceipt.objects.filter(
        unit_id__in=units,
        instruction__in=_visible(user).values("pk"),
    )
    return (
        receipts.select_related(
            "unit",
            "acknowledged_by",
            "instruction__task",
            "instruction__given_by",
            "instruction__notice",
            "instruction__progress_report",
        )
        .annotate(
            is_read=ExpressionWrapper(Q(acknowledged_at__isnull=False), output_field=BooleanField())
        )
        .order_by("is_read", "-instruction__created_at", "-id")
    )


def unread_receipts(user: Any) -> QuerySet[InstructionReceipt]:
    """待阅批示: the user's units' receipts not yet read."""
    return received_receipts(user).filter(acknowledged_at__isnull=True)


def receipt_get(*, receipt_id: int) -> InstructionReceipt:
    """Any receipt by id (callers check the permission); raises NotFound (404)."""
    receipts = InstructionReceipt.objects.select_related(
        "unit", "instruction__task__region", "instruction__given_by"
    )
    return found(receipts, pk=receipt_id)
