"""Supervision (督查督办): notices and their flow, rule-based generation, the honour and
warning lists, and the signed-in user's messages.

Notices by rule come in two steps, as on the pages: `GET /notices/plan` (or
`POST /notices/generate?preview=true`) shows what the rules would issue and why, and what they
leave out and why, writing nothing; `POST /notices/generate` with the chosen `task_ids` issues
them, computing the plan again so that only what is still due is issued.

A unit's liaisons and heads see only their own unit's notices; the office and leaders see
those of their regions. The flow's steps answer 422 with the reason when taken out of order,
and change nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.core.models import Region, Unit
from luoshi.tasks.models import Notice, NoticeColour, NoticeState, Notification, Task
from luoshi.tasks.notice_rules import (
    DEFAULT_DEADLINE_DAYS,
    MAX_DEADLINE_DAYS,
    NoticePlan,
    SkipCause,
)
from luoshi.tasks.selectors import notice_plans as plan_queries
from luoshi.tasks.selectors import supervision_queries as queries
from luoshi.tasks.services import notifications as notification_services
from luoshi.tasks.services import supervision as services

router = Router(tags=["督查督办"])

REGION_CODE = r"^\d{6}(\d{3})?$"


class NoticeOut(Schema):
    id: int
    number: str
    colour: NoticeColour
    colour_label: str = Field(..., alias="get_colour_display")
    state: NoticeState
    state_label: str = Field(..., alias="get_state_display")
    task_id: int
    task_title: str = Field(..., alias="task.title")
    region_code: str = Field(..., alias="task.region.code")
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    reason: str
    requirement: str
    due_date: dt.date
    rule: str = Field(..., description="生成规则；空表示人工下发")
    issued_by_id: int | None
    created_at: dt.datetime
    received_at: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None
    review_note: str
    closed_at: dt.datetime | None


class NoticeFilters(Schema):
    state: NoticeState | None = None
    colour: NoticeColour | None = None
    task: int | None = Field(None, ge=1, description="任务编号")
    unit: int | None = Field(None, ge=1, description="督办对象单位编号")


class NoticeIn(Schema):
    task: int = Field(..., ge=1, description="任务编号")
    unit: int | None = Field(None, ge=1, description="督办对象；不给则为牵头单位")
    colour: NoticeColour = Field(..., description="blue（临期）、yellow（滞后）或 red（逾期）")
    reason: str = Field(..., max_length=2000, description="督办事由")
    requirement: str = Field("", max_length=2000, description="办理要求")
    due_date: dt.date = Field(..., description="反馈时限，不早于今天")


class NoticeAnswerIn(Schema):
    answer: str = Field(..., max_length=10_000, description="办理情况（必填）")


class ReviewIn(Schema):
    close: bool = Field(..., description="true 办结；false 退回重办（须写 note）")
    note: str = Field("", max_length=2000, description="审核意见")


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
    task_id: int
    task_title: str
    colour: NoticeColour
    why: str = Field(..., description="该任务应督办的原因")


class PlannedOut(Schema):
    task_id: int = Field(..., description="督办单所在的任务（同一单位牵头的任务树中最上层的一项）")
    task_title: str
    unit_id: int
    unit_name: str
    colour: NoticeColour
    colour_label: str
    rule: str
    reason: str = Field(..., description="督办事由，写明滞后的子项")
    due_date: dt.date = Field(..., description="反馈时限")
    items: list[PlanItemOut] = Field(..., description="这份督办单涵盖的滞后任务（含并入的子项）")
    notice_id: int | None = Field(None, description="已下发时为督办单编号")
    number: str | None = Field(None, description="已下发时为督办单文号")


class SkippedOut(Schema):
    task_id: int
    task_title: str
    unit_id: int
    unit_name: str
    colour: NoticeColour = Field(..., description="按规则本应发的督办等级")
    why: str
    cause: SkipCause = Field(
        ...,
        description="exempt 免责；pending_change 延期或调整待审批；"
        "open_notice 已有未办结督办单；folded 并入同一任务的督办单",
    )
    cause_label: str
    explanation: str


class GenerateOut(Schema):
    preview: bool = Field(..., description="true：只是预览，未下发任何督办单")
    as_of: dt.date
    issued: int
    by_colour: dict[str, int] = Field(..., description="下发的（预览时为拟下发的）各等级份数")
    skipped_open: int = Field(..., description="已有未办结督办单而未重复下发的任务数")
    notice_ids: list[int]
    no_longer_due: list[int] = Field(
        default_factory=list, description="勾选了但按最新情况已不需要下发的任务编号"
    )
    planned: list[PlannedOut]
    skipped: list[SkippedOut]


class RankingFilters(Schema):
    region: str = Field(..., pattern=REGION_CODE, description="行政区划代码")
    year: int = Field(..., ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    as_of: dt.date | None = Field(None, description="统计截至哪一天；默认今天")
    size: int = Field(5, ge=1, le=50, description="光荣榜、警示榜各列几个单位")


class UnitResultOut(Schema):
    rank: int
    unit_id: int
    unit_name: str
    tasks: int
    on_target: int
    on_target_rate: Decimal | None = Field(..., description="达序时率（%）")
    reports_due: int
    reports_on_time: int
    on_time_rate: Decimal | None = Field(..., description="按时报送率（%）；无到期报告为 null")
    returned: int
    overdue_tasks: int
    open_red_notices: int
    score: Decimal


class RankingOut(Schema):
    region_code: str
    region_name: str
    year: int
    quarter: int | None
    as_of: dt.date
    formula: str
    honour: list[UnitResultOut]
    warning: list[UnitResultOut]
    results: list[UnitResultOut]


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationFilters(Schema):
    unread: bool = Field(False, description="只列未读")


class ReadAllOut(Schema):
    marked: int


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    try:
        notice = queries.notice_get(notice_id=notice_id)
    except Notice.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的督办单。") % {"id": notice_id}) from error
    require_perm(request, "tasks.view_notice", notice)
    return notice


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("没有代码为 %(code)s 的行政区划。") % {"code": code})
    return region


@router.get("/notices", response=Page[NoticeOut], summary="督办单列表")
def notice_list(
    request: HttpRequest, filters: Query[NoticeFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "tasks.view_notice")
    notices = queries.notice_list_for(request.user)
    if filters.state:
        notices = notices.filter(state=filters.state)
    if filters.colour:
        notices = notices.filter(colour=filters.colour)
    if filters.task:
        notices = notices.filter(task_id=filters.task)
    if filters.unit:
        notices = notices.filter(unit_id=filters.unit)
    return paginate(notices, paging)


@router.get("/notices/{int:notice_id}", response=NoticeOut, summary="督办单详情")
def notice_detail(request: HttpRequest, notice_id: int) -> Notice:
    return _notice(request, notice_id)


@router.post("/notices", response={201: NoticeOut}, summary="下发督办单（人工）")
def notice_issue(request: HttpRequest, payload: NoticeIn) -> Status[Notice]:
    task = Task.objects.select_related("region", "lead_unit").filter(pk=payload.task).first()
    if task is None:
        raise Http404(_("没有编号为 %(id)s 的任务。") % {"id": payload.task})
    unit: Unit | None = None
    if payload.unit:
        unit = Unit.objects.filter(pk=payload.unit, is_active=True).first()
        if unit is None:
            raise Http404(_("没有编号为 %(id)s 的在用单位。") % {"id": payload.unit})
    notice = services.notice_issue(
        actor=request.user,
        task=task,
        unit=unit,
        colour=payload.colour,
        reason=payload.reason,
        requirement=payload.requirement,
        due_date=payload.due_date,
    )
    return Status(201, queries.notice_get(notice_id=notice.pk))


def _plan_out(
    plan: NoticePlan, *, preview: bool, result: services.GenerationResult | None = None
) -> dict[str, Any]:
    issued = {notice.task_id: notice for notice in result.issued} if result else {}
    return {
        "preview": preview,
        "as_of": plan.as_of,
        "issued": len(issued),
        "by_colour": result.by_colour() if result else plan.by_colour(),
        "skipped_open": len(plan.skipped_for(SkipCause.OPEN_NOTICE)),
        "notice_ids": [notice.pk for notice in result.issued] if result else [],
        "no_longer_due": result.no_longer_due if result else [],
        "planned": [
            {
                "task_id": row.task.pk,
                "task_title": row.task.title,
                "unit_id": row.unit_id,
                "unit_name": row.unit.name,
                "colour": row.colour,
                "colour_label": row.colour_label,
                "rule": row.rule,
                "reason": row.reason,
                "due_date": row.due_date,
                "items": [
                    {
                        "task_id": item.task.pk,
                        "task_title": item.task.title,
                        "colour": item.colour,
                        "why": item.why,
                    }
                    for item in row.items
                ],
                "notice_id": issued[row.task.pk].pk if row.task.pk in issued else None,
                "number": issued[row.task.pk].number if row.task.pk in issued else None,
            }
            for row in plan.notices
        ],
        "skipped": [
            {
                "task_id": row.task.pk,
                "task_title": row.task.title,
                "unit_id": row.task.lead_unit_id,
                "unit_name": row.task.lead_unit.name,
                "colour": row.verdict.colour,
                "why": row.verdict.why,
                "cause": row.cause,
                "cause_label": row.cause_label,
                "explanation": row.explanation,
            }
            for row in plan.skipped
        ],
    }


def _preview(request: HttpRequest, filters: PlanFilters) -> dict[str, Any]:
    plan = plan_queries.notice_plan_for_user(
        user=request.user,
        region=_region(filters.region),
        year=filters.year,
        as_of=filters.as_of,
        deadline_days=filters.deadline_days,
    )
    return _plan_out(plan, preview=True)


@router.get("/notices/plan", response=GenerateOut, summary="预览按规则应下发的督办单（不下发）")
def notice_plan(request: HttpRequest, filters: Query[PlanFilters]) -> dict[str, Any]:
    return _preview(request, filters)


@router.post(
    "/notices/generate",
    response=GenerateOut,
    summary="按规则下发督办单（?preview=true 只预览）",
)
def notice_generate(
    request: HttpRequest, payload: GenerateIn, preview: bool = False
) -> dict[str, Any]:
    if preview:
        return _preview(request, payload)
    result = services.notices_issue_by_rule(
        actor=request.user,
        region=_region(payload.region),
        task_ids=payload.task_ids,
        as_of=payload.as_of,
        year=payload.year,
        deadline_days=payload.deadline_days,
    )
    return _plan_out(result.plan, preview=False, result=result)


@router.post("/notices/{int:notice_id}/receive", response=NoticeOut, summary="签收")
def notice_receive(request: HttpRequest, notice_id: int) -> Notice:
    services.notice_receive(actor=request.user, notice=_notice(request, notice_id))
    return queries.notice_get(notice_id=notice_id)


@router.post("/notices/{int:notice_id}/answer", response=NoticeOut, summary="反馈办理情况")
def notice_answer(request: HttpRequest, notice_id: int, payload: NoticeAnswerIn) -> Notice:
    services.notice_answer(
        actor=request.user, notice=_notice(request, notice_id), answer=payload.answer
    )
    return queries.notice_get(notice_id=notice_id)


@router.post("/notices/{int:notice_id}/review", response=NoticeOut, summary="审核：办结或退回重办")
def notice_review(request: HttpRequest, notice_id: int, payload: ReviewIn) -> Notice:
    services.notice_review(
        actor=request.user,
        notice=_notice(request, notice_id),
        close=payload.close,
        note=payload.note,
    )
    return queries.notice_get(notice_id=notice_id)


def _result_out(rank: int, row: queries.UnitResult) -> dict[str, Any]:
    return {
        "rank": rank,
        "unit_id": row.unit.pk,
        "unit_name": row.unit.name,
        "tasks": row.tasks,
        "on_target": row.on_target,
        "on_target_rate": row.on_target_percent,
        "reports_due": row.reports_due,
        "reports_on_time": row.reports_on_time,
        "on_time_rate": row.on_time_percent,
        "returned": row.returned,
        "overdue_tasks": row.overdue_tasks,
        "open_red_notices": row.open_red_notices,
        "score": row.score,
    }


@router.get("/ranking", response=RankingOut, summary="光荣榜与警示榜（按量化结果）")
def ranking(request: HttpRequest, filters: Query[RankingFilters]) -> dict[str, Any]:
    region = _region(filters.region)
    if not request.user.has_perm("tasks.view_ranking", region):
        raise PermissionDenied(_("没有权限查看该地区的排名。"))
    result = queries.ranking(
        region=region,
        year=filters.year,
        quarter=filters.quarter,
        as_of=filters.as_of,
        size=filters.size,
    )
    position = {id(row): i for i, row in enumerate(result.results, start=1)}
    return {
        "region_code": region.code,
        "region_name": region.name,
        "year": result.year,
        "quarter": result.quarter,
        "as_of": result.as_of,
        "formula": (
            f"{queries.WEIGHT_ON_TIME}×按时报送率 + {queries.WEIGHT_ON_TARGET}×达序时率 − "
            f"{queries.PENALTY_RETURNED}×退办次数 − {queries.PENALTY_OVERDUE_TASK}×逾期任务 − "
            f"{queries.PENALTY_OPEN_RED}×未办结红色督办单"
        ),
        "honour": [_result_out(position[id(r)], r) for r in result.honour],
        "warning": [_result_out(position[id(r)], r) for r in result.warning],
        "results": [_result_out(position[id(r)], r) for r in result.results],
    }


@router.get("/notifications", response=Page[NotificationOut], summary="我的消息")
def notification_list(
    request: HttpRequest, filters: Query[NotificationFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "tasks.view_notification")
    return paginate(queries.notifications_for(request.user, unread_only=filters.unread), paging)


@router.post(
    "/notifications/{int:notification_id}/read", response=NotificationOut, summary="标为已读"
)
def notification_read(request: HttpRequest, notification_id: int) -> Notification:
    notification = queries.notification_of(request.user, notification_id)
    if notification is None:
        raise Http404(_("没有编号为 %(id)s 的消息。") % {"id": notification_id})
    return notification_services.notification_mark_read(
        actor=request.user, notification=notification
    )


@router.post("/notifications/read-all", response=ReadAllOut, summary="全部标为已读")
def notification_read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": notification_services.notifications_mark_all_read(actor=request.user)}
