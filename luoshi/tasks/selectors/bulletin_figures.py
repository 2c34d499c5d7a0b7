"""Reads for supervision bulletins (督查通报, 季度总结): the figures of one region's month or
quarter, and the bulletins a person may see.

Every figure is the one an existing page shows for the same data, read by the same query:

- colours and completion: the region's tasks of the year, as the task list filtered by
  colour shows them (the colour the last evaluation stored);
- reports due, on time, never started: `expected_reports` (the 未报送 list and the 红黑榜's
  on-time rate), over the reports due within the period up to the day of drafting;
- returned reports (退办): `returned_count` of the reports due within the period, as the
  红黑榜 deducts them;
- the 红黑榜: `supervision_queries.ranking` — for a quarter, that quarter's ranking; for a
  month, the year's ranking as of the month's last day.

Nothing here is stored: the service writes these figures into the drafted text only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.lookups import found
from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.models import (
    BulletinKind,
    BulletinState,
    Colour,
    ProgressReport,
    SupervisionBulletin,
    Task,
    TaskStatus,
)
from luoshi.tasks.selectors.expected_reports import (
    ExpectedScope,
    UnitMissing,
    expected_counts,
    missing_by_unit,
)
from luoshi.tasks.selectors.progress_queries import reports_of_region
from luoshi.tasks.selectors.supervision_queries import Ranking, quarter_bounds, ranking

RED_TASKS_LISTED = 30  # red tasks named one by one; more are counted


def period_bounds(kind: str, year: int, period: int) -> tuple[dt.date, dt.date]:
    """First and last day of the month (or quarter) `period` of `year`."""
    if kind == BulletinKind.QUARTERLY:
        return quarter_bounds(year, period)
    return dt.date(year, period, 1), dt.date(year, period, calendar.monthrange(year, period)[1])


def default_period(kind: str, today: dt.date) -> tuple[int, int]:
    """(year, period) a bulletin is usually drafted for: last month, or last quarter."""
    if kind == BulletinKind.QUARTERLY:
        quarter = (today.month - 1) // 3 + 1
        return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole in percent with one decimal, as the 红黑榜 rounds it; None for 0 ÷ 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class ReportCount:
    """Reports due within a stretch of days: expected, sent on time, never started."""

    first: dt.date
    last: dt.date
    due: int
    on_time: int
    missing: int

    @property
    def late(self) -> int:
        """Sent after the due day, or never sent."""
        return self.due - self.on_time

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent(self.on_time, self.due)


@dataclass
class BulletinFigures:
    region: Region
    kind: str
    year: int
    period: int
    first: dt.date  # the period's first day
    last: dt.date  # its last day, or the day of drafting while it is still running
    as_of: dt.date
    tasks: int = 0
    by_colour: dict[str, int] = field(default_factory=dict)
    done: int = 0
    exempt: int = 0
    reports: ReportCount | None = None
    months: list[ReportCount] = field(default_factory=list)  # a quarter's three months
    red_tasks: list[Task] = field(default_factory=list)
    missing_units: list[UnitMissing] = field(default_factory=list)
    returned: int = 0
    returned_units: list[tuple[Unit, int]] = field(default_factory=list)
    ranking: Ranking | None = None

    @property
    def red(self) -> int:
        return self.by_colour.get(Colour.RED, 0)

    @property
    def complete(self) -> bool:
        """The period has ended by the day of drafting."""
        return self.last == period_bounds(self.kind, self.year, self.period)[1]


def report_count(region: Region, year: int, first: dt.date, last: dt.date) -> ReportCount:
    """Expected reports of the region's tasks of `year` due from `first` to `last`."""
    counted = expected_counts(
        ExpectedScope(due_from=first, due_to=last, region_id=region.pk, year=year)
    )
    return ReportCount(
        first,
        last,
        due=sum(row.expected for row in counted.values()),
        on_time=sum(row.on_time for row in counted.values()),
        missing=sum(row.missing for row in counted.values()),
    )


