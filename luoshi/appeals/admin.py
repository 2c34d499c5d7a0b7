from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.appeals.models import Appeal, AppealEvent, AppealPhoto
from luoshi.core.admin_logging import LoggedModelAdmin


class ReadOnlyAdmin(LoggedModelAdmin):
    """Shown, never added or changed here: the services write appeals (and keep contact
    details out of every page but the handling unit's)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("number", "created_at", "region", "topic", "urgency", "channel", "status")
    list_filter = ("status", "channel", "topic", "urgency")
    search_fields = ("number", "source_number")
    list_select_related = ("region",)
    # No contact details: personal data stays with the handling unit.
    fields = (
        "number",
        "lead_unit",
        "channel",
        "source",
        "source_number",
        "topic",
        "urgency",
        "status",
        "region",
        "place",
        "content",
        "is_anonymous",
        "recorded_by",
    )
    readonly_fields = fields


@admin.register(AppealPhoto)
class AppealPhotoAdmin(ReadOnlyAdmin):
    list_display = ("name", "appeal", "size")
    list_select_related = ("appeal",)
    fields = ("appeal", "name", "size", "content_type")
    readonly_fields = fields


@admin.register(AppealEvent)
class AppealEventAdmin(ReadOnlyAdmin):
    list_display = ("appeal", "step", "unit", "actor", "created_at")
    list_filter = ("step",)
    list_select_related = ("appeal", "unit", "actor")
    fields = ("appeal", "step", "unit", "actor", "note")
    readonly_fields = fields
