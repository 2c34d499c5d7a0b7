"""Referrals (交办): an instruction, opinion or meeting insight handed to units with a deadline,
and its completion. Referrals are shown to everyone who may see meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.api.references import UnitRef
from luoshi.core.models import Unit
from luoshi.engagement import selectors, services
from luoshi.engagement.models import Referral, ReferralStatus

router = Router()


class ReferralOut(Schema):
    id: int
    summary: str
    status: ReferralStatus
    status_label: str = Field(..., alias="get_status_display")
    deadline: dt.date
    lead_unit: UnitRef
    units: list[UnitRef]
    source: str = Field(..., alias="source_label")
    instruction_id: int | None
    opinion_id: int | None
    meeting_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_units(obj: Referral) -> list[Unit]:
        return list(obj.units.all())


class ReferralFilters(Schema):
    status: ReferralStatus | None = None
    unit: int | None = Field(None, ge=1, description="承办单位编号")


class ReferralIn(Schema):
    summary: str = Field(..., description="交办事项")
    units: list[int] = Field(..., max_length=50, description="承办单位编号，第一个为牵头单位")
    deadline: dt.date = Field(..., description="办理时限，不早于今天")
    instruction: int | None = Field(None, ge=1, description="来源：指示要求编号")
    opinion: int | None = Field(None, ge=1, description="来源：意见编号")
    meeting: int | None = Field(None, ge=1, description="来源：会议编号")
    again: bool = Field(False, description="指示要求已交办过时，确认再次交办")


@router.get("/referrals", response=Page[ReferralOut], summary="交办事项")
def referral_list(
    request: HttpRequest, filters: Query[ReferralFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    # Referrals are shown on the meeting pages to everyone who may see meetings.
    require_perm(request, "engagement.view_meeting")
    referrals = selectors.referral_list()
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.unit:
        referrals = referrals.filter(units=filters.unit)
    return paginate(referrals.order_by("deadline", "id"), paging)


@router.post("/referrals", response={201: ReferralOut}, summary="交办")
def referral_create(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    instruction = (
        selectors.instruction_get(instruction_id=payload.instruction)
        if payload.instruction
        else None
    )
    opinion = None
    if payload.opinion:
        opinion = selectors.opinion_get(opinion_id=payload.opinion)
        require_perm(request, "engagement.view_opinion", opinion)  # one the user may read
    meeting = selectors.meeting_ref_get(meeting_id=payload.meeting) if payload.meeting else None
    referral = services.referral_create(
        actor=request.user,
        summary=payload.summary,
        units=selectors.handling_units_get(unit_ids=payload.units),
        deadline=payload.deadline,
        instruction=instruction,
        opinion=opinion,
        meeting=meeting,
        again=payload.again,
    )
    return Status(201, selectors.referral_get(referral_id=referral.pk))


@router.post("/referrals/{referral_id}/complete", response=ReferralOut, summary="办结")
def referral_complete(request: HttpRequest, referral_id: int) -> Referral:
    referral = selectors.referral_get(referral_id=referral_id)
    services.referral_complete(actor=request.user, referral=referral)
    return selectors.referral_get(referral_id=referral.pk)
