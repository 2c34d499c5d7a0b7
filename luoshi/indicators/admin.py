from django.contrib import admin

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.indicators.models import (
    Indicator,
    Observation,
    RankTier,
    StatedRank,
    Target,
    TargetAllocation,
)


@admin.register(Indicator)
class IndicatorAdmin(LoggedModelAdmin):
    list_display = ("name", "category", "unit", "measure", "direction", "binding", "is_builtin")
    list_filter = ("category", "measure", "binding", "is_builtin")
    search_fields = ("name", "code")


class AllocationInline(admin.TabularInline):
    model = TargetAllocation
    extra = 0
    autocomplete_fields = ("region",)


@admin.register(Target)
class TargetAdmin(LoggedModelAdmin):
    list_display = (
        "year",
        "region",
        "indicator",
        "measure",
        "low",
        "high",
        "qualifier",
        "source_kind",
    )
    list_filter = ("year", "measure", "qualifier", "source_kind")
    search_fields = ("region__name", "indicator__name")
    list_select_related = ("region", "indicator")
    autocomplete_fields = ("region", "indicator")
    raw_id_fields = ("source_version",)
    inlines = (AllocationInline,)


class StatedRankInline(admin.TabularInline):
    model = StatedRank
    extra = 0


@admin.register(Observation)
class ObservationAdmin(LoggedModelAdmin):
    list_display = (
        "region",
        "indicator",
        "year",
        "period_kind",
        "period_index",
        "value",
        "growth",
        "source_kind",
    )
    list_filter = ("year", "period_kind", "source_kind")
    search_fields = ("region__name", "indicator__name")
    list_select_related = ("region", "indicator")
    autocomplete_fields = ("region", "indicator")
    raw_id_fields = ("source_version",)
    inlines = (StatedRankInline,)


@admin.register(RankTier)
class RankTierAdmin(LoggedModelAdmin):
    list_display = ("label", "scope_region", "rank_from", "rank_to")
    autocomplete_fields = ("scope_region",)
