"""What a comparison request asks for, with the defaults an analyst expects: the indicator
(GDP first), the regions under the viewer's own (or all provinces), the latest year with
figures for them, the full year when any region has it, else the latest period reported.

Bad parameters are collected as sentences, never raised: the page shows them with a 400, the
API answers 422 with the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.models import Region
from luoshi.indicators import selectors
from luoshi.indicators.comparison import Comparison, compare
from luoshi.indicators.comparison_sets import RegionIds, RegionSet, region_set
from luoshi.indicators.models import Indicator, Observation, Target
from luoshi.indicators.periods import Period, period_parse, periods_sorted


@dataclass
class ComparisonChoice:
    indicator: Indicator | None
    regions: RegionSet | None
    year: int
    period: Period
    metric: str = ""
    sort: str = "rank"
    view: str = "table"
    # As typed, so a refused form shows what was asked for.
    within_code: str = ""
    level: str = ""
    picked: str = ""
    years: list[int] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def query(self, regions: str = "", **changes: str) -> str:
        """The query string naming this comparison, with some parameters changed; `regions`
        names another set of regions (`within=141000`)."""
        if self.indicator is None or self.regions is None:
            return ""
        params = {
            "indicator": self.indicator.code,
            "year": str(self.year),
            "period": self.period.slug,
            "metric": self.metric,
            "sort": self.sort,
            "view": self.view,
        } | changes
        kept = "&".join(f"{key}={value}" for key, value in params.items() if value)
        return f"{kept}&{regions or self.regions.query}"


def _default_within(user: AbstractBaseUser | AnonymousUser) -> Region | None:
    """A county's peers are its city's counties; a city or province compares what is below."""
    region = selectors.default_region_for(user)
    if region is not None and region.level == "county":
        return region.parent
    return region


def _years(indicator: Indicator, region_ids: RegionIds) -> list[int]:
    years = set(
        Target.objects.filter(indicator=indicator, region_id__in=region_ids)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years |= set(
        Observation.objects.filter(indicator=indicator, region_id__in=region_ids)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def _years_with_results(indicator: Indicator, region_ids: RegionIds) -> list[int]:
    return list(
        Observation.objects.filter(
            indicator=indicator, region_id__in=region_ids, period_kind="year"
        )
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def _periods(indicator: Indicator, region_ids: RegionIds, year: int) -> list[Period]:
    rows = (
        Observation.objects.filter(indicator=indicator, region_id__in=region_ids, year=year)
        .order_by()
        .values_list("period_kind", "period_index")
        .distinct()
    )
    return periods_sorted({Period(kind, index) for kind, index in rows})


def comparison_choice(
    params: Mapping[str, str], user: AbstractBaseUser | AnonymousUser
) -> ComparisonChoice:
    problems: list[str] = []
    this_year = timezone.localdate().year
    ref = params.get("indicator", "").strip()[:60]
    indicator = (
        (selectors.indicator_by_code(ref) or selectors.indicator_by_name(ref))
        if ref
        else selectors.indicator_list().first()
    )
    if ref and indicator is None:
        problems.append(_("指标目录中没有“%(ref)s”。") % {"ref": ref})
    within_code = params.get("within", "").strip()[:40]
    # Absent: the viewer's own area. Present and empty (the form's field cleared): the country.
    within = None if "within" in params else _default_within(user)
    if within_code.isdigit():
        within = selectors.region_by_code(within_code)
        if within is None:
            problems.append(_("没有代码为“%(code)s”的行政区划。") % {"code": within_code})
    elif within_code:  # a name (临汾市), matched exactly as a hand-picked one is
        try:
            within = region_set(picked=within_code).regions[0]
        except ValidationError as error:
            problems.extend(error.messages)
    regions = None
    try:
        regions = region_set(
            within=within, level=params.get("level", "").strip(), picked=params.get("regions", "")
        )
    except ValidationError as error:
        problems.extend(error.messages)
    choice = ComparisonChoice(indicator, regions, this_year, Period("year", 12), problems=problems)
    choice.within_code = within.code if within is not None else within_code
    choice.level = regions.level if regions is not None and not regions.picked else ""
    choice.picked = params.get("regions", "").strip()[:4000]
    if regions is None:
        choice.level = params.get("level", "").strip()[:10]
    metric = params.get("metric", "")
    choice.metric = metric if metric in ("growth", "value", "target") else ""
    choice.view = "promise" if params.get("view") == "promise" else "table"
    choice.sort = params.get("sort", "rank")[:20] or "rank"
    if indicator is None or regions is None:
        return choice
    region_ids = regions.ids
    choice.years = _years(indicator, region_ids)
    year_text = params.get("year", "").strip()
    if year_text:
        if not (year_text.isdigit() and 1978 <= int(year_text) <= 2100):
            problems.append(_("年度应为四位数字，如 2025。"))
        else:
            choice.year = int(year_text)
    if not year_text or problems:
        # 目标兑现 opens on the latest year whose results are in; the table on the latest
        # year with anything, which is usually this year's targets.
        years = _years_with_results(indicator, region_ids) if choice.view == "promise" else []
        choice.year = (years or choice.years or [this_year])[0]
    if choice.year not in choice.years:
        choice.years = sorted({*choice.years, choice.year}, reverse=True)
    choice.periods = _periods(indicator, region_ids, choice.year)
    period_text = params.get("period", "").strip()
    period = period_parse(period_text) if period_text else None
    if period_text and period is None:
        problems.append(_("期间应为 month-1 至 month-12、quarter-1 至 quarter-4 或 year。"))
    choice.period = period or (choice.periods[0] if choice.periods else Period("year", 12))
    if choice.period not in choice.periods:
        choice.periods = periods_sorted({*choice.periods, choice.period})
    return choice


def chosen_comparison(choice: ComparisonChoice, *, with_sources: bool = False) -> Comparison:
    """The comparison a valid choice names (the page's and the API's)."""
    assert choice.indicator is not None and choice.regions is not None
    return compare(
        indicator=choice.indicator,
        year=choice.year,
        period=choice.period,
        regions=choice.regions.regions,
        metric=choice.metric,
        with_sources=with_sources,
        region_ids=choice.regions.ids,
    )
