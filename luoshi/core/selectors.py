"""Reads of regions, units, colour presets and the action log, with their joins already set."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet

from luoshi.core.colour_rules import DEFAULT_COLOUR_RULES, ColourRules
from luoshi.core.log_sentences import LogLine, log_lines
from luoshi.core.lookups import found
from luoshi.core.models import ActionLog, ColourPreset, Region, Unit, Visibility
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


@dataclass(frozen=True)
class LogFilters:
    """What the action log is narrowed to (every field optional).

    `person`: the actor's full name (a part of it) or exact username. `unit`: the unit the
    actor acts for — any role they hold or held there (a revoked role still explains what they
    did then); an object's own unit is not looked at, the log does not know it. `verbs` and
    `verb_endings` (`.created`…): the kind of action. `target_type` / `target_id`: the object.
    `since` / `until`: aware times, `until` excluded."""

    person: str = ""
    unit_id: int | None = None
    verbs: tuple[str, ...] = ()
    verb_endings: tuple[str, ...] = ()
    target_type_id: int | None = None
    target_id: str = ""
    since: datetime | None = None
    until: datetime | None = None


def action_log_filtered(filters: LogFilters) -> QuerySet[ActionLog]:
    """The log narrowed by `filters`, newest first, with who did it and the target's type."""
    entries = ActionLog.objects.select_related("actor", "target_type")
    if filters.person:
        entries = entries.filter(
            Q(actor__full_name__contains=filters.person) | Q(actor__username=filters.person)
        )
    if filters.unit_id is not None:
        people = get_user_model().objects.filter(memberships__unit_id=filters.unit_id)
        entries = entries.filter(actor_id__in=people.values("pk"))
    if filters.verbs or filters.verb_endings:
        kind = Q(verb__in=filters.verbs)
        for ending in filters.verb_endings:
            kind |= Q(verb__endswith=ending)
        entries = entries.filter(kind)
    if filters.target_type_id is not None:
        entries = entries.filter(target_type_id=filters.target_type_id)
        if filters.target_id:
            entries = entries.filter(target_id=filters.target_id)
    if filters.since is not None:
        entries = entries.filter(created_at__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(created_at__lt=filters.until)
    return entries.order_by("-created_at", "-id")


@dataclass(frozen=True)
class ObjectHistory:
    """An object's own log entries as its page shows them (变更记录), newest first."""

    lines: list[LogLine]
    truncated: bool
    target_type_id: int
    target_id: str

    def __iter__(self) -> Iterator[LogLine]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)


def action_log_for_object(
    obj: models.Model, limit: int = 50, *, viewer: Any = None
) -> ObjectHistory:
    """The entries whose target is `obj` (not its parts: a task's history holds no progress
    report's entries), newest first, at most `limit`, ready to show (two to four queries
    whatever the number).

    Whoever may see the object may read its history: the entries say what happened to the
    object, and their values are the object's own fields (secrets and what a model keeps out
    of the log are never recorded). Visibility says what may be *published* (the portal shows
    public things only) — the staff page shows administrators' entries too. An entry marked
    private is shown only to whoever made it and to readers of the whole log."""
    target_type = ContentType.objects.get_for_model(obj)
    entries = action_log_for(target_type_id=target_type.pk, target_id=str(obj.pk))
    if viewer is None or not viewer.has_perm("core.view_actionlog"):
        shown = ~Q(visibility=Visibility.PRIVATE)
        if getattr(viewer, "pk", None) is not None:
            shown |= Q(actor_id=viewer.pk)
        entries = entries.filter(shown)
    rows = list(entries.order_by("-created_at", "-id")[: limit + 1])
    return ObjectHistory(
        lines=log_lines(rows[:limit]),
        truncated=len(rows) > limit,
        target_type_id=target_type.pk,
        target_id=str(obj.pk),
    )


def action_log_recent(*, limit: int = 50) -> QuerySet[ActionLog]:
    return ActionLog.objects.select_related("actor", "target_type").order_by("-created_at", "-id")[
        :limit
    ]


def region_count() -> int:
    return Region.objects.count()
