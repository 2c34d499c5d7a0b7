"""Reporting periods and 序时进度 for tasks. Pure functions over dates.

Cadences follow DOMAIN.md: weekly dispatch (周调度) due on the Friday of the week, monthly
analysis due on the 25th, quarterly summary due on the 25th of the quarter's last month, so
that the office can compile before the month or quarter closes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MONTHLY_DUE_DAY = 25
WEEKLY_DUE_WEEKDAY = 4  # Friday


@dataclass(frozen=True)
class ReportingPeriod:
    start: dt.date
    end: dt.date
    due: dt.date
    label: str


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `day`'s month (本月: what "due this month" means)."""
    return day.replace(day=1), _month_end(day.year, day.month)


def period_containing(cadence: str, day: dt.date) -> ReportingPeriod:
    """The reporting period of `cadence` that contains `day`."""
    if cadence == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        iso_year, week, _weekday = start.isocalendar()
        return ReportingPeriod(
            start, end, start + dt.timedelta(days=WEEKLY_DUE_WEEKDAY), f"{iso_year}年第{week}周"
        )
    if cadence == "quarterly":
        quarter = (day.month - 1) // 3 + 1
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        return ReportingPeriod(
            dt.date(day.year, first_month, 1),
            _month_end(day.year, last_month),
            dt.date(day.year, last_month, MONTHLY_DUE_DAY),
            f"{day.year}年第{quarter}季度",
        )
    return ReportingPeriod(
        dt.date(day.year, day.month, 1),
        _month_end(day.year, day.month),
        dt.date(day.year, day.month, MONTHLY_DUE_DAY),
        f"{day.year}年{day.month}月",
    )


def previous_period(cadence: str, period: ReportingPeriod) -> ReportingPeriod:
    return period_containing(cadence, period.start - dt.timedelta(days=1))


def periods_due_between(cadence: str, first: dt.date, last: dt.date) -> list[ReportingPeriod]:
    """The periods of `cadence` whose due date falls from `first` to `last` (inclusive), in
    order. A period's due date lies inside it, so due dates grow with the periods."""
    found: list[ReportingPeriod] = []
    period = period_containing(cadence, first)
    while period.due <= last:
        if period.due >= first:
            found.append(period)
        period = period_containing(cadence, period.end + dt.timedelta(days=1))
    return found


def task_elapsed_percent(start: dt.date, deadline: dt.date, as_of: dt.date) -> Decimal:
    """序时进度 of a task: the share of its time from start to deadline that has passed, in
    percent with one decimal. Counted in whole days through `as_of`, so a task running the
    whole year stands at 91.5% on 30 November (334/365 days; counted by months, 11/12 =
    91.7%: the two agree at month ends to within a few tenths)."""
    if as_of < start:
        return Decimal("0.0")
    if as_of >= deadline:
        return Decimal("100.0")
    total = (deadline - start).days + 1
    passed = (as_of - start).days + 1
    share = Decimal(passed * 100) / Decimal(total)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
