"""Opinions (意见建议) for staff and representatives: list, read, record, answer, link the
change they made, and the counts by state, channel, sector and topic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.api.routers.engagement.consultation import ANCHOR
from luoshi.engagement import selectors, services, suggestion_services
from luoshi.engagement.models import AnswerCategory, AnswerState, Channel, Opinion
from luoshi.reports import selectors as report_selectors

router = Router()


class OpinionOut(Schema):
    id: int
    report_id: int
    channel: Channel
    channel_label: str = Field(..., alias="get_channel_display")
    meeting_id: int | None
    version: int | None = Field(None, alias="version.number")
    anchor: str
    start: int | None
    end: int | None
    quote: str
    author_name: str
    author_sector: str
    contact: str | None = Field(None, description="只有答复人和提交人本人可见，否则为 null")
    text: str
    topics: list[str]
    unit_id: int | None
    unit_name: str | None = Field(None, alias="unit.name")
    state: AnswerState
    state_label: str
    reply: str
    answered_at: dt.datetime | None
    is_public: bool
    delegation: str
    deadline: dt.date | None = Field(None, description="办理时限（交办的代表建议）")
    category: str = Field(..., description="答复类别 A、B、C；未答复或非交办为空")
    redo_count: int = Field(..., description="代表不满意后重新办理的次数")
    author_rating: str = Field(..., description="提出人评价 satisfied、basic、unsatisfied 或空")
    result_version: int | None = Field(None, alias="result_version.number")
    result_anchor: str
    submitted_by_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_contact(obj: Opinion, context: dict[str, Any]) -> str | None:
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.has_perm("engagement.view_opinion_contact", obj):
            return obj.contact
        return None


class OpinionFilters(Schema):
    report: int | None = Field(None, ge=1, description="报告编号")
    state: AnswerState | None = None
    channel: Channel | None = None
    sector: str | None = Field(None, max_length=50, description="界别/身份")
    topic: str | None = Field(None, max_length=20, description="议题标签")
    q: str | None = Field(None, max_length=50, description="意见内容或引用原文包含")


class OpinionIn(Schema):
    report: int = Field(..., ge=1, description="报告编号")
    channel: Channel = Field(..., description="written（书面意见）或 meeting（会上发言）")
    meeting: int | None = Field(None, ge=1, description="会议编号（会上发言时）")
    text: str = Field(..., description=f"意见内容，最多 {services.MAX_OPINION_CHARS * 5} 字")
    author_name: str = Field("", max_length=50)
    author_sector: str = Field("", max_length=50)
    contact: str = Field("", max_length=100, description="不公开")
    topics: list[str] = Field(default_factory=list, max_length=20)
    version: int | None = Field(None, ge=1, description="所引用的版本号（引用段落时）")
    anchor: str = ANCHOR
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)
    quote: str = Field("", max_length=500)


class OpinionAnswerIn(Schema):
    state: AnswerState = Field(..., description="adopted、partly、already、noted 或 declined")
    reply: str = Field(..., description=f"答复，最多 {services.MAX_OPINION_CHARS} 字")
    is_public: bool = Field(False, description="在意见反馈页公开")
    topics: list[str] | None = Field(None, max_length=20, description="议题标签；不给则不变")
    unit: int | None = Field(None, ge=1, description="承办单位编号；不给则不变")
    category: AnswerCategory | None = Field(
        None, description="答复类别 A、B、C；交办的代表建议必填"
    )


class HandIn(Schema):
    unit: int = Field(..., ge=1, description="承办单位编号")
    deadline: dt.date = Field(..., description="办理时限，常为交办后三个月")


class ChangeIn(Schema):
    version: int = Field(..., ge=1, description="修改后的版本号")
    anchor: str = Field(..., min_length=1, max_length=16, description="该版本中修改的段落锚点")


class CountOut(Schema):
    key: str
    label: str
    count: int


def _counts(rows: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
    return [{"key": key, "label": label, "count": n} for key, label, n in rows]


def _self_labelled(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Sectors and topics are their own labels."""
    return [{"key": key, "label": key, "count": n} for key, n in rows]


class OpinionStatsOut(Schema):
    # Read from `selectors.OpinionStats` (a docstring would become its OpenAPI description).
    total: int
    answered: int
    revisions: int = Field(..., description="因意见修改的段落数")
    by_state: list[CountOut]
    by_channel: list[CountOut]
    by_sector: list[CountOut]
    by_topic: list[CountOut]

    @staticmethod
    def resolve_by_state(obj: selectors.OpinionStats) -> list[dict[str, Any]]:
        return _counts(obj.by_state)

    @staticmethod
    def resolve_by_channel(obj: selectors.OpinionStats) -> list[dict[str, Any]]:
        return _counts(obj.by_channel)

    @staticmethod
    def resolve_by_sector(obj: selectors.OpinionStats) -> list[dict[str, Any]]:
        return _self_labelled(obj.by_sector)

    @staticmethod
    def resolve_by_topic(obj: selectors.OpinionStats) -> list[dict[str, Any]]:
        return _self_labelled(obj.by_topic)


