"""Attachments of progress reports and of the answers to supervision notices (反馈附件).

- A report's files are added by those who write the report (its unit's liaison or head) while
  it is a draft or returned, usually with the report itself (`progress_write_with_attachments`
  writes both or neither); the uploader may delete one while the report is still a draft or
  returned.
- A notice's files are added by its unit while the notice is received and not yet answered;
  they go with the next answer (`supervision.notice_answer` ties them to its step), so each
  answer keeps its own files after a send-back. Files not yet sent may be deleted by their
  uploader; sent ones are part of the record.

Every file is screened first (`luoshi.core.upload_screening`: size, extension and content) and
the whole upload is refused, naming each bad file, before anything is written. The file goes
through Django's storage API to a path of its owner and a random name; the row and the file
are written together: when the database write fails the files written so far are deleted, and
a deleted attachment's file is deleted once the deletion is committed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import FileField
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.action_log import Actor, delete_with_log, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.upload_screening import (
    MEGABYTE,
    ScreenedUpload,
    UploadRefused,
    screen_upload,
)
from luoshi.core.workflow import require_state
from luoshi.tasks.models import (
    Notice,
    NoticeAttachment,
    NoticeEvent,
    NoticeState,
    NoticeStep,
    ProgressAttachment,
    ProgressReport,
    ReportState,
    StoredAttachment,
)
from luoshi.tasks.services import supervision

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * MEGABYTE
MAX_PER_REPORT = 10
MAX_PER_ANSWER = 10
EDITABLE_REPORT_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class AttachmentsRefused(ValidationError):
    """Some files were refused (one sentence each); nothing was stored."""


def uploads_screen(uploads: Sequence[UploadedFile[bytes]]) -> list[ScreenedUpload]:
    """Every upload screened, or `AttachmentsRefused` with one sentence per refused file."""
    screened: list[ScreenedUpload] = []
    refusals: list[str] = []
    for upload in uploads:
        try:
            screened.append(screen_upload(upload, max_bytes=MAX_FILE_BYTES))
        except UploadRefused as refusal:
            refusals.append(refusal.message)
    if refusals:
        raise AttachmentsRefused(refusals)
    return screened


def _check_count(existing: int, adding: int, limit: int, message: str) -> None:
    if existing + adding > limit:
        raise AttachmentsRefused(message % {"limit": limit, "existing": existing, "new": adding})


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _attachment_storage() -> Storage:
    field = ProgressAttachment._meta.get_field("file")
    assert isinstance(field, FileField)
    return field.storage


@contextlib.contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    """Collects the names of the files written inside; deletes them if the block fails, so
    a database write that fails leaves no file behind it."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        storage = _attachment_storage()
        for name in written:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete the orphaned attachment file %s", name)
        raise


def _store(
    instance: StoredAttachment,
    screened: ScreenedUpload,
    *,
    actor: Actor,
    verb: str,
    written: list[str],
) -> None:
    instance.name = screened.name
    instance.size = screened.size
    instance.content_type = screened.content_type
    instance.uploaded_by = _person(actor)
    # Only the settled extension reaches the storage name (see models.attachment_path).
    instance.file.save(f"upload{screened.extension}", screened.upload, save=False)
    written.append(instance.file.name or "")
    save_with_log(actor=actor, instance=instance, verb=verb)


def _after_commit_delete(name: str) -> None:
    storage = _attachment_storage()

    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete the attachment file %s", name)

    transaction.on_commit(remove)


# --- progress reports ---------------------------------------------------------------------


def _locked_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)


def _require_editable(report: ProgressReport) -> None:
    require_state(
        report, EDITABLE_REPORT_STATES, _("这份报告当前为“%(state)s”，不能再添加或删除附件。")
    )


def _add_to_report(
    report: ProgressReport, files: list[ScreenedUpload], *, actor: Actor, written: list[str]
) -> list[ProgressAttachment]:
    _check_count(
        report.attachments.count(),
        len(files),
        MAX_PER_REPORT,
        _("每份进展报告最多 %(limit)d 个附件，已有 %(existing)d 个，不能再添加 %(new)d 个。"),
    )
    added = []
    for screened in files:
        attachment = ProgressAttachment(report=report)
        _store(attachment, screened, actor=actor, verb="progress.attachment_added", written=written)
        added.append(attachment)
    return added


def progress_attachments_add(
    *, actor: Actor, report: ProgressReport, uploads: Sequence[UploadedFile[bytes]]
) -> list[ProgressAttachment]:
    """Add files to a draft or returned report; all of them or none."""
    ensure_allowed(actor, "tasks.add_progressreport", report)
    if not uploads:
        raise AttachmentsRefused(_("请选择要上传的文件。"))
    files = uploads_screen(uploads)
    with _files_removed_on_failure() as written, transaction.atomic():
        stored = _locked_report(report)
        _require_editable(stored)
        return _add_to_report(stored, files, actor=actor, written=written)


