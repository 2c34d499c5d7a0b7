"""Supervision notices (督办单) issued by hand, and their flow: receive, answer, review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.core.lookups import found
from luoshi.core.models import Unit
from luoshi.tasks.models import Notice, NoticeColour, NoticeState
from luoshi.tasks.selectors import supervision_queries as queries
from luoshi.tasks.selectors import task_queries
from luoshi.tasks.services import supervision as services

router = Router()


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
    notice = queries.notice_get(notice_id=notice_id)
    require_perm(request, "tasks.view_notice", notice)
    return notice


@router.post("/notices", response={201: NoticeOut}, summary="下发督办单（人工）")
def notice_issue(request: HttpRequest, payload: NoticeIn) -> Status[Notice]:
    task = task_queries.task_get(task_id=payload.task)
    unit = found(Unit.objects.filter(is_active=True), pk=payload.unit) if payload.unit else None
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


@router.post("/notices/{int:notice_id}/receive", response=NoticeOut, summary="签收")
def notice_receive(request: HttpRequest, notice_id: int) -> Notice:
    notice = queries.notice_get(notice_id=notice_id)
    require_perm(request, "tasks.view_notice", notice)
    services.notice_receive(actor=request.user, notice=notice)
    return queries.notice_get(notice_id=notice_id)


@router.post("/notices/{int:notice_id}/answer", response=NoticeOut, summary="反馈办理情况")
def notice_answer(request: HttpRequest, notice_id: int, payload: NoticeAnswerIn) -> Notice:
    notice = queries.notice_get(notice_id=notice_id)
    require_perm(request, "tasks.view_notice", notice)
    services.notice_answer(actor=request.user, notice=notice, answer=payload.answer)
    return queries.notice_get(notice_id=notice_id)


@router.post("/notices/{int:notice_id}/review", response=NoticeOut, summary="审核：办结或退回重办")
def notice_review(request: HttpRequest, notice_id: int, payload: ReviewIn) -> Notice:
    notice = queries.notice_get(notice_id=notice_id)
    require_perm(request, "tasks.view_notice", notice)
    services.notice_review(
        actor=request.user, notice=notice, close=payload.close, note=payload.note
    )
    return queries.notice_get(notice_id=notice_id)
