"""Which table a request asks for: region (by exact code), year and period, with the defaults a
clerk expects — their own region, the latest year with figures, the latest period reported."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from luoshi.core.models import Region
from luoshi.indicators import selectors
from luoshi.indicators.periods import Period, period_parse, periods_sorted


@dataclass
class TableChoice:
    region: Region | None
    region_code: str
    year: int
    period: Period
    years: list[int] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def query(self) -> str:
        """The query string that names this table (for links to the page, Excel and charts)."""
        if self.region is None:
            return ""
        return f"region={self.region.code}&year={self.year}&period={self.period.slug}"


def _year(text: str) -> int | None:
    text = text.strip()
    if text.isdigit() and len(text) == 4 and 1978 <= int(text) <= 2100:
        return int(text)
    return None


def table_choice(params: Mapping[str, str], user: AbstractBaseUser | AnonymousUser) -> TableChoice:
    problems: list[str] = []
    code = params.get("region", "").strip()[:12]
    if code:
        region = selectors.region_by_code(code)
        if region is None:
            problems.append(f"没有代码为“{code}”的行政区划，请填写 6 位或 9 位区划代码。")
    else:
        region = selectors.default_region_for(user)
    this_year = timezone.localdate().year
    if region is None:
        return TableChoice(None, code, this_year, Period("year", 12), problems=problems)

    # A city without figures of its own still has its counties' years (the roll-up shows them).
    years = sorted(
        {*selectors.years_with_data(region), *selectors.years_with_data_below(region)},
        reverse=True,
    )
    year = _year(params.get("year", ""))
    if params.get("year") and year is None:
        problems.append("年度应为四位数字，如 2025。")
    if year is None:
        year = years[0] if years else this_year
    if year not in years:
        years = sorted({*years, year}, reverse=True)

    periods = selectors.periods_with_data(region, year)
    period = period_parse(params.get("period", ""))
    if params.get("period") and period is None:
        problems.append("期间应为 month-1 至 month-12、quarter-1 至 quarter-4 或 year。")
    if period is None:
        latest = selectors.latest_period(region=region, year=year)
        # Without figures of its own, the latest period its sub-regions reported.
        below = [] if latest else selectors.periods_with_data_below(region, year)
        if latest:
            period = Period(str(latest[0]), latest[1])
        else:
            period = below[0] if below else Period("year", 12)
        periods = periods_sorted({*periods, *below})
    if period not in periods:
        periods = periods_sorted({*periods, period})
    return TableChoice(region, region.code, year, period, years, periods, problems)
