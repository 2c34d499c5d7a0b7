"""Attachments of progress reports and of notice answers: list, upload (multipart, field
`files`, several at once) and download. Only those who may see the report or notice list and
download its files (403 otherwise, 404 for an unknown id); uploads follow the same rules as
the pages — refused files are 422 naming each file, and nothing is stored.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, File, Router, Status
from ninja.files import UploadedFile

from luoshi.api.permissions import require_perm
from luoshi.api.stored_files import FILE_RESPONSE, FileShelf, StoredFileOut
from luoshi.tasks.models import Notice, NoticeAttachment, ProgressAttachment, ProgressReport
from luoshi.tasks.selectors import attachment_queries as queries
from luoshi.tasks.selectors import progress_queries, supervision_queries
from luoshi.tasks.services import attachments as services

router = Router(tags=["附件"])


class AttachmentOut(StoredFileOut):
    @staticmethod
    def resolve_download_url(obj: ProgressAttachment) -> str:
        return reverse("api-1:progress_attachment_file", args=[obj.report_id, obj.pk])


class NoticeAttachmentOut(StoredFileOut):
    answer_event_id: int | None = Field(
        ...,
        alias="event_id",
        description="随哪次反馈报送（办理记录编号）；空表示尚未随反馈报送",
    )

    @staticmethod
    def resolve_download_url(obj: NoticeAttachment) -> str:
        return reverse("api-1:notice_attachment_file", args=[obj.notice_id, obj.pk])


def _report_seen(request: HttpRequest, report_id: int) -> ProgressReport:
    report = progress_queries.progress_report_get(report_id=report_id)
    require_perm(request, "tasks.view_progressreport", report)
    return report


def _notice_seen(request: HttpRequest, notice_id: int) -> Notice:
    notice = supervision_queries.notice_get(notice_id=notice_id)
    require_perm(request, "tasks.view_notice", notice)
    return notice


PROGRESS_FILES = FileShelf[ProgressReport, ProgressAttachment](
    parent=_report_seen,
    files=lambda report: queries.progress_attachments([report.pk]),
    add=lambda actor, report, uploads: services.progress_attachments_add(
        actor=actor, report=report, uploads=uploads
    ),
    file=lambda request, report_id, attachment_id: queries.progress_attachment_get_for_user(
        request.user, report_id=report_id, attachment_id=attachment_id
    ),
)

NOTICE_FILES = FileShelf[Notice, NoticeAttachment](
    parent=_notice_seen,
    files=lambda notice: queries.notice_attachments(notice.pk),
    add=lambda actor, notice, uploads: services.notice_attachments_add(
        actor=actor, notice=notice, uploads=uploads
    ),
    file=lambda request, notice_id, attachment_id: queries.notice_attachment_get_for_user(
        request.user, notice_id=notice_id, attachment_id=attachment_id
    ),
)


@router.get(
    "/progress-reports/{int:report_id}/attachments",
    response=list[AttachmentOut],
    summary="进展报告的附件",
)
def progress_attachment_list(request: HttpRequest, report_id: int) -> list[ProgressAttachment]:
    return PROGRESS_FILES.listing(request, report_id)


@router.post(
    "/progress-reports/{int:report_id}/attachments",
    response={201: list[AttachmentOut]},
    summary="上传进展报告附件（草稿或已退办时）",
)
def progress_attachment_upload(
    request: HttpRequest, report_id: int, files: File[list[UploadedFile]]
) -> Status[list[ProgressAttachment]]:
    return PROGRESS_FILES.upload(request, report_id, files)


@router.get(
    "/progress-reports/{int:report_id}/attachments/{int:attachment_id}/file",
    url_name="progress_attachment_file",
    summary="下载进展报告附件",
    openapi_extra=FILE_RESPONSE,
)
def progress_attachment_file(
    request: HttpRequest, report_id: int, attachment_id: int
) -> FileResponse:
    return PROGRESS_FILES.download(request, report_id, attachment_id)


@router.get(
    "/notices/{int:notice_id}/attachments",
    response=list[NoticeAttachmentOut],
    summary="督办单的反馈附件",
)
def notice_attachment_list(request: HttpRequest, notice_id: int) -> list[NoticeAttachment]:
    return NOTICE_FILES.listing(request, notice_id)


@router.post(
    "/notices/{int:notice_id}/attachments",
    response={201: list[NoticeAttachmentOut]},
    summary="上传反馈附件（签收后、反馈前；随下一次反馈报送）",
)
def notice_attachment_upload(
    request: HttpRequest, notice_id: int, files: File[list[UploadedFile]]
) -> Status[list[NoticeAttachment]]:
    return NOTICE_FILES.upload(request, notice_id, files)


@router.get(
    "/notices/{int:notice_id}/attachments/{int:attachment_id}/file",
    url_name="notice_attachment_file",
    summary="下载督办单反馈附件",
    openapi_extra=FILE_RESPONSE,
)
def notice_attachment_file(
    request: HttpRequest, notice_id: int, attachment_id: int
) -> FileResponse:
    return NOTICE_FILES.download(request, notice_id, attachment_id)
