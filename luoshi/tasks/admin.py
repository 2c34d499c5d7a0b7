"""Admin for tasks and their supervision. Writes are logged like every service's.

What the decomposition says about a task (its words, units, deadline, milestones, 免责事由)
can be corrected here. Its status, colour, percent and dates of evaluation and completion are
what the progress cycle wrote (`services.evaluation`, `services.progress_flow`) and are only
shown; so are its region and year once it exists, which `task_update` never changes either.

Progress reports, change requests, notices, their histories, attachments and messages move
only through their services (the pages, the API and the daily jobs), which check the flow,
write the history, store the files and tell the people concerned: the admin shows them and
may delete one (logged), never adds or changes one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.tasks.models import (
    ChangeRequest,
    ColourChange,
    InstructionReceipt,
    LeaderInstruction,
    Milestone,
    Notice,
    NoticeAttachment,
    NoticeEvent,
    Notification,
    ProgressAttachment,
    ProgressReport,
    StatusLabel,
    SupervisionBulletin,
    Task,
)

ATTACHMENT_FIELDS = ("name", "size", "content_type", "uploaded_by", "created_at")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RecordAdmin(LoggedModelAdmin):
    """A record written only through its services: shown, deletable (logged), never added
    or changed here. Every shown field is read-only."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields or ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("quarter", "text", "due_date", "done_on")


class ColourChangeInline(ReadOnlyInline):
    model = ColourChange
    fields = ("on", "previous", "colour", "reason")
    readonly_fields = fields


# A task whose family has progress reports keeps its record (as `task_delete` says).
def _has_reports(task: Task) -> bool:
    level = [task.pk]
    while level:
        if ProgressReport.objects.filter(task_id__in=level).exists():
            return True
        level = list(Task.objects.filter(parent_id__in=level).values_list("pk", flat=True))
    return False


@admin.register(Task)
class TaskAdmin(LoggedModelAdmin):
    list_display = (
        "__str__",
        "year",
        "region",
        "lead_unit",
        "deadline",
        "status",
        "colour",
        "percent",
        "is_public",
    )
    list_filter = ("year", "status", "colour", "source", "cadence", "is_public")
    search_fields = ("number", "title", "leader", "region__name", "lead_unit__name")
    list_select_related = ("region", "lead_unit")
    autocomplete_fields = ("region", "lead_unit", "co_units")
    raw_id_fields = ("parent", "report", "source_version", "target", "referral", "commitment")
    # Written by the evaluation and the approval of progress reports.
    readonly_fields = (
        "status",
        "colour",
        "percent",
        "evaluated_on",
        "completed_on",
        "created_by",
    )
    inlines = (MilestoneInline, ColourChangeInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if obj is None else (*fields, "region", "year")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _has_reports(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Milestone)
class MilestoneAdmin(LoggedModelAdmin):
    list_display = ("task", "quarter", "text", "due_date", "done_on")
    list_filter = ("quarter",)
    search_fields = ("text", "task__title", "task__number")
    list_select_related = ("task",)
    raw_id_fields = ("task",)


class ProgressAttachmentInline(ReadOnlyInline):
    model = ProgressAttachment
    fields = ATTACHMENT_FIELDS
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(RecordAdmin):
    list_display = ("task", "unit", "period_label", "due_date", "state", "percent", "claims_done")
    list_filter = ("state", "claims_done")
    search_fields = ("task__title", "task__number", "unit__name", "period_label")
    list_select_related = ("task", "unit")
    fields = (
        "task",
        "unit",
        "period_label",
        "period_start",
        "period_end",
        "due_date",
        "progress",
        "problems",
        "next_steps",
        "percent",
        "claims_done",
        "state",
        "return_reason",
        "returned_count",
        "consolidated_into",
        "submitted_by",
        "submitted_at",
        "signed_by",
        "signed_at",
        "reviewed_by",
        "reviewed_at",
    )
    inlines = (ProgressAttachmentInline,)


@admin.register(ProgressAttachment)
class ProgressAttachmentAdmin(RecordAdmin):
    list_display = ("name", "report", "size", "uploaded_by", "created_at")
    search_fields = ("name", "report__task__title")
    list_select_related = ("report__task", "uploaded_by")
    fields = ("report", *ATTACHMENT_FIELDS)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(RecordAdmin):
    list_display = ("task", "kind", "unit", "new_deadline", "state", "created_at", "decided_at")
    list_filter = ("kind", "state")
    search_fields = ("task__title", "task__number", "reason", "unit__name")
    list_select_related = ("task", "unit")
    fields = (
        "task",
        "kind",
        "unit",
        "reason",
        "new_deadline",
        "new_title",
        "requested_by",
        "created_at",
        "state",
        "decision_note",
        "decided_by",
        "decided_at",
    )


@admin.register(StatusLabel)
class StatusLabelAdmin(LoggedModelAdmin):
    list_display = ("region", "status", "label")
    list_filter = ("status",)
    search_fields = ("region__name", "label")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)


