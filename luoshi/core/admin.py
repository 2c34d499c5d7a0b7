from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.core.models import ActionLog, Region, Unit

admin.site.site_header = _("落实 · 系统后台")
admin.site.site_title = _("落实")
admin.site.index_title = _("系统管理")


@admin.register(Region)
class RegionAdmin(LoggedModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "source", "is_active")
    list_filter = ("level", "source", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(LoggedModelAdmin):
    list_display = ("name", "short_name", "region", "kind", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "region__name")
    list_select_related = ("region",)
    autocomplete_fields = ("region", "parent")


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only and written by services."""

    list_display = ("created_at", "actor", "verb", "target_repr", "visibility")
    list_filter = ("verb", "visibility")
    search_fields = ("verb", "target_repr", "actor__username")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
