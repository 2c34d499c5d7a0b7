"""Reports, their versions (with sections and paragraphs), comparison and publishing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.core.selectors import region_get
from luoshi.reports import selectors, services
from luoshi.reports.models import (
    ReportParagraph,
    ReportSection,
    ReportStatus,
    ReportVersion,
    VersionKind,
    WorkReport,
)
from luoshi.reports.text_layout import Block, split_report_text

router = Router(tags=["政府工作报告"])

REGION_CODE = r"^\d{6}(\d{3})?$"


class ReportOut(Schema):
    id: int
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    year: int
    title: str
    speaker_name: str
    speaker_title: str
    congress_session: str
    delivered_on: date | None
    status: ReportStatus
    adopted_version: int | None = Field(None, alias="adopted_version.number")


class ReportIn(Schema):
    region: str = Field(..., pattern=REGION_CODE, description="区划代码")
    year: int = Field(..., ge=1978, le=2100)
    title: str = Field("", max_length=200)
    speaker_name: str = Field("", max_length=50)
    speaker_title: str = Field("", max_length=100)
    congress_session: str = Field("", max_length=200)
    delivered_on: date | None = None


class ReportPatch(Schema):
    title: str | None = Field(None, max_length=200)
    speaker_name: str | None = Field(None, max_length=50)
    speaker_title: str | None = Field(None, max_length=100)
    congress_session: str | None = Field(None, max_length=200)
    delivered_on: date | None = None


class ReportFilters(Schema):
    region: str | None = Field(None, pattern=REGION_CODE, description="区划代码（含下级）")
    year: int | None = Field(None, ge=1978, le=2100)
    status: ReportStatus | None = None


class VersionOut(Schema):
    number: int
    kind: VersionKind
    label: str
    based_on: int | None = Field(None, alias="based_on.number")
    published_at: datetime | None
    created_at: datetime


class BlockIn(Schema):
    kind: str = Field(..., pattern="^(heading|paragraph)$")
    text: str = Field(..., min_length=1, max_length=20_000)
    number: str = Field("", max_length=12)
    level: int = Field(0, ge=0, le=4)


class VersionIn(Schema):
    kind: VersionKind
    label: str = Field("", max_length=100)
    text: str | None = Field(
        None, max_length=400_000, description="正文：每段一行，“一、”“（一）”开头的短行为标题"
    )
    blocks: list[BlockIn] | None = Field(None, max_length=5000, description="或直接给出标题和段落")


class ParagraphOut(Schema):
    anchor: str
    order: int
    text: str
    section_anchor: str | None = Field(None, alias="section.anchor")


class SectionOut(Schema):
    anchor: str
    order: int
    number: str
    level: int
    title: str
    parent_anchor: str | None = Field(None, alias="parent.anchor")


class VersionDetailOut(VersionOut):
    sections: list[SectionOut]
    paragraphs: list[ParagraphOut]

    @staticmethod
    def resolve_sections(obj: ReportVersion) -> list[ReportSection]:
        return list(obj.sections.select_related("parent").order_by("order"))

    @staticmethod
    def resolve_paragraphs(obj: ReportVersion) -> list[ReportParagraph]:
        return list(obj.paragraphs.select_related("section").order_by("order"))


class ChangeOut(Schema):
    kind: str
    anchor: str
    old_text: str
    new_text: str


@router.get("/reports", response=Page[ReportOut], summary="报告列表")
def report_list(
    request: HttpRequest, filters: Query[ReportFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "reports.view_workreport")
    reports = selectors.report_list(
        region_code=filters.region, year=filters.year, status=filters.status
    )
    return paginate(reports.select_related("adopted_version"), paging)


@router.post("/reports", response={201: ReportOut}, summary="新建报告")
def report_create(request: HttpRequest, payload: ReportIn) -> Status[WorkReport]:
    region = region_get(code=payload.region)
    if WorkReport.objects.filter(region=region, year=payload.year).exists():
        raise HttpError(
            409,
            _("%(region)s %(year)s 年的报告已经存在。")
            % {"region": region.name, "year": payload.year},
        )
    report = services.report_create(
        actor=request.user, region=region, **payload.model_dump(exclude={"region"})
    )
    return Status(201, selectors.report_get(report_id=report.pk))


@router.get("/reports/{report_id}", response=ReportOut, summary="报告详情")
def report_detail(request: HttpRequest, report_id: int) -> WorkReport:
    require_perm(request, "reports.view_workreport")
    return selectors.report_get(report_id=report_id)


@router.patch("/reports/{report_id}", response=ReportOut, summary="修改报告信息")
def report_update(request: HttpRequest, report_id: int, payload: ReportPatch) -> WorkReport:
    report = selectors.report_get(report_id=report_id)
    services.report_update(
        actor=request.user, report=report, changes=payload.model_dump(exclude_unset=True)
    )
    return selectors.report_get(report_id=report.pk)


@router.get("/reports/{report_id}/versions", response=list[VersionOut], summary="版本列表")
def version_list(request: HttpRequest, report_id: int) -> Any:
    require_perm(request, "reports.view_workreport")
    report = selectors.report_get(report_id=report_id)
    return list(selectors.version_list_for_user(user=request.user, report=report))


@router.post(
    "/reports/{report_id}/versions", response={201: VersionDetailOut}, summary="新版本（修订）"
)
def version_create(
    request: HttpRequest, report_id: int, payload: VersionIn
) -> Status[ReportVersion]:
    report = selectors.report_get(report_id=report_id)
    if (payload.text is None) == (payload.blocks is None):
        raise ValidationError(_("请提供 text 或 blocks 之一。"))
    blocks = (
        split_report_text(payload.text)
        if payload.text is not None
        else [Block(b.kind, b.text, b.number, b.level) for b in payload.blocks or []]
    )
    version = services.report_version_create(
        actor=request.user, report=report, kind=payload.kind, label=payload.label, blocks=blocks
    )
    return Status(201, version)


@router.get("/reports/{report_id}/versions/{number}", response=VersionDetailOut, summary="版本全文")
def version_detail(request: HttpRequest, report_id: int, number: int) -> ReportVersion:
    require_perm(request, "reports.view_workreport")
    report = selectors.report_get(report_id=report_id)
    return selectors.version_get_for_user(user=request.user, report=report, number=number)


@router.post(
    "/reports/{report_id}/versions/{number}/publish", response=VersionOut, summary="发布版本"
)
def version_publish(request: HttpRequest, report_id: int, number: int) -> ReportVersion:
    report = selectors.report_get(report_id=report_id)
    version = selectors.version_get_for_user(user=request.user, report=report, number=number)
    return services.report_version_publish(actor=request.user, version=version)


class DiffQuery(Schema):
    from_number: int = Field(..., alias="from", ge=1)
    to_number: int = Field(..., alias="to", ge=1)


@router.get("/reports/{report_id}/diff", response=list[ChangeOut], summary="版本对照（逐段）")
def version_diff(request: HttpRequest, report_id: int, query: Query[DiffQuery]) -> Any:
    require_perm(request, "reports.view_workreport")
    report = selectors.report_get(report_id=report_id)
    old = selectors.version_get_for_user(user=request.user, report=report, number=query.from_number)
    new = selectors.version_get_for_user(user=request.user, report=report, number=query.to_number)
    return selectors.version_diff(old, new)
