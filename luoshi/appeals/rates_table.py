"""办理考核's figures as a table: a region's appeals of a month or a year, in total and by
lead unit, topic, sub-region or month, each row named and sorted; the periods offered; the
regions a reader may see. Read by the page and the API alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.appeals import rates
from luoshi.appeals.models import Topic
from luoshi.appeals.selectors import READERS, appeals_in
from luoshi.core.models import Region, RegionLevel, Unit
from luoshi.tasks.periods import month_bounds

GROUPS = ("unit", "topic", "region", "month")
SORTS = ("received", "response", "on_time", "solved", "satisfied", "reopened")

CHILD_LEVEL: dict[str, str] = {
    RegionLevel.PROVINCE: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.COUNTY,
    RegionLevel.COUNTY: RegionLevel.TOWNSHIP,
}


def rate_regions(user: object) -> list[Region]:
    """The regions whose rates the user reads: those of their office or leader roles (an
    administrator: every province)."""
    if is_admin(user):
        return list(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code"))
    codes = {code for role, _unit, code in role_grants(user) if role in READERS}
    return list(Region.objects.filter(code__in=codes).order_by("code"))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    value: str  # "2026-12" or "2026"

    @classmethod
    def parse(cls, value: str, today: dt.date) -> Period:
        if len(value) == 4 and value.isdecimal() and 2000 <= int(value) <= 2100:
            year = int(value)
            return cls(
                dt.date(year, 1, 1), dt.date(year, 12, 31), _("%(y)d年") % {"y": year}, value
            )
        try:
            day = dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            day = today
        start, end = month_bounds(day)
        return cls(
            start, end, _("%(y)d年%(m)d月") % {"y": day.year, "m": day.month}, f"{day:%Y-%m}"
        )


def periods(today: dt.date) -> list[Period]:
    """This month and the eleven before it, this year and last year."""
    months = []
    day = today.replace(day=1)
    for _n in range(12):
        months.append(Period.parse(f"{day:%Y-%m}", today))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    years = [Period.parse(str(today.year - n), today) for n in (0, 1)]
    return months + years


def _labels(by: str, rows: list[rates.Rates]) -> list[rates.Rates]:
    keys = [row.key for row in rows]
    if by == "unit":
        names = {u.pk: u.name for u in Unit.objects.filter(pk__in=keys)}
        return [row.named(names.get(row.key, "–")) for row in rows]
    if by == "region":
        names = {r.pk: r.name for r in Region.objects.filter(pk__in=keys)}
        return [row.named(names.get(row.key, "–")) for row in rows]
    if by == "topic":
        return [row.named(str(Topic(row.key).label)) for row in rows if row.key in Topic.values]
    return [
        row.named(_("%(y)d年%(m)d月") % {"y": row.key.year, "m": row.key.month})
        for row in rows
        if row.key
    ]


def _sorted(rows: list[rates.Rates], sort: str) -> list[rates.Rates]:
    if sort == "received":
        return sorted(rows, key=lambda r: -r.received)
    # Best first; a row without the figure last. 重办率: the lower the better.
    lower_better = sort == "reopened"

    def key(row: rates.Rates) -> tuple[bool, float]:
        value = getattr(row, sort).value
        if value is None:
            return (True, 0.0)
        return (False, value if lower_better else -value)

    return sorted(rows, key=key)


@dataclass(frozen=True)
class RatesTable:
    region: Region
    period: Period
    by: str
    total: rates.Rates
    rows: list[rates.Rates]


def rates_table(region: Region, period: Period, by: str, sort: str, today: dt.date) -> RatesTable:
    """The table of `region`'s appeals received in `period`, grouped `by`; sorted by `sort`
    (best first) when given, else units by intake and months in order."""
    appeals = rates.received_between(appeals_in(region), period.start, period.end)
    level = CHILD_LEVEL.get(str(region.level), RegionLevel.TOWNSHIP)
    rows = _labels(by, rates.grouped(appeals, by, today, region_level=level))
    if sort:
        rows = _sorted(rows, sort)
    elif by == "month":
        rows = sorted(rows, key=lambda r: r.key)
    return RatesTable(region, period, by, rates.totals(appeals, today), rows)


def rates_dict(figures: rates.Rates | None) -> dict[str, Any] | None:
    """The figures as JSON: counts, and each rate's part, whole and percent."""
    if figures is None:
        return None
    return {
        "received": figures.received,
        "open": figures.open,
        **{
            name: {"part": rate.part, "whole": rate.whole, "percent": rate.value}
            for name, rate in (
                ("response", figures.response),
                ("on_time", figures.on_time),
                ("solved", figures.solved),
                ("satisfied", figures.satisfied),
                ("reopened", figures.reopened),
            )
        },
    }
