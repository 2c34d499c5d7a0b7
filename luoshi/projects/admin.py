"""Admin for key projects. Writes are logged like every service; the model's own rules (stage
order, amounts) apply. Monthly figures, 纳统 and problems are read here and changed through
the pages, the API or the import, whose services keep the cumulative figures consistent."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.projects.models import (
    MonthlyInvestment,
    ProblemEscalation,
    Project,
    ProjectPreset,
    ProjectProblem,
    StatisticsInclusion,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InvestmentInline(ReadOnlyInline):
    model = MonthlyInvestment
    fields = ("month", "planned", "completed", "year_to_date", "since_start", "note")
    readonly_fields = fields


class ProblemInline(ReadOnlyInline):
    model = ProjectProblem
    fields = ("category", "description", "unit", "deadline", "state", "level")
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(LoggedModelAdmin):
    list_display = (
        "name",
        "year",
        "region",
        "unit",
        "category",
        "stage",
        "total_investment",
        "annual_plan",
        "is_public",
    )
    list_filter = ("year", "category", "stage", "is_public")
    search_fields = ("name", "code", "region__name", "unit__name")
    list_select_related = ("region", "unit")
    autocomplete_fields = ("region", "unit")
    raw_id_fields = ("task", "created_by")
    readonly_fields = ("stage",)
    inlines = (InvestmentInline, ProblemInline)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from luoshi.projects.stages import stage_from_actuals

        obj.stage = stage_from_actuals(obj.stage_dates("actual"))
        super().save_model(request, obj, form, change)


@admin.register(StatisticsInclusion)
class InclusionAdmin(LoggedModelAdmin):
    list_display = ("project", "state", "reported_at", "accepted_at")
    list_filter = ("state",)
    search_fields = ("project__name",)
    list_select_related = ("project",)
    readonly_fields = tuple(f.name for f in StatisticsInclusion._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class EscalationInline(ReadOnlyInline):
    model = ProblemEscalation
    fields = ("from_level", "to_level", "note", "escalated_by", "created_at")
    readonly_fields = fields


@admin.register(ProjectProblem)
class ProblemAdmin(LoggedModelAdmin):
    list_display = ("project", "category", "unit", "state", "level", "deadline")
    list_filter = ("category", "state", "level")
    search_fields = ("project__name", "description")
    list_select_related = ("project", "unit")
    readonly_fields = ("state", "level", "resolved_at", "resolved_by", "raised_by")
    raw_id_fields = ("project",)
    autocomplete_fields = ("unit",)
    inlines = (EscalationInline,)


@admin.register(ProjectPreset)
class PresetAdmin(LoggedModelAdmin):
    list_display = (
        "region",
        "start_red_months",
        "inclusion_yellow_months",
        "inclusion_red_months",
        "investment_red_points",
        "statistics_unit",
    )
    autocomplete_fields = ("region", "statistics_unit")
    list_select_related = ("region", "statistics_unit")
