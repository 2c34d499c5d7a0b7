"""A meeting's files: list, upload (multipart, field `files`, several at once), download and
delete. Everyone who may see meetings lists and downloads; the office that records the
meeting uploads and deletes (403 otherwise, 404 for an unknown id). Refused files are 422,
one sentence per file, and nothing is stored — the same rules as the meeting's page.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from luoshi.api.permissions import require_perm
from luoshi.api.routers.attachments import FILE_RESPONSE, AttachmentOut
from luoshi.core.private_files import private_download
from luoshi.engagement import meeting_file_services as services
from luoshi.engagement import selectors
from luoshi.engagement.models import Attachment, Meeting

router = Router(tags=["会议"])


class MeetingFileOut(AttachmentOut):
    """A meeting's file: the same fields as a progress report's attachment."""


def _out(attachment: Attachment) -> dict[str, object]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "uploaded_by_id": attachment.uploaded_by_id,
        "created_at": attachment.created_at,
        "download_url": reverse(
            "api-1:meeting_file_content", args=[attachment.meeting_id, attachment.pk]
        ),
    }


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    require_perm(request, "engagement.view_meeting")
    try:
        return selectors.meeting_get(meeting_id=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的会议。") % {"id": meeting_id}) from error


def _file(request: HttpRequest, meeting_id: int, attachment_id: int) -> Attachment:
    require_perm(request, "engagement.view_meeting")
    try:
        return selectors.meeting_file_get(meeting_id=meeting_id, attachment_id=attachment_id)
    except Attachment.DoesNotExist as error:
        raise Http404(_("没有编号为 %(id)s 的附件。") % {"id": attachment_id}) from error


@router.get("/meetings/{int:meeting_id}/files", response=list[MeetingFileOut], summary="会议附件")
def meeting_file_list(request: HttpRequest, meeting_id: int) -> list[dict[str, object]]:
    meeting = _meeting(request, meeting_id)
    return [_out(a) for a in selectors.meeting_files(meeting)]


@router.post(
    "/meetings/{int:meeting_id}/files",
    response={201: list[MeetingFileOut]},
    summary="上传会议附件",
    description=(
        "可一次上传多个文件（字段 files），"
        f"每个不超过 {services.MAX_FILE_BYTES // 1024 // 1024} MB，"
        f"每个会议最多 {services.MAX_PER_MEETING} 个；按文件内容核对类型，"
        "不符的文件逐个说明，整批不保存（422）。"
    ),
)
def meeting_file_upload(
    request: HttpRequest, meeting_id: int, files: File[list[UploadedFile]]
) -> Status[list[dict[str, object]]]:
    meeting = _meeting(request, meeting_id)
    added = services.meeting_files_add(actor=request.user, meeting=meeting, uploads=files)
    return Status(201, [_out(a) for a in added])


@router.get(
    "/meetings/{int:meeting_id}/files/{int:attachment_id}/content",
    url_name="meeting_file_content",
    summary="下载会议附件",
    openapi_extra=FILE_RESPONSE,
)
def meeting_file_content(request: HttpRequest, meeting_id: int, attachment_id: int) -> FileResponse:
    attachment = _file(request, meeting_id, attachment_id)
    return private_download(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )


@router.delete(
    "/meetings/{int:meeting_id}/files/{int:attachment_id}",
    response={204: None},
    summary="删除会议附件",
)
def meeting_file_delete(request: HttpRequest, meeting_id: int, attachment_id: int) -> Status[None]:
    attachment = _file(request, meeting_id, attachment_id)
    services.meeting_file_delete(actor=request.user, attachment=attachment)
    return Status(204, None)
