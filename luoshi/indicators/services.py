"""Writes to the catalogue, targets, allocations and observations; validated, atomic, logged."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
    description: str = "",
) -> Indicator:
    """Add an indicator to the catalogue (what a report names that the catalogue lacks:
    苹果产量, 脱贫人口人均纯收入…). Its `code` is the key the reader and the API use."""
    ensure_allowed(actor, "indicators.add_indicator")
    indicator = Indicator(
        code=code.strip(),
        name=name.strip(),
        unit=unit.strip(),
        measure=measure,
        direction=direction,
        binding=binding,
        category=category.strip(),
        synonyms=_synonym_list(synonyms),
        description=description.strip(),
        sort_order=1000,
    )
    _check_names_free(indicator)
    return save_with_log(actor=actor, instance=indicator, verb="indicator.created")


INDICATOR_EDITABLE_FIELDS = frozenset(
    {"name", "unit", "measure", "direction", "binding", "category", "synonyms", "description"}
)


def indicator_update(
    *, actor: Actor, indicator: Indicator, changes: dict[str, object]
) -> Indicator:
    """Change a catalogue entry; its key (`code`) stays, since targets, actuals, the reader and
    other systems refer to it. Every change is logged with before and after."""
    unknown = set(changes) - INDICATOR_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Fields that cannot be changed on an indicator: {sorted(unknown)}")
    ensure_allowed(actor, "indicators.change_indicator", indicator)
    for field_name, value in changes.items():
        if field_name == "synonyms":
            value = _synonym_list(value)  # type: ignore[arg-type]
        elif isinstance(value, str):
            value = value.strip()
        setattr(indicator, field_name, value)
    _check_names_free(indicator)
    return save_with_log(actor=actor, instance=indicator, verb="indicator.updated")


def _synonym_list(values: Sequence[str] | str) -> list[str]:
    if isinstance(values, str):
        values = re.split(r"[、，,；;\n]+", values)
    return sorted({v.strip() for v in values if v and v.strip()})


def _check_names_free(indicator: Indicator) -> None:
    """A name or synonym names one indicator only: the reader matches words exactly, and two
    entries answering to 一般公共预算收入 would make every match a guess."""
    words = {indicator.name, *indicator.synonyms}
    others = Indicator.objects.exclude(pk=indicator.pk)
    for other in others.only("name", "synonyms"):
        clash = words & {other.name, *other.synonyms}
        if clash:
            raise ValidationError(
                {
                    "synonyms" if indicator.name not in clash else "name": _(
                        "“%(word)s”已是指标“%(other)s”的名称或别名。"
                    )
                    % {"word": sorted(clash)[0], "other": other.name}
                }
            )


def _apply_source(row: Target | Observation, source: SourceRef) -> None:
    row.source_kind = source.kind
    row.source_version = source.version
    row.source_anchor = source.anchor
    row.source_text = source.text[:500]


def target_unit(*, indicator: Indicator, measure: str, unit: str = "") -> str:
    """The unit a target is stored with: as given, else % for a rate, else the indicator's."""
    return unit or ("%" if measure in ("growth", "share") else indicator.unit)


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
    relative_to: str = "",
) -> Target:
    """Create the target, or change it when the region already has one for this indicator."""
    target = Target.objects.filter(
        region=region, year=year, indicator=indicator, measure=measure
    ).first() or Target(region=region, year=year, indicator=indicator, measure=measure)
    ensure_allowed(actor, "indicators.change_target", target)
    verb = "target.created" if target._state.adding else "target.updated"
    target.low, target.high, target.qualifier = low, high, qualifier
    target.relative_to = relative_to.strip() if qualifier in ("above", "below") else ""
    target.direction = direction or indicator.direction
    target.unit = target_unit(indicator=indicator, measure=measure, unit=unit)
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
