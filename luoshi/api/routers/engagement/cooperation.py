"""Study tours' cooperation items (合作事项): listed and read as the pages show them (the office
and leaders of the responsible unit's region, the unit itself), and followed up by the unit or
the office (跟进) — for the systems that track investment promotion (招商) beside Luoshi."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.api.references import UnitRef
from luoshi.core.lookups import found
from luoshi.engagement import cooperation_selectors as reading
from luoshi.engagement import cooperation_services
from luoshi.engagement.models import CooperationItem, CooperationStatus

router = Router()


class CooperationUpdateOut(Schema):
    on: dt.date
    text: str
    status: CooperationStatus
    next_step: str


class CooperationOut(Schema):
    id: int
    meeting_id: int
    meeting_title: str = Field(..., alias="meeting.title")
    partner: str
    content: str
    unit: UnitRef
    next_step: str
    deadline: dt.date
    status: CooperationStatus
    status_label: str = Field(..., alias="get_status_display")
    amount: Decimal | None = Field(None, description="签约金额（亿元）")
    light: str = Field(..., description="red、yellow、green；已开工或已终止为空")
    project_ids: list[int] = Field(..., description="由本事项转成的重点项目")
    updates: list[CooperationUpdateOut] = Field(..., description="跟进记录，新的在前")

    @staticmethod
    def resolve_light(obj: CooperationItem) -> str:
        return reading.light(obj, timezone.localdate())

    @staticmethod
    def resolve_project_ids(obj: CooperationItem) -> list[int]:
        return [project.pk for project in obj.projects.all()]

    @staticmethod
    def resolve_updates(obj: CooperationItem) -> list[Any]:
        return list(obj.updates.all())


class CooperationFilters(Schema):
    status: CooperationStatus | None = None
    colour: Literal["red", "yellow", "green"] | None = Field(None, description="按完成时限")
    unit: int | None = Field(None, ge=1, description="责任单位编号")
    meeting: int | None = Field(None, ge=1, description="会议编号")


class FollowIn(Schema):
    text: str = Field(..., max_length=2000, description="进展情况")
    status: CooperationStatus = Field(..., description="跟进后的状态")
    next_step: str = Field("", max_length=300)
    on: dt.date | None = Field(None, description="跟进日期，不晚于今天；不给则为今天")
    amount: Decimal | None = Field(None, ge=0, description="签约金额（亿元）")


def _with_rows(items: Any) -> Any:
    return items.select_related("meeting", "unit").prefetch_related("projects", "updates")


def _item(request: HttpRequest, item_id: int) -> CooperationItem:
    item = found(_with_rows(reading.visible_cooperation(request.user)), pk=item_id)
    require_perm(request, "engagement.view_cooperation", item)
    return item


@router.get("/cooperation-items", response=Page[CooperationOut], summary="合作事项")
def cooperation_list(
    request: HttpRequest, filters: Query[CooperationFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "engagement.view_cooperation")
    items = reading.cooperation_list(
        request.user,
        reading.CooperationFilters(
            status=filters.status or "",
            colour=filters.colour or "",
            unit_id=filters.unit,
            meeting_id=filters.meeting,
        ),
        timezone.localdate(),
    )
    return paginate(_with_rows(items), paging)


@router.get("/cooperation-items/{item_id}", response=CooperationOut, summary="一项合作事项")
def cooperation_detail(request: HttpRequest, item_id: int) -> CooperationItem:
    return _item(request, item_id)


@router.post("/cooperation-items/{item_id}/follow", response=CooperationOut, summary="填写跟进情况")
def cooperation_follow(request: HttpRequest, item_id: int, payload: FollowIn) -> CooperationItem:
    item = _item(request, item_id)
    cooperation_services.cooperation_follow(
        actor=request.user,
        item=item,
        text=payload.text,
        status=payload.status,
        next_step=payload.next_step,
        on=payload.on,
        amount=payload.amount,
    )
    return _item(request, item_id)
