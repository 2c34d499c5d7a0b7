from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.reports.models import ReportVersion, WorkReport


class VersionInline(admin.TabularInline):
    """Versions are written by the report pages (services); the admin only lists them."""

    model = ReportVersion
    fk_name = "report"
    extra = 0
    fields = ("number", "kind", "label", "published_at", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkReport)
class WorkReportAdmin(LoggedModelAdmin):
    list_display = ("year", "region", "title", "speaker_name", "status", "delivered_on")
    list_filter = ("year", "status")
    search_fields = ("title", "region__name", "speaker_name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    readonly_fields = ("status", "adopted_version")
    inlines = (VersionInline,)
