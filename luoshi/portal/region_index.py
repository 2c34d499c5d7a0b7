"""The portal's index: regions and years with anything public, level by level.

A county's portal lists its few regions at once. A national one would list thousands (408 KB,
and a DISTINCT over every public task, project, target and opinion on each anonymous request),
so past `FLAT_LIMIT` regions the index shows the next level down — provinces, then their
cities — each with how many regions below have data, and the regions themselves once few
enough. Each level's listing is read with the code prefix in the query and cached for
`CACHE_SECONDS`: a newly published item reaches the index within that time, and the region's
own page at once (it is never cached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from luoshi.core.models import Region
from luoshi.portal.selectors import (
    public_opinions_all,
    public_projects_all,
    public_tasks_all,
    published_targets,
)

FLAT_LIMIT = 60  # regions listed at once; more are grouped by the next level of the code
CACHE_SECONDS = 300
PREFIX_LENGTHS = (2, 4)  # 省 and 市 in a six-digit code (GB/T 2260)


@dataclass
class RegionYears:
    code: str
    name: str
    years: list[int] = field(default_factory=list)


@dataclass
class RegionGroup:
    """The regions under one province or city that have public data."""

    prefix: str
    name: str
    regions: int
    years: list[int]


@dataclass
class PortalIndex:
    prefix: str  # "" for the whole instance
    heading: str  # the region the listing is under ("" at the top)
    regions: list[RegionYears]  # listed one by one, or
    groups: list[RegionGroup]  # grouped a level down
    parent_prefix: str | None  # the level above, None at the top


def is_prefix(value: str) -> bool:
    return value.isdigit() and len(value) in PREFIX_LENGTHS


def _published_regions(prefix: str) -> list[RegionYears]:
    """Regions (under `prefix`) and years with anything public, by code (four grouped
    queries, each limited to the prefix)."""
    found: dict[str, RegionYears] = {}
    sources: list[QuerySet[Any]] = [
        public_tasks_all().filter(region__code__startswith=prefix),
        public_projects_all().filter(region__code__startswith=prefix),
        published_targets().filter(region__code__startswith=prefix),
    ]
    rows: list[QuerySet[Any, tuple[str, str, int]]] = [
        source.values_list("region__code", "region__name", "year").order_by().distinct()
        for source in sources
    ]
    rows.append(
        public_opinions_all()
        .filter(report__region__code__startswith=prefix)
        .values_list("report__region__code", "report__region__name", "report__year")
        .order_by()
        .distinct()
    )
    for listing in rows:
        for code, name, year in listing:
            entry = found.setdefault(code, RegionYears(code, name))
            if year not in entry.years:
                entry.years.append(year)
    for entry in found.values():
        entry.years.sort(reverse=True)
    return [found[code] for code in sorted(found)]


def _groups(regions: list[RegionYears], length: int) -> list[RegionGroup]:
    by_prefix: dict[str, list[RegionYears]] = {}
    for entry in regions:
        by_prefix.setdefault(entry.code[:length], []).append(entry)
    names = dict(
        Region.objects.filter(code__in=[p.ljust(6, "0") for p in by_prefix]).values_list(
            "code", "name"
        )
    )
    return [
        RegionGroup(
            prefix=prefix,
            name=names.get(prefix.ljust(6, "0"), prefix),
            regions=len(members),
            years=sorted({year for entry in members for year in entry.years}, reverse=True),
        )
        for prefix, members in sorted(by_prefix.items())
    ]


def _build(prefix: str) -> PortalIndex:
    regions = _published_regions(prefix)
    deeper = [n for n in PREFIX_LENGTHS if n > len(prefix)]
    heading = ""
    if prefix:
        heading = (
            Region.objects.filter(code=prefix.ljust(6, "0")).values_list("name", flat=True).first()
            or prefix
        )
    shallower = [n for n in PREFIX_LENGTHS if n < len(prefix)]
    parent = (prefix[: shallower[-1]] if shallower else "") if prefix else None
    if len(regions) > FLAT_LIMIT:
        # The first level down that splits them (one province alone goes to its cities).
        for length in deeper:
            groups = _groups(regions, length)
            if len(groups) > 1:
                return PortalIndex(prefix, heading, [], groups, parent)
    return PortalIndex(prefix, heading, regions, [], parent)


def portal_index(prefix: str = "") -> PortalIndex:
    """The index under `prefix` ("" or a 2- or 4-digit code prefix), cached per prefix."""
    key = f"portal:index:v1:{prefix or '-'}"
    index: PortalIndex | None = cache.get(key)
    if index is None:
        index = _build(prefix)
        cache.set(key, index, CACHE_SECONDS)
    return index
