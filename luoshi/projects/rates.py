"""The three rates of a key-project list, computed (never stored) from counts and sums.

Pure functions over plain values; `luoshi.projects.selectors.rate_totals` aggregates the counts
in the database and hands them here.

- 开工率 (start rate) = projects started by the date ÷ projects planned to start by then. The
  denominator is this year's new starts that are due: a planned start month in the year and not
  after the date. Continuing projects (planned start before the year) started long ago and are
  left out; a project that started ahead of its planned month is counted in `started` but not
  in the rate, which therefore never exceeds 100%.
- 纳统率 (inclusion rate) = projects included in the statistics ÷ projects started, both among
  projects of 500万元 and above (the only ones that can be included).
- 投资完成率 (investment completion) = year-to-date investment ÷ annual plan, compared with
  序时进度, the elapsed share of the year by months (through November = 11/12 = 91.7%).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from luoshi.indicators.progress import elapsed_share

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
ZERO = Decimal(0)


@dataclass(frozen=True)
class RateCounts:
    """What the rates of one group of projects are made of."""

    projects: int = 0
    due_to_start: int = 0  # new starts planned by the date
    started_of_due: int = 0  # of those, started by the date
    started: int = 0  # started by the date, whenever planned
    eligible_started: int = 0  # started, 500万元 and above
    included: int = 0  # of those, included by the date
    annual_plan: Decimal = ZERO  # 万元
    year_to_date: Decimal = ZERO  # 万元, through the report month


@dataclass(frozen=True)
class Rates:
    start_rate: Decimal | None  # percent, one decimal; None when nothing was due
    inclusion_rate: Decimal | None
    investment_rate: Decimal | None
    elapsed: Decimal  # 序时进度, percent
    investment_gap: Decimal | None  # points above (+) or below (−) 序时

    @property
    def investment_on_schedule(self) -> bool | None:
        return None if self.investment_gap is None else self.investment_gap >= 0

    @property
    def points_behind(self) -> Decimal | None:
        """How many points investment lags 序时 (None when it does not)."""
        if self.investment_gap is None or self.investment_gap >= 0:
            return None
        return -self.investment_gap


def percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator ÷ denominator in percent with one decimal; None when there is no denominator."""
    if not denominator:
        return None
    share = Decimal(numerator) * HUNDRED / Decimal(denominator)
    return share.quantize(TENTH, rounding=ROUND_HALF_UP)


def year_elapsed_percent(month: int) -> Decimal:
    """序时进度 by months: the share of the year through `month` (0 before the year)."""
    if month <= 0:
        return ZERO.quantize(TENTH)
    share = elapsed_share("month", min(month, 12)) * HUNDRED
    return share.quantize(TENTH, rounding=ROUND_HALF_UP)


def report_month(year: int, as_of_year: int, as_of_month: int) -> int:
    """The last month of `year` whose figures count on the date: its own month within the
    year, 12 after it, 0 before it."""
    if as_of_year > year:
        return 12
    if as_of_year < year:
        return 0
    return as_of_month


def combine(groups: Iterable[RateCounts]) -> RateCounts:
    """The counts of several groups taken together (rates are ratios of sums, never averages
    of rates)."""
    totals: dict[str, Decimal | int] = {}
    for group in groups:
        for field in fields(RateCounts):
            totals[field.name] = totals.get(field.name, 0) + getattr(group, field.name)
    if not totals:
        return RateCounts()
    return RateCounts(
        projects=int(totals["projects"]),
        due_to_start=int(totals["due_to_start"]),
        started_of_due=int(totals["started_of_due"]),
        started=int(totals["started"]),
        eligible_started=int(totals["eligible_started"]),
        included=int(totals["included"]),
        annual_plan=Decimal(totals["annual_plan"]),
        year_to_date=Decimal(totals["year_to_date"]),
    )


def rates_of(counts: RateCounts, month: int) -> Rates:
    elapsed = year_elapsed_percent(month)
    investment = percent(counts.year_to_date, counts.annual_plan)
    return Rates(
        start_rate=percent(counts.started_of_due, counts.due_to_start),
        inclusion_rate=percent(counts.included, counts.eligible_started),
        investment_rate=investment,
        elapsed=elapsed,
        investment_gap=None if investment is None else investment - elapsed,
    )
