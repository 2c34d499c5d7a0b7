"""Admin for import batches. A batch is made by an upload (its file kept, recognised by its
hash), read by the background job and committed by its service; the admin shows it and may
delete it (logged), never adds one. While a batch awaits review, what the person decides the
document is may be corrected here, as the review page does (`import_batch_update`); the rest,
its status above all, is only shown. Items are decided on the review page only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.imports.models import BatchStatus, CorpusFile, ImportBatch, ImportCorpus, ImportItem
from luoshi.imports.services import BATCH_EDITABLE_FIELDS


@admin.register(ImportBatch)
class ImportBatchAdmin(LoggedModelAdmin):
    list_display = (
        "file_name",
        "status",
        "doc_type",
        "region",
        "year",
        "uploaded_by",
        "created_at",
        "committed_at",
    )
    list_filter = ("status", "version_kind")
    search_fields = ("file_name", "title", "sha256", "uploaded_by__username")
    list_select_related = ("region", "uploaded_by")
    autocomplete_fields = ("region",)
    # The file itself and its reading (`content`, `extraction`) are large and shown on the
    # review page, not here.
    fields = (
        "file_name",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
        "status",
        "progress",
        "state_since",
        "error",
        "doc_type",
        "region",
        "year",
        "title",
        "version_kind",
        "create_version",
        "create_meetings",
        "committed_at",
        "committed_by",
        "report",
        "version",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and obj.status == BatchStatus.REVIEW:
            return tuple(name for name in self.fields if name not in BATCH_EDITABLE_FIELDS)
        return self.fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != BatchStatus.REVIEW:
            return False
        return super().has_change_permission(request, obj)


@admin.register(ImportItem)
class ImportItemAdmin(LoggedModelAdmin):
    list_display = ("batch", "kind", "position", "decision")
    list_filter = ("kind", "decision")
    search_fields = ("batch__file_name",)
    list_select_related = ("batch",)
    fields = ("batch", "kind", "position", "start", "end", "extracted", "edited", "decision")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportCorpus)
class ImportCorpusAdmin(LoggedModelAdmin):
    """A corpus is made by an upload or `luoshi import`; shown here, never added or changed."""

    list_display = ("name", "uploaded_by", "created_at")
    search_fields = ("name", "uploaded_by__username")
    list_select_related = ("uploaded_by",)
    fields = ("name", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CorpusFile)
class CorpusFileAdmin(LoggedModelAdmin):
    list_display = ("name", "corpus", "outcome", "batch")
    list_filter = ("outcome",)
    search_fields = ("name", "corpus__name")
    list_select_related = ("corpus", "batch")
    fields = ("corpus", "position", "name", "outcome", "batch", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
