"""Writes to the catalogue, targets, allocations and observations; validated, atomic, logged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Visibility
from luoshi.indicators.catalogue import catalogue_rows
from luoshi.indicators.models import (
    Indicator,
    Observation,
    StatedRank,
    Target,
    TargetAllocation,
)
from luoshi.reports.models import ReportVersion


@dataclass(frozen=True)
class SourceRef:
    kind: str = "manual"
    version: ReportVersion | None = None
    anchor: str = ""
    text: str = ""


@dataclass(frozen=True)
class RankInput:
    scope: str
    rank: int | None
    change: int | None


def catalogue_load() -> int:
    """Create the built-in indicators that are missing; returns how many were added."""
    existing = set(Indicator.objects.values_list("code", flat=True))
    new = [Indicator(**row) for row in catalogue_rows() if row["code"] not in existing]
    Indicator.objects.bulk_create(new)
    return len(new)


def indicator_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    unit: str = "",
    measure: str = "growth",
    direction: str = "up",
    binding: str = "expected",
    category: str = "",
    synonyms: Sequence[str] = (),
) -> Indicator:
    ensure_allowed(actor, "indicators.add_indicator")
    indicator = Indicator(
        code=code,
        name=name.strip(),
        unit=unit.strip(),
        measure=measure,
        direction=direction,
        binding=binding,
        category=category.strip(),
        synonyms=list(synonyms),
    )
    return save_with_log(actor=actor, instance=indicator, verb="indicator.created")


def _apply_source(row: Target | Observation, source: SourceRef) -> None:
    row.source_kind = source.kind
    row.source_version = source.version
    row.source_anchor = source.anchor
    row.source_text = source.text[:500]


def target_set(
    *,
    actor: Actor,
    region: Region,
    year: int,
    indicator: Indicator,
    measure: str,
    low: Decimal | None,
    high: Decimal | None,
    qualifier: str,
    direction: str | None = None,
    unit: str = "",
    source: SourceRef | None = None,
) -> Target:
    """Create the target, or change it when the region already has one for this indicator."""
    target = Target.objects.filter(
        region=region, year=year, indicator=indicator, measure=measure
    ).first() or Target(region=region, year=year, indicator=indicator, measure=measure)
    ensure_allowed(actor, "indicators.change_target", target)
    verb = "target.created" if target._state.adding else "target.updated"
    target.low, target.high, target.qualifier = low, high, qualifier
    target.direction = direction or indicator.direction
    target.unit = unit or ("%" if measure in ("growth", "share") else indicator.unit)
    _apply_source(target, source or SourceRef())
    return save_with_log(actor=actor, instance=target, verb=verb, visibility=Visibility.PUBLIC)


def target_allocate(
    *,
    actor: Actor,
    target: Target,
    region: Region,
    low: Decimal | None,
    high: Decimal | None = None,
    note: str = "",
) -> TargetAllocation:
    ensure_allowed(actor, "indicators.change_target", target)
    allocation = TargetAllocation.objects.filter(target=target, region=region).first()
    allocation = allocation or TargetAllocation(target=target, region=region)
    allocation.low, allocation.high, allocation.note = low, high, note.strip()
    return save_with_log(actor=actor, instance=allocation, verb="target.allocated")


def observation_record(
    *,
    actor: Actor,
    region: Region,
    indicator: Indicator,
    year: int,
    period_kind: str = "year",
    period_index: int = 12,
    value: Decimal | None = None,
    growth: Decimal | None = None,
    unit: str = "",
    source: SourceRef | None = None,
    ranks: Sequence[RankInput] | None = None,
) -> Observation:
    """Record (or correct) an actual; stated ranks, when given, replace the ones kept before."""
    observation = Observation.objects.filter(
        region=region,
        indicator=indicator,
        year=year,
        period_kind=period_kind,
        period_index=period_index,
    ).first() or Observation(
        region=region,
        indicator=indicator,
        year=year,
        period_kind=period_kind,
        period_index=period_index,
    )
    ensure_allowed(actor, "indicators.change_observation", observation)
    verb = "observation.created" if observation._state.adding else "observation.updated"
    observation.value, observation.growth = value, growth
    observation.unit = unit or indicator.unit
    _apply_source(observation, source or SourceRef())
    with transaction.atomic():
        save_with_log(actor=actor, instance=observation, verb=verb, visibility=Visibility.PUBLIC)
        if ranks is not None:
            observation.stated_ranks.all().delete()
            for rank in ranks:
                stated = StatedRank(
                    observation=observation,
                    scope=rank.scope[:30],
                    rank=rank.rank,
                    change=rank.change,
                )
                stated.full_clean()
                stated.save()
    return observation
