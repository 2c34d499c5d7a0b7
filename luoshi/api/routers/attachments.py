"""Attachments of progress reports and of notice answers: list, upload (multipart, field
`files`, several at once) and download. Only those who may see the report or notice list and
download its files (403 otherwise, 404 for an unknown id); uploads follow the same rules as
the pages — refused files are 422 naming each file, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from luoshi.api.permissions import require_perm
from luoshi.core.private_files import private_download
from luoshi.tasks.models import (
    Notice,
    NoticeAttachment,
    ProgressAttachment,
    ProgressReport,
    StoredAttachment,
)
from luoshi.tasks.selectors import attachment_queries as queries
from luoshi.tasks.selectors import progress_queries, supervision_queries
from luoshi.tasks.services import attachments as services

router = Router(tags=["附件"])

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "文件内容（以附件形式下载）",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


class AttachmentOut(Schema):
    id: int
    name: str = Field(..., description="上传时的文件名")
    size: int = Field(..., description="字节数")
    content_type: str
    uploaded_by_id: int | None
    created_at: dt.datetime
    download_url: str


class NoticeAttachmentOut(AttachmentOut):
    answer_event_id: int | None = Field(
        ..., description="随哪次反馈报送（办理记录编号）；空表示尚未随反馈报送"
    )


def _out(attachment: StoredAttachment, url: str) -> dict[str, object]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "uploaded_by_id": attachment.uploaded_by_id,
        "created_at": attachment.created_at,
        "download_url": url,
    }


def _progress_out(attachment: ProgressAttachment) -> dict[str, object]:
    url = reverse("api-1:progress_attachment_file", args=[attachment.report_id, attachment.pk])
    return _out(attachment, url)


def _notice_out(attachment: NoticeAttachment) -> dict[str, object]:
    url = reverse("api-1:notice_attachment_file", args=[attachment.notice_id, attachment.pk])
    return {**_out(attachment, url), "answer_event_id": attachment.event_id}


def _report(request: HttpRequest, report_id: int) -> ProgressReport:
    try:
        report = progress_queries.progress_report_get(report_id=report_id)
    except ProgressReport.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的进展报告。") % {"id": report_id}) from error
    require_perm(request, "tasks.view_progressreport", report)
    return report


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    try:
        notice = supervision_queries.notice_get(notice_id=notice_id)
    except Notice.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的督办单。") % {"id": notice_id}) from error
    require_perm(request, "tasks.view_notice", notice)
    return notice


def _missing_attachment(attachment_id: int) -> Http404:
    return Http404(_("没有编号为 %(id)s 的附件。") % {"id": attachment_id})


@router.get(
    "/progress-reports/{int:report_id}/attachments",
    response=list[AttachmentOut],
    summary="进展报告的附件",
)
def progress_attachment_list(request: HttpRequest, report_id: int) -> list[dict[str, object]]:
    report = _report(request, report_id)
    return [_progress_out(a) for a in queries.progress_attachments([report.pk])]


@router.post(
    "/progress-reports/{int:report_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="上传进展报告附件（草稿或已退办时）",
)
def progress_attachment_upload(
    request: HttpRequest, report_id: int, files: File[list[UploadedFile]]
) -> Status[list[dict[str, object]]]:
    report = _report(request, report_id)
    added = services.progress_attachments_add(actor=request.user, report=report, uploads=files)
    return Status(201, [_progress_out(a) for a in added])


@router.get(
    "/progress-reports/{int:report_id}/attachments/{int:attachment_id}/file",
    url_name="progress_attachment_file",
    summary="下载进展报告附件",
    openapi_extra=FILE_RESPONSE,
)
def progress_attachment_file(
    request: HttpRequest, report_id: int, attachment_id: int
) -> FileResponse:
    try:
        attachment = queries.progress_attachment_get_for_user(
            request.user, report_id=report_id, attachment_id=attachment_id
        )
    except ProgressAttachment.DoesNotExist as error:
        raise _missing_attachment(attachment_id) from error
    return private_download(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )


@router.get(
    "/notices/{int:notice_id}/attachments",
    response=list[NoticeAttachmentOut],
    summary="督办单的反馈附件",
)
def notice_attachment_list(request: HttpRequest, notice_id: int) -> list[dict[str, object]]:
    notice = _notice(request, notice_id)
    return [_notice_out(a) for a in queries.notice_attachments(notice.pk)]


@router.post(
    "/notices/{int:notice_id}/attachments",
    response={201: list[NoticeAttachmentOut]},
    summary="上传反馈附件（签收后、反馈前；随下一次反馈报送）",
)
def notice_attachment_upload(
    request: HttpRequest, notice_id: int, files: File[list[UploadedFile]]
) -> Status[list[dict[str, object]]]:
    notice = _notice(request, notice_id)
    added = services.notice_attachments_add(actor=request.user, notice=notice, uploads=files)
    return Status(201, [_notice_out(a) for a in added])


@router.get(
    "/notices/{int:notice_id}/attachments/{int:attachment_id}/file",
    url_name="notice_attachment_file",
    summary="下载督办单反馈附件",
    openapi_extra=FILE_RESPONSE,
)
def notice_attachment_file(
    request: HttpRequest, notice_id: int, attachment_id: int
) -> FileResponse:
    try:
        attachment = queries.notice_attachment_get_for_user(
            request.user, notice_id=notice_id, attachment_id=attachment_id
        )
    except NoticeAttachment.DoesNotExist as error:
        raise _missing_attachment(attachment_id) from error
    return private_download(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )
