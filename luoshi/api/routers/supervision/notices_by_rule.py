"""Notices by rule: the plan (what the rules would issue and why, what they leave out and why)
and the issue of the chosen ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from luoshi.core.selectors import region_get
from luoshi.tasks.models import Notice, NoticeColour
from luoshi.tasks.notice_rules import (
    DEFAULT_DEADLINE_DAYS,
    MAX_DEADLINE_DAYS,
    NoticePlan,
    PlannedNotice,
    SkipCause,
)
from luoshi.tasks.selectors import notice_plans as plan_queries
from luoshi.tasks.services import supervision as services

router = Router()

REGION_CODE = r"^\d{6}(\d{3})?$"


@dataclass(frozen=True)
class PlannedAnswer:
    """One notice of the plan, with the notice issued for it (None in a preview)."""

    planned: PlannedNotice
    notice: Notice | None


@dataclass(frozen=True)
class PlanAnswer:
    """A plan as answered: a preview (no `result`), or what an issue by rule did."""

    plan: NoticePlan
    result: services.GenerationResult | None = None

    @property
    def preview(self) -> bool:
        return self.result is None

    @cached_property
    def issued_by_task(self) -> dict[int, Notice]:
        return {notice.task_id: notice for notice in self.result.issued} if self.result else {}


class PlanFilters(Schema):
    region: str = Field(..., pattern=REGION_CODE, description="行政区划代码")
    year: int | None = Field(None, ge=2000, le=2100, description="只看该年度的任务")
    as_of: dt.date | None = Field(None, description="按哪一天判断；默认今天")
    deadline_days: int = Field(
        DEFAULT_DEADLINE_DAYS, ge=0, le=MAX_DEADLINE_DAYS, description="临期天数"
    )


class GenerateIn(PlanFilters):
    task_ids: list[int] | None = Field(
        None,
        max_length=10_000,
        description=(
            "只下发预览中这些任务上的督办单（预览中 planned[].task_id）；不给则下发全部。"
            "有不存在或不属于该地区（年度）的任务时整体拒绝（422），不下发任何督办单；"
            "已不再需要下发的列在 no_longer_due。预览时不看此项。"
        ),
    )


class PlanItemOut(Schema):
    # Reads a `TaskVerdict`.
    task_id: int = Field(..., alias="task.pk")
    task_title: str = Field(..., alias="task.title")
    colour: NoticeColour
    why: str = Field(..., description="该任务应督办的原因")


class PlannedOut(Schema):
    # Reads a `PlannedAnswer`.
    task_id: int = Field(
        ...,
        alias="planned.task.pk",
        description="督办单所在的任务（同一单位牵头的任务树中最上层的一项）",
    )
    task_title: str = Field(..., alias="planned.task.title")
    unit_id: int = Field(..., alias="planned.unit_id")
    unit_name: str = Field(..., alias="planned.unit.name")
    colour: NoticeColour = Field(..., alias="planned.colour")
    colour_label: str = Field(..., alias="planned.colour_label")
    rule: str = Field(..., alias="planned.rule")
    reason: str = Field(..., alias="planned.reason", description="督办事由，写明滞后的子项")
    due_date: dt.date = Field(..., alias="planned.due_date", description="反馈时限")
    items: list[PlanItemOut] = Field(
        ..., alias="planned.items", description="这份督办单涵盖的滞后任务（含并入的子项）"
    )
    notice_id: int | None = Field(None, description="已下发时为督办单编号")
    number: str | None = Field(None, description="已下发时为督办单文号")

    @staticmethod
    def resolve_notice_id(obj: PlannedAnswer) -> int | None:
        return obj.notice.pk if obj.notice else None

    @staticmethod
    def resolve_number(obj: PlannedAnswer) -> str | None:
        return obj.notice.number if obj.notice else None


class SkippedOut(Schema):
    # Reads a `SkippedTask`.
    task_id: int = Field(..., alias="task.pk")
    task_title: str = Field(..., alias="task.title")
    unit_id: int = Field(..., alias="task.lead_unit_id")
    unit_name: str = Field(..., alias="task.lead_unit.name")
    colour: NoticeColour = Field(..., alias="verdict.colour", description="按规则本应发的督办等级")
    why: str = Field(..., alias="verdict.why")
    cause: SkipCause = Field(
        ...,
        description="exempt 免责；pending_change 延期或调整待审批；"
        "open_notice 已有未办结督办单；folded 并入同一任务的督办单",
    )
    cause_label: str
    explanation: str


class GenerateOut(Schema):
    # Reads a `PlanAnswer`.
    preview: bool = Field(..., description="true：只是预览，未下发任何督办单")
    as_of: dt.date = Field(..., alias="plan.as_of")
    issued: int
    by_colour: dict[str, int] = Field(..., description="下发的（预览时为拟下发的）各等级份数")
    skipped_open: int = Field(..., description="已有未办结督办单而未重复下发的任务数")
    notice_ids: list[int]
    no_longer_due: list[int] = Field(
        default_factory=list, description="勾选了但按最新情况已不需要下发的任务编号"
    )
    planned: list[PlannedOut]
    skipped: list[SkippedOut] = Field(..., alias="plan.skipped")

    @staticmethod
    def resolve_issued(obj: PlanAnswer) -> int:
        return len(obj.issued_by_task)

    @staticmethod
    def resolve_by_colour(obj: PlanAnswer) -> dict[str, int]:
        return obj.result.by_colour() if obj.result else obj.plan.by_colour()

    @staticmethod
    def resolve_skipped_open(obj: PlanAnswer) -> int:
        return len(obj.plan.skipped_for(SkipCause.OPEN_NOTICE))

    @staticmethod
    def resolve_notice_ids(obj: PlanAnswer) -> list[int]:
        return [notice.pk for notice in obj.result.issued] if obj.result else []

    @staticmethod
    def resolve_no_longer_due(obj: PlanAnswer) -> list[int]:
        return obj.result.no_longer_due if obj.result else []

    @staticmethod
    def resolve_planned(obj: PlanAnswer) -> list[PlannedAnswer]:
        issued = obj.issued_by_task
        return [PlannedAnswer(row, issued.get(row.task.pk)) for row in obj.plan.notices]


def _preview(request: HttpRequest, filters: PlanFilters) -> PlanAnswer:
    plan = plan_queries.notice_plan_for_user(
        user=request.user,
        region=region_get(code=filters.region),
        year=filters.year,
        as_of=filters.as_of,
        deadline_days=filters.deadline_days,
    )
    return PlanAnswer(plan)


@router.get("/notices/plan", response=GenerateOut, summary="预览按规则应下发的督办单（不下发）")
def notice_plan(request: HttpRequest, filters: Query[PlanFilters]) -> PlanAnswer:
    return _preview(request, filters)


@router.post(
    "/notices/generate",
    response=GenerateOut,
    summary="按规则下发督办单（?preview=true 只预览）",
)
def notice_generate(request: HttpRequest, payload: GenerateIn, preview: bool = False) -> PlanAnswer:
    if preview:
        return _preview(request, payload)
    result = services.notices_issue_by_rule(
        actor=request.user,
        region=region_get(code=payload.region),
        task_ids=payload.task_ids,
        as_of=payload.as_of,
        year=payload.year,
        deadline_days=payload.deadline_days,
    )
    return PlanAnswer(result.plan, result)