def _task_counts(figures: BulletinFigures, tasks: QuerySet[Task]) -> None:
    rows = tasks.values("colour").annotate(n=Count("id")).order_by()
    figures.by_colour = dict.fromkeys(Colour.values, 0)
    for row in rows:
        figures.by_colour[row["colour"]] = row["n"]
    figures.tasks = sum(figures.by_colour.values())
    totals = tasks.aggregate(
        done=Count("id", filter=Q(status=TaskStatus.DONE)),
        exempt=Count("id", filter=~Q(exempt_reason="")),
    )
    figures.done, figures.exempt = totals["done"], totals["exempt"]


def _returned(figures: BulletinFigures) -> None:
    rows = (
        ProgressReport.objects.filter(
            reports_of_region(figures.region.code),
            task__year=figures.year,
            task__exempt_reason="",
            due_date__gte=figures.first,
            due_date__lte=figures.last,
            returned_count__gt=0,
        )
        .values("unit_id")
        .annotate(n=Sum("returned_count"))
        .order_by("-n", "unit_id")
    )
    counts = [(row["unit_id"], int(row["n"])) for row in rows]
    units = Unit.objects.in_bulk([unit_id for unit_id, _n in counts])
    figures.returned_units = [(units[unit_id], n) for unit_id, n in counts]
    figures.returned = sum(n for _unit, n in counts)


def bulletin_figures(
    *, region: Region, kind: str, year: int, period: int, as_of: dt.date | None = None
) -> BulletinFigures:
    """The figures of `region`'s month or quarter as of a day (today by default); a period
    still running is counted up to that day."""
    as_of = as_of or timezone.localdate()
    first, last = period_bounds(kind, year, period)
    figures = BulletinFigures(region, kind, year, period, first, min(last, as_of), as_of)
    tasks = Task.objects.filter(region=region, year=year)
    _task_counts(figures, tasks)
    figures.red_tasks = list(
        tasks.filter(colour=Colour.RED)
        .select_related("lead_unit")
        .order_by("order", "id")[:RED_TASKS_LISTED]
    )
    figures.reports = report_count(region, year, first, figures.last)
    if kind == BulletinKind.QUARTERLY:
        for month in range(3 * period - 2, 3 * period + 1):
            month_first, month_last = period_bounds(BulletinKind.MONTHLY, year, month)
            if month_first <= figures.last:
                figures.months.append(
                    report_count(region, year, month_first, min(month_last, figures.last))
                )
    figures.missing_units = missing_by_unit(
        ExpectedScope(due_from=first, due_to=figures.last, region_id=region.pk, year=year),
        as_of,
    )
    _returned(figures)
    figures.ranking = ranking(
        region=region,
        year=year,
        quarter=period if kind == BulletinKind.QUARTERLY else None,
        as_of=as_of if kind == BulletinKind.QUARTERLY else figures.last,
    )
    return figures


# ---------------------------------------------------------------------------------------------
# Which bulletins a person sees
# ---------------------------------------------------------------------------------------------


def bulletins_for(user: Any) -> QuerySet[SupervisionBulletin]:
    """The office (督查室) sees its regions' bulletins and those below, drafts included; a
    leader sees the issued ones of their regions; a unit sees none (the same rule as
    `tasks.view_supervisionbulletin` on one bulletin)."""
    bulletins = SupervisionBulletin.objects.select_related(
        "region", "drafted_by", "issued_by"
    ).order_by("-year", "-period", "kind", "region__code", "-id")
    if is_admin(user):
        return bulletins
    visible = Q(pk__in=[])
    for role, _unit, code in role_grants(user):
        prefix = region_code_prefix(code) or code
        if role == Role.SUPERVISOR:
            visible |= Q(region__code__startswith=prefix)
        elif role == Role.LEADER:
            visible |= Q(region__code__startswith=prefix, state=BulletinState.ISSUED)
    return bulletins.filter(visible)


def bulletin_get(*, bulletin_id: int) -> SupervisionBulletin:
    """Any bulletin by id (callers check the permission). Raises NotFound (a
    SupervisionBulletin.DoesNotExist)."""
    bulletins = SupervisionBulletin.objects.select_related("region", "drafted_by", "issued_by")
    return found(bulletins, pk=bulletin_id)


def bulletin_of_period(
    *, region: Region, kind: str, year: int, period: int
) -> SupervisionBulletin | None:
    return SupervisionBulletin.objects.filter(
        region=region, kind=kind, year=year, period=period
    ).first()
