"""Reads of attachments: a report's or a notice's files, and one file for someone who may
see its owner (the owner's own view permission decides; 404 before 403)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from luoshi.core.lookups import found
from luoshi.tasks.models import (
    NoticeAttachment,
    NoticeEvent,
    NoticeState,
    NoticeStep,
    ProgressAttachment,
    ProgressReport,
    ReportState,
)


def progress_attachments(report_ids: list[int]) -> list[ProgressAttachment]:
    """The files of these reports, in upload order, with their uploaders."""
    return list(
        ProgressAttachment.objects.filter(report_id__in=report_ids)
        .select_related("uploaded_by")
        .order_by("created_at", "id")
    )


def progress_attachment_get_for_user(
    user: Any, *, report_id: int, attachment_id: int
) -> ProgressAttachment:
    """The file, when it belongs to that report and the user may see the report; raises
    `ProgressAttachment.DoesNotExist` or `PermissionDenied`."""
    attachments = (
        ProgressAttachment.objects.select_related(
            "report__task__region", "report__task__lead_unit", "report__unit", "uploaded_by"
        )
        .prefetch_related("report__task__co_units")
        .filter(report_id=report_id)
    )
    attachment = found(attachments, pk=attachment_id)
    if not user.has_perm("tasks.view_progressreport", attachment.report):
        raise PermissionDenied(_("没有权限查看这份进展报告的附件。"))
    return attachment


def may_delete_progress_attachment(
    user: Any, report: ProgressReport, uploader_id: int | None
) -> bool:
    return (
        report.state in {ReportState.DRAFT, ReportState.RETURNED}
        and uploader_id is not None
        and uploader_id == getattr(user, "pk", None)
        and bool(user.has_perm("tasks.add_progressreport", report))
    )


def notice_attachments(notice_id: int) -> list[NoticeAttachment]:
    return list(
        NoticeAttachment.objects.filter(notice_id=notice_id)
        .select_related("uploaded_by")
        .order_by("created_at", "id")
    )


def notice_attachment_get_for_user(
    user: Any, *, notice_id: int, attachment_id: int
) -> NoticeAttachment:
    """The file, when it belongs to that notice and the user may see the notice; raises
    `NoticeAttachment.DoesNotExist` or `PermissionDenied`."""
    attachments = (
        NoticeAttachment.objects.select_related(
            "notice__task__region", "notice__unit", "uploaded_by"
        )
        .prefetch_related("notice__task__co_units")
        .filter(notice_id=notice_id)
    )
    attachment = found(attachments, pk=attachment_id)
    if not user.has_perm("tasks.view_notice", attachment.notice):
        raise PermissionDenied(_("没有权限查看这份督办单的附件。"))
    return attachment


@dataclass
class NoticeFiles:
    """A notice's files: those sent with each answer (by the answer's step), the latest
    answer's, and those waiting to go with the next answer."""

    by_event: dict[int, list[NoticeAttachment]] = field(default_factory=dict)
    latest_answer: list[NoticeAttachment] = field(default_factory=list)
    pending: list[NoticeAttachment] = field(default_factory=list)


def notice_files(notice_id: int) -> NoticeFiles:
    """Two queries, whatever the number of answers and files."""
    files = NoticeFiles()
    for attachment in notice_attachments(notice_id):
        if attachment.event_id is None:
            files.pending.append(attachment)
        else:
            files.by_event.setdefault(attachment.event_id, []).append(attachment)
    latest = (
        NoticeEvent.objects.filter(notice_id=notice_id, step=NoticeStep.ANSWERED)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is not None:
        files.latest_answer = files.by_event.get(latest, [])
    return files


def may_change_notice_files(user: Any, notice: Any) -> bool:
    return notice.state == NoticeState.RECEIVED and bool(
        user.has_perm("tasks.answer_notice", notice)
    )
