"""Attachment lists for the report, report form and notice pages, with what the viewer may do
with each file. Kept here so those pages' views need not change: each page already checked
that the viewer may see the report or notice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils import timezone

from luoshi.tasks.forms_attachments import NoticeAnswerForm
from luoshi.tasks.models import (
    NoticeAttachment,
    ProgressAttachment,
    ProgressReport,
    ReportState,
    Task,
)
from luoshi.tasks.periods import period_containing
from luoshi.tasks.selectors import attachment_queries as queries

register = template.Library()


@dataclass(frozen=True)
class FileRow:
    file: ProgressAttachment | NoticeAttachment
    url: str
    delete_url: str  # empty when the viewer may not delete it


def _progress_rows(user: Any, reports: list[ProgressReport]) -> dict[int, list[FileRow]]:
    by_id = {report.pk: report for report in reports}
    rows: dict[int, list[FileRow]] = {report.pk: [] for report in reports}
    for attachment in queries.progress_attachments(list(by_id)):
        report = by_id[attachment.report_id]
        args = [report.pk, attachment.pk]
        may_delete = queries.may_delete_progress_attachment(user, report, attachment.uploaded_by_id)
        rows[report.pk].append(
            FileRow(
                attachment,
                reverse("tasks:progress_attachment", args=args),
                reverse("tasks:progress_attachment_delete", args=args) if may_delete else "",
            )
        )
    return rows


@register.inclusion_tag("tasks/_attachments.html", takes_context=True)
def progress_files(
    context: dict[str, Any], report: ProgressReport, with_parts: bool = False
) -> dict[str, Any]:
    """The report's files; with `with_parts`, also those of the co-unit reports consolidated
    into it (the office reviews them together)."""
    request = context["request"]
    parts = list(report.contributions.all()) if with_parts else []
    rows = _progress_rows(request.user, [report, *parts])
    return {
        "rows": rows[report.pk],
        "parts": [(part, rows[part.pk]) for part in parts if rows[part.pk]],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def report_being_edited(
    context: dict[str, Any], task: Task, revising: ProgressReport | None, last: Any
) -> ProgressReport | None:
    """The stored report the progress form writes into, if there is one: the report being
    corrected, or this period's draft or returned report (not an earlier report the form was
    only prefilled from)."""
    if revising is not None:
        return revising
    if not isinstance(last, ProgressReport) or last.state not in {
        ReportState.DRAFT,
        ReportState.RETURNED,
    }:
        return None
    current = period_containing(task.cadence, timezone.localdate())
    return last if last.period_end == current.end else None


@dataclass(frozen=True)
class NoticeFileRows:
    by_event: dict[int, list[FileRow]]
    latest_answer: list[FileRow]
    pending: list[FileRow]


@register.simple_tag(takes_context=True)
def notice_file_rows(context: dict[str, Any], notice: Any) -> NoticeFileRows:
    """The notice's files by answer, the latest answer's, and those not yet sent (with a
    delete link for their uploader while the notice is open for them)."""
    user = context["request"].user
    files = queries.notice_files(notice.pk)
    may_change = queries.may_change_notice_files(user, notice)

    def row(attachment: NoticeAttachment) -> FileRow:
        args = [notice.pk, attachment.pk]
        mine = attachment.uploaded_by_id is not None and attachment.uploaded_by_id == user.pk
        deletable = may_change and mine and attachment.event_id is None
        return FileRow(
            attachment,
            reverse("tasks:notice_attachment", args=args),
            reverse("tasks:notice_attachment_delete", args=args) if deletable else "",
        )

    return NoticeFileRows(
        by_event={event: [row(a) for a in items] for event, items in files.by_event.items()},
        latest_answer=[row(a) for a in files.latest_answer],
        pending=[row(a) for a in files.pending],
    )


@register.filter
def files_of(rows: NoticeFileRows, event_id: int) -> list[FileRow]:
    return rows.by_event.get(event_id, [])


@register.simple_tag
def answer_files_field() -> BoundField:
    """The file chooser of the notice answer form, for the notice page's inline form."""
    return NoticeAnswerForm()["attachments"]


@register.inclusion_tag("tasks/_attachment_rows.html", takes_context=True)
def file_list(context: dict[str, Any], rows: list[FileRow], empty: str = "") -> dict[str, Any]:
    return {
        "rows": rows,
        "empty": empty,
        "request": context["request"],
        "next": context["request"].get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