@admin.register(ColourChange)
class ColourChangeAdmin(RecordAdmin):
    """Append-only: written by the evaluation."""

    list_display = ("task", "on", "previous", "colour", "reason")
    list_filter = ("colour",)
    search_fields = ("task__title", "task__number", "reason")
    list_select_related = ("task",)
    date_hierarchy = "on"
    fields = ("task", "on", "previous", "colour", "reason", "created_at")


class NoticeEventInline(ReadOnlyInline):
    model = NoticeEvent
    fields = ("step", "text", "actor", "created_at")
    readonly_fields = fields


class NoticeAttachmentInline(ReadOnlyInline):
    model = NoticeAttachment
    fields = ("event", *ATTACHMENT_FIELDS)
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(RecordAdmin):
    list_display = ("__str__", "task", "unit", "colour", "state", "due_date", "created_at")
    list_filter = ("colour", "state")
    search_fields = ("number", "task__title", "task__number", "unit__name", "reason")
    list_select_related = ("task", "unit")
    fields = (
        "number",
        "task",
        "unit",
        "colour",
        "rule",
        "reason",
        "requirement",
        "due_date",
        "issued_by",
        "created_at",
        "state",
        "received_by",
        "received_at",
        "answer",
        "answered_at",
        "review_note",
        "closed_at",
    )
    inlines = (NoticeEventInline, NoticeAttachmentInline)


@admin.register(NoticeEvent)
class NoticeEventAdmin(RecordAdmin):
    """Append-only: each step of a notice, written by `services.supervision`."""

    list_display = ("notice", "step", "actor", "created_at")
    list_filter = ("step",)
    search_fields = ("notice__number", "notice__task__title", "text")
    list_select_related = ("notice", "actor")
    fields = ("notice", "step", "text", "actor", "created_at")


@admin.register(NoticeAttachment)
class NoticeAttachmentAdmin(RecordAdmin):
    list_display = ("name", "notice", "event", "size", "uploaded_by", "created_at")
    search_fields = ("name", "notice__number", "notice__task__title")
    list_select_related = ("notice", "event", "uploaded_by")
    fields = ("notice", "event", *ATTACHMENT_FIELDS)


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    """Written by the reminders and the flows; read (not logged) by the addressee only."""

    list_display = ("user", "text", "created_at", "read_at")
    search_fields = ("user__username", "user__full_name", "text")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    fields = ("user", "text", "url", "created_at", "read_at")


@admin.register(SupervisionBulletin)
class SupervisionBulletinAdmin(RecordAdmin):
    """督查通报 / 季度总结: drafted, edited and issued (numbered) by `services.bulletins` on the
    bulletin pages, which keep an issued one unchanged."""

    list_display = ("__str__", "region", "kind", "year", "period", "state", "issued_at")
    list_filter = ("kind", "state")
    search_fields = ("number", "title", "body", "region__name")
    list_select_related = ("region",)
    fields = (
        "region",
        "kind",
        "year",
        "period",
        "number",
        "title",
        "body",
        "state",
        "drafted_by",
        "issued_by",
        "issued_at",
        "created_at",
        "updated_at",
    )


class InstructionReceiptInline(ReadOnlyInline):
    model = InstructionReceipt
    fields = ("unit", "acknowledged_by", "acknowledged_at", "answer", "answered_by", "answered_at")
    readonly_fields = fields


class NeverDeleted(RecordAdmin):
    """领导批示 and their receipts are never edited or deleted once given (a leader adds
    another instead): shown only."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LeaderInstruction)
class LeaderInstructionAdmin(NeverDeleted):
    """Given by `services.instructions` on the task, notice and report pages."""

    list_display = ("__str__", "task", "given_by", "created_at")
    search_fields = ("text", "task__title", "task__number", "given_by__full_name")
    list_select_related = ("task", "given_by")
    date_hierarchy = "created_at"
    fields = ("task", "notice", "progress_report", "text", "given_by", "created_at")
    inlines = (InstructionReceiptInline,)


@admin.register(InstructionReceipt)
class InstructionReceiptAdmin(NeverDeleted):
    """Read (已阅) and answered (落实情况) by the unit through `services.instructions`."""

    list_display = ("instruction", "unit", "acknowledged_at", "answered_at")
    search_fields = ("unit__name", "instruction__text", "instruction__task__title", "answer")
    list_select_related = ("instruction", "unit")
    fields = (
        "instruction",
        "unit",
        "acknowledged_by",
        "acknowledged_at",
        "answer",
        "answered_by",
        "answered_at",
    )