def progress_write_with_attachments(
    *,
    actor: Actor,
    uploads: Sequence[UploadedFile[bytes]],
    write: Callable[[], ProgressReport],
) -> ProgressReport:
    """Write a report with the flow (`progress_save` or `progress_revise`, which check who
    writes and that the report is a draft or returned) and add the files to it, in one
    transaction: refused files leave the report as it was, and a failed write leaves no file."""
    files = uploads_screen(uploads)
    with _files_removed_on_failure() as written, transaction.atomic():
        report = write()
        if files:
            ensure_allowed(actor, "tasks.add_progressreport", report)
            _add_to_report(_locked_report(report), files, actor=actor, written=written)
        return report


def progress_attachment_delete(*, actor: Actor, attachment: ProgressAttachment) -> None:
    """The uploader removes a file while the report is still a draft or returned."""
    with transaction.atomic():
        report = _locked_report(attachment.report)
        ensure_allowed(actor, "tasks.add_progressreport", report)
        _ensure_uploader(actor, attachment)
        _require_editable(report)
        name = attachment.file.name
        delete_with_log(actor=actor, instance=attachment, verb="progress.attachment_deleted")
        if name:
            _after_commit_delete(name)


def _ensure_uploader(actor: Actor, attachment: StoredAttachment) -> None:
    if actor is None:
        return
    if attachment.uploaded_by_id is None or attachment.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("只有上传人可以删除这个附件。"))


# --- supervision notices ------------------------------------------------------------------


def _locked_notice(notice: Notice) -> Notice:
    return Notice.objects.select_for_update(of=("self",)).select_related("task").get(pk=notice.pk)


def _notice_open_for_files(notice: Notice) -> None:
    if notice.state == NoticeState.ISSUED:
        raise ValidationError(_("请先签收督办单，再上传附件。"))
    require_state(
        notice,
        NoticeState.RECEIVED,
        _("督办单%(number)s当前为“%(state)s”，不能再添加或删除反馈附件。"),
        number=notice.number,
    )


def _add_to_notice(
    notice: Notice,
    files: list[ScreenedUpload],
    *,
    actor: Actor,
    event: NoticeEvent | None,
    written: list[str],
) -> list[NoticeAttachment]:
    existing = NoticeAttachment.objects.filter(notice=notice, event=event).count()
    _check_count(
        existing,
        len(files),
        MAX_PER_ANSWER,
        _("每次反馈最多 %(limit)d 个附件，已有 %(existing)d 个，不能再添加 %(new)d 个。"),
    )
    added = []
    for screened in files:
        attachment = NoticeAttachment(notice=notice, event=event)
        _store(attachment, screened, actor=actor, verb="notice.attachment_added", written=written)
        added.append(attachment)
    return added


def notice_attachments_add(
    *, actor: Actor, notice: Notice, uploads: Sequence[UploadedFile[bytes]]
) -> list[NoticeAttachment]:
    """Files the unit will send with its next answer (the notice is received, not answered)."""
    ensure_allowed(actor, "tasks.answer_notice", notice)
    if not uploads:
        raise AttachmentsRefused(_("请选择要上传的文件。"))
    files = uploads_screen(uploads)
    with _files_removed_on_failure() as written, transaction.atomic():
        stored = _locked_notice(notice)
        _notice_open_for_files(stored)
        return _add_to_notice(stored, files, actor=actor, event=None, written=written)


def notice_answer_with_attachments(
    *, actor: Actor, notice: Notice, answer: str, uploads: Sequence[UploadedFile[bytes]]
) -> Notice:
    """Answer the notice (`supervision.notice_answer`: who, state and text are checked there,
    before any file is written) with these files and those uploaded before; all or nothing."""
    files = uploads_screen(uploads)
    with _files_removed_on_failure() as written, transaction.atomic():
        answered = supervision.notice_answer(actor=actor, notice=notice, answer=answer)
        if files:
            event = (
                NoticeEvent.objects.filter(notice=answered, step=NoticeStep.ANSWERED)
                .order_by("-created_at", "-id")
                .first()
            )
            _add_to_notice(answered, files, actor=actor, event=event, written=written)
        return answered


def notice_attachment_delete(*, actor: Actor, attachment: NoticeAttachment) -> None:
    """The uploader removes a file not yet sent with an answer."""
    with transaction.atomic():
        notice = _locked_notice(attachment.notice)
        ensure_allowed(actor, "tasks.answer_notice", notice)
        _ensure_uploader(actor, attachment)
        stored = NoticeAttachment.objects.get(pk=attachment.pk)
        if stored.event_id is not None:
            raise ValidationError(_("这个附件已随反馈报送，不能删除。"))
        _notice_open_for_files(notice)
        name = stored.file.name
        delete_with_log(actor=actor, instance=stored, verb="notice.attachment_deleted")
        if name:
            _after_commit_delete(name)
