"""下级地区任务进展: a province's or city's tasks counted by the sub-region they belong to
(its cities, or its counties; a township's tasks count for its county), and the region's own
(本级) apart — each row opening that sub-region's dashboard.

One grouped count over the scope's tasks (by region), folded into the sub-regions here: the
regions holding tasks are hundreds at most, the tasks may be tens of thousands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from luoshi.core.models import Region, RegionLevel
from luoshi.dashboard.scope import DashboardScope
from luoshi.indicators.comparison_sets import child_level, regions_under
from luoshi.tasks.models import Colour, Task, TaskStatus


@dataclass
class RegionTasks:
    region: Region
    own: bool  # the chosen region's own tasks (本级), not a sub-region's
    total: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0
    overdue: int = 0
    done: int = 0


def _holder(code: str, children: dict[str, Region]) -> Region | None:
    """The sub-region a task region's code lies in: itself, its county, or its city."""
    for candidate in (code, code[:6], code[:4] + "00"):
        if candidate in children:
            return children[candidate]
    return None


def tasks_by_subregion(scope: DashboardScope, today: dt.date) -> list[RegionTasks]:
    region = scope.region
    if region is None or region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY):
        return []
    children = {r.code: r for r in regions_under(region, child_level(region))}
    rows = (
        Task.objects.filter(scope.region_q(), year=scope.year)
        .order_by()
        .values("region__code")
        .annotate(
            total=Count("id"),
            green=Count("id", filter=Q(colour=Colour.GREEN)),
            yellow=Count("id", filter=Q(colour=Colour.YELLOW)),
            red=Count("id", filter=Q(colour=Colour.RED)),
            overdue=Count("id", filter=Q(deadline__lt=today) & ~Q(status=TaskStatus.DONE)),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
        )
    )
    folded: dict[str, RegionTasks] = {}
    for row in rows:
        holder = _holder(row["region__code"], children)
        key = holder.code if holder is not None else region.code
        entry = folded.setdefault(
            key, RegionTasks(holder if holder is not None else region, own=holder is None)
        )
        entry.total += row["total"]
        entry.green += row["green"]
        entry.yellow += row["yellow"]
        entry.red += row["red"]
        entry.overdue += row["overdue"]
        entry.done += row["done"]
    # The worst first, as the units' table: red, then yellow, then overdue; 本级 last.
    return sorted(
        folded.values(), key=lambda e: (e.own, -e.red, -e.yellow, -e.overdue, e.region.code)
    )
