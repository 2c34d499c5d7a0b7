from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.portal.models import OpenDataPackage


@admin.register(OpenDataPackage)
class OpenDataPackageAdmin(LoggedModelAdmin):
    """Shown, never added or changed here: `luoshi open_data` builds them."""

    list_display = ("key", "region", "year", "size", "built_at")
    search_fields = ("key", "region__name")
    list_select_related = ("region",)
    fields = ("key", "region", "year", "file", "size", "counts", "built_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
