"""Public consultation (`auth=None`): the draft out for comments, the submission form and the
feedback — only what is public anyway, never contact data, who submitted or from where."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.routers.reports import ParagraphOut, SectionOut
from luoshi.core.client_address import client_address
from luoshi.core.public_limits import (
    PUBLIC_RATE_LIMIT,
    PUBLIC_RATE_WINDOW_SECONDS,
    SubmissionsTooFrequent,
)
from luoshi.engagement import selectors, services
from luoshi.engagement.models import AnswerState, Channel, Opinion
from luoshi.reports import selectors as report_selectors
from luoshi.reports.models import ReportStatus

router = Router()

ANCHOR = Field("", max_length=16, description="段落锚点（见征求意见稿的 paragraphs）")


class ConsultationOut(Schema):
    report_id: int = Field(..., alias="report.pk")
    title: str = Field(..., alias="report.title")
    region_code: str = Field(..., alias="report.region.code")
    region_name: str = Field(..., alias="report.region.name")
    year: int = Field(..., alias="report.year")
    accepting: bool = Field(..., description="是否正在征求意见（可以提交）")
    version: int = Field(..., alias="version.number")
    version_label: str = Field(..., alias="version.label")
    published_at: dt.datetime | None = Field(..., alias="version.published_at")
    sections: list[SectionOut]
    paragraphs: list[ParagraphOut]
    opinion_counts: dict[str, int] = Field(..., description="各段落收到的意见条数（按锚点）")

    @staticmethod
    def resolve_accepting(obj: selectors.ConsultationDraft) -> bool:
        return bool(obj.report.status == ReportStatus.CONSULTING)


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


def _field_errors(error: ValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


class RefusalOut(Schema):
    # A refused public submission, read from its ValidationError: said in the words the person
    # needs rather than a generic line.
    detail: str
    errors: list[FieldErrorOut]

    @staticmethod
    def resolve_detail(obj: ValidationError) -> str:
        messages = " ".join(e["message"] for e in _field_errors(obj))
        return messages + " " + _("意见未保存。")

    @staticmethod
    def resolve_errors(obj: ValidationError) -> list[dict[str, str]]:
        return _field_errors(obj)


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


@router.get(
    "/consultations/{report_id}",
    response=ConsultationOut,
    auth=None,
    summary="征求意见稿（公开）",
)
def consultation_detail(request: HttpRequest, report_id: int) -> selectors.ConsultationDraft:
    return selectors.consultation_draft_get(report_selectors.report_get(report_id=report_id))


@router.post(
    "/consultations/{report_id}/opinions",
    response={201: SubmittedOut, 422: RefusalOut, 429: RefusalOut},
    auth=None,
    summary="提交意见（公开，无需登录）",
    description=(
        "对公开征求意见的稿子提意见；可引用一段文字（anchor、start、end、quote）。"
        f"同一来源 {PUBLIC_RATE_WINDOW_SECONDS // 60} 分钟内最多 "
        f"{PUBLIC_RATE_LIMIT} 条，超过的答 429（Retry-After 为秒数）。"
        "只返回编号和状态；联系方式不公开、不回显。"
    ),
)
def consultation_submit(
    request: HttpRequest, report_id: int, payload: PublicOpinionIn, response: HttpResponse
) -> Status[Opinion | ValidationError]:
    report = report_selectors.report_get(report_id=report_id)
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
    except SubmissionsTooFrequent as error:
        response["Retry-After"] = str(error.retry_after_seconds)
        return Status(429, error)
    except ValidationError as error:
        return Status(422, error)
    return Status(201, opinion)


@router.get(
    "/consultations/{report_id}/feedback",
    response=Page[FeedbackOut],
    auth=None,
    summary="意见采纳情况（公开）",
)
def consultation_feedback(
    request: HttpRequest, report_id: int, paging: Query[PageParams]
) -> dict[str, Any]:
    report = report_selectors.report_get(report_id=report_id)
    page = paginate(selectors.public_feedback(report), paging)
    selectors.with_state_labels(page["items"], region=report.region)
    return page
