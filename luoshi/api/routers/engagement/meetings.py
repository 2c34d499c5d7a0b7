"""Meetings (symposia, deliberations…): who attended, the groups present, the speeches, and the
numbered instructions (指示要求) given there. A meeting's files have their own module."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.core import selectors as core_selectors
from luoshi.engagement import selectors, services
from luoshi.engagement.models import Instruction, Meeting, MeetingKind, PersonRole
from luoshi.reports import selectors as report_selectors

router = Router()

REGION_CODE = r"^\d{6}(\d{3})?$"


class PersonIO(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    titles: list[str] = Field(default_factory=list, max_length=20)
    role: PersonRole = PersonRole.ATTENDEE


class GroupIO(Schema):
    sector: str = Field(..., min_length=1, max_length=100)
    count: int | None = Field(None, ge=0, le=1_000_000)


class SpeechIO(Schema):
    speaker_name: str = Field(..., min_length=1, max_length=50)
    speaker_title: str = Field("", max_length=100)
    topics: list[str] = Field(default_factory=list, max_length=20)
    summary: str = Field("", max_length=20_000)


class InstructionOut(Schema):
    id: int
    ordinal: int
    text: str
    given_by: str
    referral_ids: list[int]

    @staticmethod
    def resolve_referral_ids(obj: Instruction) -> list[int]:
        return [referral.pk for referral in obj.referrals.all()]


class MeetingOut(Schema):
    id: int
    kind: MeetingKind
    kind_label: str = Field(..., alias="get_kind_display")
    title: str
    date: dt.date | None
    date_text: str
    time: dt.time | None
    region_code: str | None = Field(None, alias="region.code")
    region_name: str | None = Field(None, alias="region.name")
    place: str
    delegation: str
    report_id: int | None
    topics: list[str]
    is_public: bool


class MeetingListOut(MeetingOut):
    opinion_count: int
    instruction_count: int


class MeetingDetailOut(MeetingOut):
    report_version: int | None = Field(None, alias="report_version.number")
    minutes: str
    people: list[PersonIO]
    groups: list[GroupIO]
    speeches: list[SpeechIO]
    instructions: list[InstructionOut]


class MeetingFilters(Schema):
    kind: MeetingKind | None = None
    report: int | None = Field(None, ge=1, description="报告编号")


class MeetingIn(Schema):
    kind: MeetingKind
    title: str = Field(..., min_length=1, max_length=200)
    date: dt.date | None = None
    date_text: str = Field("", max_length=30, description="原文日期，如 5月11日")
    time: dt.time | None = None
    region: str | None = Field(None, pattern=REGION_CODE, description="地点所在区划代码")
    place: str = Field("", max_length=200)
    delegation: str = Field("", max_length=100)
    report: int | None = Field(None, ge=1, description="讨论的报告编号")
    report_version: int | None = Field(None, ge=1, description="讨论的版本号")
    topics: list[str] = Field(default_factory=list, max_length=20)
    minutes: str = Field("", max_length=100_000)
    is_public: bool = False
    people: list[PersonIO] = Field(default_factory=list, max_length=200)
    groups: list[GroupIO] = Field(default_factory=list, max_length=100)
    speeches: list[SpeechIO] = Field(default_factory=list, max_length=200)
    instructions: list[str] = Field(
        default_factory=list, max_length=50, description="按顺序编号的指示要求（一要…二要…）"
    )
    instructions_by: str = Field("", max_length=50, description="提出指示要求的领导")


@router.get("/meetings", response=Page[MeetingListOut], summary="会议列表")
def meeting_list(
    request: HttpRequest, filters: Query[MeetingFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "engagement.view_meeting")
    return paginate(selectors.meeting_list(report_id=filters.report, kind=filters.kind), paging)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="会议详情")
def meeting_detail(request: HttpRequest, meeting_id: int) -> Meeting:
    require_perm(request, "engagement.view_meeting")
    return selectors.meeting_get(meeting_id=meeting_id)


@router.post("/meetings", response={201: MeetingDetailOut}, summary="记录会议")
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Status[Meeting]:
    region = core_selectors.region_get(code=payload.region) if payload.region else None
    report = report_selectors.report_get(report_id=payload.report) if payload.report else None
    version = None
    if payload.report_version:
        if report is None:
            raise ValidationError({"report_version": _("指明版本时要同时指明报告。")})
        version = selectors.report_version_get(report=report, number=payload.report_version)
    meeting = services.meeting_create(
        actor=request.user,
        data=services.MeetingInput(
            kind=payload.kind,
            title=payload.title,
            date=payload.date,
            date_text=payload.date_text,
            time=payload.time,
            region=region,
            place=payload.place,
            delegation=payload.delegation,
            report=report,
            report_version=version,
            topics=payload.topics,
            minutes=payload.minutes,
            is_public=payload.is_public,
            people=[services.PersonInput(p.name, tuple(p.titles), p.role) for p in payload.people],
            groups=[(g.sector, g.count) for g in payload.groups],
            speeches=[
                services.SpeechInput(s.speaker_name, s.speaker_title, tuple(s.topics), s.summary)
                for s in payload.speeches
            ],
            instructions=payload.instructions,
            instructions_by=payload.instructions_by,
        ),
    )
    return Status(201, selectors.meeting_get(meeting_id=meeting.pk))
