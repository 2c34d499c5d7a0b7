"""Consultation on the draft (public), opinions and answers, meetings, referrals (交办).

The three public operations (`auth=None`) show only what is public anyway: the draft put out
for comments, the submission form, and the opinions staff marked public with their answers —
never contact data, never who submitted or from where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.api.references import UnitRef
from luoshi.api.routers import meeting_files
from luoshi.api.routers.reports import ParagraphOut, SectionOut
from luoshi.core.client_address import client_address
from luoshi.core.models import Region, Unit
from luoshi.engagement import selectors, services
from luoshi.engagement.models import (
    AnswerState,
    Channel,
    Instruction,
    Meeting,
    MeetingKind,
    Opinion,
    PersonRole,
    Referral,
    ReferralStatus,
)
from luoshi.reports import selectors as report_selectors
from luoshi.reports.models import ReportStatus, ReportVersion, WorkReport

router = Router(tags=["征求意见与会议"])

REGION_CODE = r"^\d{6}(\d{3})?$"
ANCHOR = Field("", max_length=16, description="段落锚点（见征求意见稿的 paragraphs）")


# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------


class ConsultationOut(Schema):
    report_id: int
    title: str
    region_code: str
    region_name: str
    year: int
    accepting: bool = Field(..., description="是否正在征求意见（可以提交）")
    version: int
    version_label: str
    published_at: dt.datetime | None
    sections: list[SectionOut]
    paragraphs: list[ParagraphOut]
    opinion_counts: dict[str, int] = Field(..., description="各段落收到的意见条数（按锚点）")


class PublicOpinionIn(Schema):
    text: str = Field(..., description=f"意见内容，最多 {services.MAX_OPINION_CHARS} 字")
    anchor: str = ANCHOR
    start: int | None = Field(None, ge=0, description="所选文字在段落中的起点（字符）")
    end: int | None = Field(None, ge=0, description="所选文字在段落中的终点（不含）")
    quote: str = Field("", max_length=500, description="所选原文，须与段落一致")
    author_name: str = Field("", max_length=50, description="姓名，可不填")
    author_sector: str = Field("", max_length=50, description="身份/界别，可不填")
    contact: str = Field("", max_length=100, description="联系方式，可不填，不公开")


class SubmittedOut(Schema):
    id: int
    state: AnswerState


class FieldErrorOut(Schema):
    field: str
    message: str


class RefusalOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class FeedbackOut(Schema):
    id: int
    channel: Channel
    author_sector: str
    text: str
    version: int | None = Field(None, alias="version.number")
    anchor: str
    quote: str
    state: AnswerState
    state_label: str
    reply: str
    answered_at: dt.datetime | None
    result_version: int | None = Field(None, alias="result_version.number")
    result_anchor: str


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


class ChangeIn(Schema):
    version: int = Field(..., ge=1, description="修改后的版本号")
    anchor: str = Field(..., min_length=1, max_length=16, description="该版本中修改的段落锚点")


class CountOut(Schema):
    key: str
    label: str
    count: int


class OpinionStatsOut(Schema):
    total: int
    answered: int
    revisions: int = Field(..., description="因意见修改的段落数")
    by_state: list[CountOut]
    by_channel: list[CountOut]
    by_sector: list[CountOut]
    by_topic: list[CountOut]


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


# ---------------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------------


def _report(report_id: int) -> WorkReport:
    try:
        return report_selectors.report_get(report_id=report_id)
    except WorkReport.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的报告。") % {"id": report_id}) from error


def _version_of(report: WorkReport, number: int) -> ReportVersion:
    version = report.versions.filter(number=number).first()
    if version is None:
        raise Http404(_("报告没有第 %(n)s 版。") % {"n": number})
    return version


def _load_opinion(opinion_id: int) -> Opinion:
    try:
        opinion = selectors.opinion_get(opinion_id=opinion_id)
    except Opinion.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的意见。") % {"id": opinion_id}) from error
    return _with_labels([opinion])[0]


def _opinion(request: HttpRequest, opinion_id: int) -> Opinion:
    """An opinion the user may read (its author, or staff of its region)."""
    opinion = _load_opinion(opinion_id)
    require_perm(request, "engagement.view_opinion", opinion)
    return opinion


def _meeting(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("没有编号为 %(id)s 的会议。") % {"id": meeting_id})
    return meeting


def _unit(unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, is_active=True).select_related("region").first()
    if unit is None:
        raise Http404(_("没有编号为 %(id)s 的在用单位。") % {"id": unit_id})
    return unit


def _units(unit_ids: Sequence[int]) -> list[Unit]:
    """The units in the order given (the first leads), each once."""
    ordered = list(dict.fromkeys(unit_ids))
    found = Unit.objects.filter(pk__in=ordered, is_active=True).select_related("region").in_bulk()
    missing = [str(pk) for pk in ordered if pk not in found]
    if missing:
        raise Http404(_("没有编号为 %(ids)s 的在用单位。") % {"ids": "、".join(missing)})
    return [found[pk] for pk in ordered]


def _with_labels(opinions: list[Opinion]) -> list[Opinion]:
    """Put each opinion's answer-state word (the region's own) on it: one query per region."""
    by_region: dict[int, dict[str, str]] = {}
    for opinion in opinions:
        region = opinion.report.region
        if region.pk not in by_region:
            by_region[region.pk] = selectors.state_labels(region)
        opinion.state_label = by_region[region.pk][opinion.state]  # type: ignore[attr-defined]
    return opinions


def _published_draft(report: WorkReport) -> ReportVersion:
    version = selectors.consultation_version(report)
    if version is None:
        raise Http404(_("这份报告没有公开征求意见的稿子。"))
    return version


def _refusal(error: ValidationError, status: int = 422) -> Status[dict[str, Any]]:
    """A refused public submission, said in the words the person needs (not a generic line)."""
    if hasattr(error, "error_dict"):
        errors = [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": message} for message in error.messages]
    detail = " ".join(e["message"] for e in errors) + " " + _("意见未保存。")
    return Status(status, {"detail": detail, "errors": errors})


# ---------------------------------------------------------------------------------------------
# Public: the draft out for comments, the submission form, the feedback
# ---------------------------------------------------------------------------------------------


@router.get(
    "/consultations/{report_id}",
    response=ConsultationOut,
    auth=None,
    summary="征求意见稿（公开）",
)
def consultation_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = _report(report_id)
    version = _published_draft(report)
    return {
        "report_id": report.pk,
        "title": report.title,
        "region_code": report.region.code,
        "region_name": report.region.name,
        "year": report.year,
        "accepting": report.status == ReportStatus.CONSULTING,
        "version": version.number,
        "version_label": version.label,
        "published_at": version.published_at,
        "sections": list(version.sections.select_related("parent").order_by("order")),
        "paragraphs": list(version.paragraphs.select_related("section").order_by("order")),
        "opinion_counts": selectors.opinions_by_anchor(report),
    }


@router.post(
    "/consultations/{report_id}/opinions",
    response={201: SubmittedOut, 422: RefusalOut, 429: RefusalOut},
    auth=None,
    summary="提交意见（公开，无需登录）",
    description=(
        "对公开征求意见的稿子提意见；可引用一段文字（anchor、start、end、quote）。"
        f"同一来源 {services.PUBLIC_RATE_WINDOW_SECONDS // 60} 分钟内最多 "
        f"{services.PUBLIC_RATE_LIMIT} 条，超过的答 429（Retry-After 为秒数）。"
        "只返回编号和状态；联系方式不公开、不回显。"
    ),
)
def consultation_submit(
    request: HttpRequest, report_id: int, payload: PublicOpinionIn, response: HttpResponse
) -> Status[Any]:
    report = _report(report_id)
    version = selectors.consultation_version(report) if payload.anchor else None
    passage = services.Passage(
        version=version,
        anchor=payload.anchor,
        start=payload.start,
        end=payload.end,
        quote=payload.quote,
    )
    try:
        opinion = services.opinion_submit_public(
            report=report,
            text=payload.text,
            passage=passage,
            author_name=payload.author_name,
            author_sector=payload.author_sector,
            contact=payload.contact,
            client_key=client_address(request),
        )
    except services.SubmissionsTooFrequent as error:
        response["Retry-After"] = str(error.retry_after_seconds)
        return _refusal(error, status=429)
    except ValidationError as error:
        return _refusal(error)
    return Status(201, {"id": opinion.pk, "state": opinion.state})


@router.get(
    "/consultations/{report_id}/feedback",
    response=Page[FeedbackOut],
    auth=None,
    summary="意见采纳情况（公开）",
)
def consultation_feedback(
    request: HttpRequest, report_id: int, paging: Query[PageParams]
) -> dict[str, Any]:
    report = _report(report_id)
    labels = selectors.state_labels(report.region)
    page = paginate(selectors.public_feedback(report), paging)
    for opinion in page["items"]:
        opinion.state_label = labels[opinion.state]
    return page


# ---------------------------------------------------------------------------------------------
# Opinions (staff and representatives)
# ---------------------------------------------------------------------------------------------


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
    _with_labels(page["items"])
    return page


@router.get("/opinions/{opinion_id}", response=OpinionOut, summary="意见详情")
def opinion_detail(request: HttpRequest, opinion_id: int) -> Opinion:
    return _opinion(request, opinion_id)


@router.post("/opinions", response={201: OpinionOut}, summary="录入意见（书面或会上发言）")
def opinion_create(request: HttpRequest, payload: OpinionIn) -> Status[Opinion]:
    report = _report(payload.report)
    meeting = _meeting(payload.meeting) if payload.meeting else None
    version = _version_of(report, payload.version) if payload.version else None
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
    return Status(201, _load_opinion(opinion.pk))


@router.post("/opinions/{opinion_id}/answer", response=OpinionOut, summary="答复意见")
def opinion_answer(request: HttpRequest, opinion_id: int, payload: OpinionAnswerIn) -> Opinion:
    opinion = _opinion(request, opinion_id)
    with transaction.atomic():  # tags, unit and answer together, or nothing
        if payload.topics is not None or payload.unit is not None:
            services.opinion_triage(
                actor=request.user,
                opinion=opinion,
                topics=opinion.topics if payload.topics is None else payload.topics,
                unit=_unit(payload.unit) if payload.unit is not None else opinion.unit,
            )
        services.opinion_answer(
            actor=request.user,
            opinion=opinion,
            state=payload.state,
            reply=payload.reply,
            is_public=payload.is_public,
        )
    return _load_opinion(opinion.pk)


@router.post("/opinions/{opinion_id}/change", response=OpinionOut, summary="记录因意见修改的段落")
def opinion_change(request: HttpRequest, opinion_id: int, payload: ChangeIn) -> Opinion:
    opinion = _opinion(request, opinion_id)
    services.opinion_link_change(
        actor=request.user,
        opinion=opinion,
        version=_version_of(opinion.report, payload.version),
        anchor=payload.anchor,
    )
    return _load_opinion(opinion.pk)


@router.get("/reports/{report_id}/opinion-stats", response=OpinionStatsOut, summary="意见统计")
def opinion_stats(request: HttpRequest, report_id: int) -> dict[str, Any]:
    require_perm(request, "engagement.view_opinion_list")
    stats = selectors.opinion_stats(_report(report_id))
    return {
        "total": stats.total,
        "answered": stats.answered,
        "revisions": stats.revisions,
        "by_state": [{"key": k, "label": label, "count": n} for k, label, n in stats.by_state],
        "by_channel": [{"key": k, "label": label, "count": n} for k, label, n in stats.by_channel],
        "by_sector": [{"key": k, "label": k, "count": n} for k, n in stats.by_sector],
        "by_topic": [{"key": k, "label": k, "count": n} for k, n in stats.by_topic],
    }


# ---------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------


def _meeting_detail(meeting_id: int) -> Meeting:
    try:
        return selectors.meeting_get(meeting_id=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的会议。") % {"id": meeting_id}) from error


@router.get("/meetings", response=Page[MeetingListOut], summary="会议列表")
def meeting_list(
    request: HttpRequest, filters: Query[MeetingFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "engagement.view_meeting")
    return paginate(selectors.meeting_list(report_id=filters.report, kind=filters.kind), paging)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="会议详情")
def meeting_detail(request: HttpRequest, meeting_id: int) -> Meeting:
    require_perm(request, "engagement.view_meeting")
    return _meeting_detail(meeting_id)


@router.post("/meetings", response={201: MeetingDetailOut}, summary="记录会议")
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Status[Meeting]:
    region: Region | None = None
    if payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            raise Http404(_("没有代码为 %(code)s 的行政区划。") % {"code": payload.region})
    report = _report(payload.report) if payload.report else None
    version: ReportVersion | None = None
    if payload.report_version:
        if report is None:
            raise ValidationError({"report_version": _("指明版本时要同时指明报告。")})
        version = _version_of(report, payload.report_version)
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
    return Status(201, _meeting_detail(meeting.pk))


# ---------------------------------------------------------------------------------------------
# Referrals (交办)
# ---------------------------------------------------------------------------------------------


def _referral(referral_id: int) -> Referral:
    referral = selectors.referral_list().filter(pk=referral_id).first()
    if referral is None:
        raise Http404(_("没有编号为 %(id)s 的交办事项。") % {"id": referral_id})
    return referral


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
    instruction: Instruction | None = None
    if payload.instruction:
        instruction = (
            Instruction.objects.select_related("meeting").filter(pk=payload.instruction).first()
        )
        if instruction is None:
            raise Http404(_("没有编号为 %(id)s 的指示要求。") % {"id": payload.instruction})
    opinion = _opinion(request, payload.opinion) if payload.opinion else None
    meeting = _meeting(payload.meeting) if payload.meeting else None
    referral = services.referral_create(
        actor=request.user,
        summary=payload.summary,
        units=_units(payload.units),
        deadline=payload.deadline,
        instruction=instruction,
        opinion=opinion,
        meeting=meeting,
    )
    return Status(201, _referral(referral.pk))


@router.post("/referrals/{referral_id}/complete", response=ReferralOut, summary="办结")
def referral_complete(request: HttpRequest, referral_id: int) -> Referral:
    referral = services.referral_complete(actor=request.user, referral=_referral(referral_id))
    return _referral(referral.pk)


# A meeting's files (upload, download, delete) have their own module.
router.add_router("", meeting_files.router)
