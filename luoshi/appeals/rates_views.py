"""办理考核: the rates of a region's appeals for a month or a year, by lead unit, topic,
sub-region or month (`rates`), for the office and the leaders of the region."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.appeals import rates
from luoshi.appeals.models import Topic
from luoshi.appeals.selectors import READERS, appeals_in
from luoshi.core.models import Region, RegionLevel, Unit
from luoshi.core.view_guards import signed_in_with
from luoshi.tasks.periods import month_bounds

GROUP_WORDS = {
    "unit": gettext_lazy("按承办单位"),
    "topic": gettext_lazy("按类别"),
    "region": gettext_lazy("按地区"),
    "month": gettext_lazy("按月份"),
}
CHILD_LEVEL: dict[str, str] = {
    RegionLevel.PROVINCE: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.COUNTY,
    RegionLevel.COUNTY: RegionLevel.TOWNSHIP,
}
COLUMNS = {
    "received": gettext_lazy("受理"),
    "response": gettext_lazy("响应率"),
    "on_time": gettext_lazy("按时办结率"),
    "solved": gettext_lazy("解决率"),
    "satisfied": gettext_lazy("满意率"),
    "reopened": gettext_lazy("重办率"),
}
SORTS = tuple(COLUMNS)


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
        if len(value) == 4 and value.isdigit() and 2000 <= int(value) <= 2100:
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


@signed_in_with("appeals.view_rates")
def appeal_rates(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    regions = rate_regions(request.user)
    chosen = request.GET.get("region", "")
    region = next((r for r in regions if r.code == chosen), regions[0] if regions else None)
    if region is not None and not request.user.has_perm("appeals.view_rates", region):
        raise PermissionDenied
    period = Period.parse(request.GET.get("period", ""), today)
    by = request.GET.get("by", "unit")
    by = by if by in GROUP_WORDS else "unit"
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else ("received" if by == "unit" else "")
    total = None
    rows: list[rates.Rates] = []
    if region is not None:
        appeals = rates.received_between(appeals_in(region), period.start, period.end)
        total = rates.totals(appeals, today)
        level = CHILD_LEVEL.get(str(region.level), RegionLevel.TOWNSHIP)
        rows = _labels(by, rates.grouped(appeals, by, today, region_level=level))
        if sort:
            rows = _sorted(rows, sort)
        elif by == "month":
            rows = sorted(rows, key=lambda r: r.key)
    return render(
        request,
        "appeals/rates.html",
        {
            "regions": regions,
            "region": region,
            "period": period,
            "periods": periods(today),
            "by": by,
            "groups": list(GROUP_WORDS.items()),
            "columns": list(COLUMNS.items()),
            "sort": sort,
            "total": total,
            "rows": rows,
        },
    )
