"""Reads of regions, units, colour presets and the action log, with their joins already set."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from luoshi.core.colour_rules import DEFAULT_COLOUR_RULES, ColourRules
from luoshi.core.lookups import found
from luoshi.core.models import ActionLog, ColourPreset, Region, Unit
from luoshi.core.region_codes import region_codes_nearest_first


def region_list(
    *,
    level: str | None = None,
    parent_code: str | None = None,
    query: str | None = None,
) -> QuerySet[Region]:
    regions = Region.objects.select_related("parent").annotate(
        child_count=Count("children", distinct=True)
    )
    if level:
        regions = regions.filter(level=level)
    if parent_code:
        regions = regions.filter(parent__code=parent_code)
    if query:
        regions = regions.filter(Q(name__contains=query) | Q(code__startswith=query))
    return regions.order_by("code")


def region_get(*, code: str) -> Region:
    """Raises NotFound (a Region.DoesNotExist) when no region has this code."""
    return found(Region.objects.select_related("parent__parent"), code=code)


def region_ancestors(region: Region) -> list[Region]:
    """From the province down to the region's parent (regions are at most four deep)."""
    chain: list[Region] = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


def region_children(region: Region) -> QuerySet[Region]:
    return region_list(parent_code=region.code)


def colour_rules_for_regions(regions: Iterable[Region]) -> dict[int, ColourRules]:
    """Each region's colour rules (by region id): its own preset, else its nearest ancestor's,
    else the defaults. One query, for only the presets that can govern these regions;
    ancestors are found by GB/T 2260 code prefixes. Tasks and indicators both read rules here."""
    regions = list(regions)
    chains = {region.pk: region_codes_nearest_first(region.code) for region in regions}
    wanted = {code for chain in chains.values() for code in chain}
    presets = {
        preset.region.code: preset.rules
        for preset in ColourPreset.objects.filter(region__code__in=wanted).select_related("region")
    }
    return {
        pk: next((presets[code] for code in chain if code in presets), DEFAULT_COLOUR_RULES)
        for pk, chain in chains.items()
    }


def colour_rules_for_region(region: Region) -> ColourRules:
    """One region's colour rules (see `colour_rules_for_regions`)."""
    return colour_rules_for_regions([region])[region.pk]


def unit_list(
    *,
    region_code: str | None = None,
    include_subregions: bool = False,
    kind: str | None = None,
    query: str | None = None,
    active_only: bool = True,
) -> QuerySet[Unit]:
    units = Unit.objects.select_related("region", "parent")
    if region_code:
        if include_subregions:
            units = units.filter(
                Q(region__code=region_code)
                | Q(region__parent__code=region_code)
                | Q(region__parent__parent__code=region_code)
            )
        else:
            units = units.filter(region__code=region_code)
    if kind:
        units = units.filter(kind=kind)
    if query:
        units = units.filter(Q(name__contains=query) | Q(short_name__contains=query))
    if active_only:
        units = units.filter(is_active=True)
    return units.order_by("region__code", "sort_order", "name")


def unit_get(*, unit_id: int) -> Unit:
    """Raises NotFound (a Unit.DoesNotExist) when there is no such unit."""
    return found(Unit.objects.select_related("region__parent__parent", "parent"), pk=unit_id)


def action_log_for(*, target_type_id: int, target_id: str) -> QuerySet[ActionLog]:
    return ActionLog.objects.select_related("actor").filter(
        target_type_id=target_type_id, target_id=target_id
    )


def action_log_recent(*, limit: int = 50) -> QuerySet[ActionLog]:
    return ActionLog.objects.select_related("actor", "target_type").order_by("-created_at", "-id")[
        :limit
    ]


def region_count() -> int:
    return Region.objects.count()
