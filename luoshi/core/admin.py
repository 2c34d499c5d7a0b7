from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from luoshi.core.action_verbs import verb_label
from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.core.models import ActionLog, CalendarDay, ColourPreset, Region, Unit

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


@admin.register(CalendarDay)
class CalendarDayAdmin(LoggedModelAdmin):
    """Days off and make-up working days the office sets (节假日调整): for a year whose
    arrangement the installed calendar does not know yet. Time limits set afterwards count
    them."""

    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
    search_fields = ("note",)


@admin.register(ColourPreset)
class ColourPresetAdmin(LoggedModelAdmin):
    """A region's colour thresholds (预警规则); the daily evaluation applies a change."""

    list_display = (
        "region",
        "yellow_points_behind",
        "red_points_behind",
        "yellow_days_before_deadline",
        "ahead_points",
    )
    search_fields = ("region__name", "region__code")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)


class VerbFilter(admin.SimpleListFilter):
    """Filter by verb, offered by its label: the admin shows no verb codes either."""

    title = _("动作")
    parameter_name = "verb"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        verbs = ActionLog.objects.order_by("verb").values_list("verb", flat=True).distinct()
        return sorted(((verb, verb_label(verb)) for verb in verbs), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(verb=self.value()) if self.value() else queryset


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only and written by services."""

    list_display = ("created_at", "actor", "action", "target_repr", "visibility")
    list_filter = (VerbFilter, "visibility")
    search_fields = ("verb", "target_repr", "actor__username")
    list_select_related = ("actor", "target_type")
    date_hierarchy = "created_at"
    readonly_fields = ("action",)

    @admin.display(description=_("动作"), ordering="verb")
    def action(self, entry: ActionLog) -> str:
        return verb_label(entry.verb, entry.target_type)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The label stands where the verb's code would.
        fields = [name for name in super().get_fields(request, obj) if name != "action"]
        return ["action" if name == "verb" else name for name in fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
