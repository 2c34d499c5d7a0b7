"""A meeting's files: list, upload (multipart, field `files`, several at once), download and
delete. Everyone who may see meetings lists and downloads; the office that records the
meeting uploads and deletes (403 otherwise, 404 for an unknown id). Refused files are 422,
one sentence per file, and nothing is stored — the same rules as the meeting's page.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Router, Status
from ninja.files import UploadedFile

from luoshi.api.permissions import require_perm
from luoshi.api.stored_files import FILE_RESPONSE, FileShelf, StoredFileOut
from luoshi.engagement import meeting_file_services as services
from luoshi.engagement import selectors
from luoshi.engagement.models import Attachment, Meeting

router = Router(tags=["会议"])


class MeetingFileOut(StoredFileOut):
    """A meeting's file: the same fields as a progress report's attachment."""

    @staticmethod
    def resolve_download_url(obj: Attachment) -> str:
        return reverse("api-1:meeting_file_content", args=[obj.meeting_id, obj.pk])


def _meeting_seen(request: HttpRequest, meeting_id: int) -> Meeting:
    require_perm(request, "engagement.view_meeting")
    return selectors.meeting_get(meeting_id=meeting_id)


def _file_seen(request: HttpRequest, meeting_id: int, attachment_id: int) -> Attachment:
    require_perm(request, "engagement.view_meeting")
    return selectors.meeting_file_get(meeting_id=meeting_id, attachment_id=attachment_id)


MEETING_FILES = FileShelf[Meeting, Attachment](
    parent=_meeting_seen,
    files=selectors.meeting_files,
    add=lambda actor, meeting, uploads: services.meeting_files_add(
        actor=actor, meeting=meeting, uploads=uploads
    ),
    file=_file_seen,
)


@router.get("/meetings/{int:meeting_id}/files", response=list[MeetingFileOut], summary="会议附件")
def meeting_file_list(request: HttpRequest, meeting_id: int) -> list[Attachment]:
    return MEETING_FILES.listing(request, meeting_id)


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
) -> Status[list[Attachment]]:
    return MEETING_FILES.upload(request, meeting_id, files)


@router.get(
    "/meetings/{int:meeting_id}/files/{int:attachment_id}/content",
    url_name="meeting_file_content",
    summary="下载会议附件",
    openapi_extra=FILE_RESPONSE,
)
def meeting_file_content(request: HttpRequest, meeting_id: int, attachment_id: int) -> FileResponse:
    return MEETING_FILES.download(request, meeting_id, attachment_id)


@router.delete(
    "/meetings/{int:meeting_id}/files/{int:attachment_id}",
    response={204: None},
    summary="删除会议附件",
)
def meeting_file_delete(request: HttpRequest, meeting_id: int, attachment_id: int) -> Status[None]:
    attachment = MEETING_FILES.file(request, meeting_id, attachment_id)
    services.meeting_file_delete(actor=request.user, attachment=attachment)
    return Status(204, None)