@router.get("/opinions", response=Page[OpinionOut], summary="意见列表")
def opinion_list(
    request: HttpRequest, filters: Query[OpinionFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "engagement.view_opinion_list")
    opinions = selectors.opinion_list(
        selectors.OpinionFilters(
            report_id=filters.report,
            state=filters.state,
            channel=filters.channel,
            sector=filters.sector or None,
            topic=filters.topic or None,
            query=filters.q or None,
            scope_prefixes=selectors.opinion_scope(request.user),
        )
    ).select_related("result_version")
    page = paginate(opinions, paging)
    selectors.with_state_labels(page["items"])
    return page


@router.get("/opinions/{opinion_id}", response=OpinionOut, summary="意见详情")
def opinion_detail(request: HttpRequest, opinion_id: int) -> Opinion:
    # Its author, or staff of its region, may read it.
    opinion = selectors.opinion_labelled_get(opinion_id=opinion_id)
    require_perm(request, "engagement.view_opinion", opinion)
    return opinion


@router.post("/opinions", response={201: OpinionOut}, summary="录入意见（书面或会上发言）")
def opinion_create(request: HttpRequest, payload: OpinionIn) -> Status[Opinion]:
    report = report_selectors.report_get(report_id=payload.report)
    meeting = selectors.meeting_ref_get(meeting_id=payload.meeting) if payload.meeting else None
    version = (
        selectors.report_version_get(report=report, number=payload.version)
        if payload.version
        else None
    )
    opinion = services.opinion_record(
        actor=request.user,
        report=report,
        channel=payload.channel,
        text=payload.text,
        passage=services.Passage(
            version=version,
            anchor=payload.anchor,
            start=payload.start,
            end=payload.end,
            quote=payload.quote,
        ),
        meeting=meeting,
        author_name=payload.author_name,
        author_sector=payload.author_sector,
        contact=payload.contact,
        topics=payload.topics,
    )
    return Status(201, selectors.opinion_labelled_get(opinion_id=opinion.pk))


@router.post("/opinions/{opinion_id}/answer", response=OpinionOut, summary="答复意见")
def opinion_answer(request: HttpRequest, opinion_id: int, payload: OpinionAnswerIn) -> Opinion:
    opinion = selectors.opinion_labelled_get(opinion_id=opinion_id)
    require_perm(request, "engagement.view_opinion", opinion)
    with transaction.atomic():  # tags, unit and answer together, or nothing
        if payload.topics is not None or payload.unit is not None:
            services.opinion_triage(
                actor=request.user,
                opinion=opinion,
                topics=opinion.topics if payload.topics is None else payload.topics,
                unit=(
                    selectors.handling_unit_get(unit_id=payload.unit)
                    if payload.unit is not None
                    else opinion.unit
                ),
            )
        services.opinion_answer(
            actor=request.user,
            opinion=opinion,
            state=payload.state,
            reply=payload.reply,
            is_public=payload.is_public,
            category=payload.category or "",
        )
    return selectors.opinion_labelled_get(opinion_id=opinion.pk)


@router.post("/opinions/{opinion_id}/hand", response=OpinionOut, summary="交办代表建议")
def opinion_hand(request: HttpRequest, opinion_id: int, payload: HandIn) -> Opinion:
    opinion = selectors.opinion_labelled_get(opinion_id=opinion_id)
    require_perm(request, "engagement.view_opinion", opinion)
    suggestion_services.opinion_hand(
        actor=request.user,
        opinion=opinion,
        unit=selectors.handling_unit_get(unit_id=payload.unit),
        deadline=payload.deadline,
    )
    return selectors.opinion_labelled_get(opinion_id=opinion.pk)


@router.post("/opinions/{opinion_id}/change", response=OpinionOut, summary="记录因意见修改的段落")
def opinion_change(request: HttpRequest, opinion_id: int, payload: ChangeIn) -> Opinion:
    opinion = selectors.opinion_labelled_get(opinion_id=opinion_id)
    require_perm(request, "engagement.view_opinion", opinion)
    services.opinion_link_change(
        actor=request.user,
        opinion=opinion,
        version=selectors.report_version_get(report=opinion.report, number=payload.version),
        anchor=payload.anchor,
    )
    return selectors.opinion_labelled_get(opinion_id=opinion.pk)


@router.get("/reports/{report_id}/opinion-stats", response=OpinionStatsOut, summary="意见统计")
def opinion_stats(request: HttpRequest, report_id: int) -> selectors.OpinionStats:
    require_perm(request, "engagement.view_opinion_list")
    return selectors.opinion_stats(report_selectors.report_get(report_id=report_id))
