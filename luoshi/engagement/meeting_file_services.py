"""Files of a meeting (纪要, 签到表, 会场照片…): added and removed by the office that records
the meeting (engagement.change_meeting), read by everyone who may see meetings.

Every file is screened first (`luoshi.core.upload_screening`: size, extension and content)
and the whole upload is refused, naming each bad file, before anything is written. A file is
stored under a random name (`models.meeting_file_path`) with the uploader's name kept on the
row for display and download. Row and file go together: a failed save deletes the files it
wrote, a deleted row's file is deleted once the deletion commits (`luoshi.core.stored_files`;
rows deleted with their meeting too).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import FileField
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.action_log import Actor, delete_with_log, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.stored_files import files_removed_on_failure
from luoshi.core.upload_screening import DOCUMENTS_AND_IMAGES, MEGABYTE, UploadsRefused, screen_all
from luoshi.engagement.models import Attachment, Meeting

MAX_FILE_BYTES = 20 * MEGABYTE
MAX_PER_MEETING = 30
ACCEPTED = DOCUMENTS_AND_IMAGES


def _storage() -> Storage:
    field = Attachment._meta.get_field("file")
    assert isinstance(field, FileField)
    return field.storage


def meeting_files_add(
    *, actor: Actor, meeting: Meeting, uploads: Sequence[UploadedFile[bytes]]
) -> list[Attachment]:
    """Add files to a meeting: all of them, or none (refused files are named, one sentence
    each, in `UploadsRefused`)."""
    ensure_allowed(actor, "engagement.change_meeting", meeting)
    if not uploads:
        raise UploadsRefused(_("请选择要上传的文件。"))
    files = screen_all(uploads, max_bytes=MAX_FILE_BYTES, accepted=ACCEPTED)
    person = actor if isinstance(actor, User) and actor.is_authenticated else None
    with files_removed_on_failure(_storage()) as written, transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing = Attachment.objects.filter(meeting=locked).count()
        if existing + len(files) > MAX_PER_MEETING:
            raise UploadsRefused(
                _("每个会议最多 %(limit)d 个附件，已有 %(existing)d 个，不能再添加 %(new)d 个。")
                % {"limit": MAX_PER_MEETING, "existing": existing, "new": len(files)}
            )
        added = []
        for screened in files:
            attachment = Attachment(
                meeting=locked,
                name=screened.name,
                size=screened.size,
                content_type=screened.content_type,
                uploaded_by=person,
            )
            # Only the settled extension reaches the storage name.
            attachment.file.save(f"upload{screened.extension}", screened.upload, save=False)
            written.append(attachment.file.name or "")
            save_with_log(actor=actor, instance=attachment, verb="meeting.attachment_added")
            added.append(attachment)
        return added


def meeting_file_delete(*, actor: Actor, attachment: Attachment) -> None:
    """Remove a file from its meeting; the stored file goes once the deletion commits."""
    ensure_allowed(actor, "engagement.change_meeting", attachment.meeting)
    with transaction.atomic():
        stored = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if stored is None:
            raise ValidationError(_("这个附件已经删除。"))
        delete_with_log(actor=actor, instance=stored, verb="meeting.attachment_deleted")
