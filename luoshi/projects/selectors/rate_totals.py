"""The counts behind 开工率, 纳统率 and 投资完成率, aggregated by the database (one query, grouped
when asked), turned into rates by `luoshi.projects.rates`.

`project_rates` is what the dashboard and the portal call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from luoshi.core.models import Region, Unit
from luoshi.projects.models import STATISTICS_THRESHOLD, Category, MonthlyInvestment, Project
from luoshi.projects.rates import (
    RateCounts,
    Rates,
    combine,
    rates_of,
    report_month,
    year_elapsed_percent,
)
from luoshi.projects.selectors.listing import AMOUNT_FIELD
from luoshi.projects.selectors.scope import in_region, region_prefix

GROUPINGS = ("region", "unit", "category")


@dataclass(frozen=True)
class RateGroup:
    key: str  # region code, unit id or category; "" for the total
    label: str
    counts: RateCounts
    rates: Rates


@dataclass(frozen=True)
class RatesReport:
    region_code: str
    year: int
    as_of: date
    month: int  # the report month: figures through it count
    elapsed: Decimal  # 序时进度, percent
    group_by: str | None
    total: RateGroup
    groups: list[RateGroup]


def _aggregates(year: int, as_of: date, month: int) -> dict[str, Any]:
    due = Q(started_planned__gte=date(year, 1, 1), started_planned__lte=as_of)
    started = Q(started_actual__lte=as_of)
    eligible = Q(total_investment__gte=STATISTICS_THRESHOLD)
    included = Q(included_actual__lte=as_of)
    latest_year_to_date = Subquery(
        MonthlyInvestment.objects.filter(project=OuterRef("pk"), month__lte=month)
        .order_by("-month")
        .values("year_to_date")[:1],
        output_field=AMOUNT_FIELD,
    )
    zero = Value(Decimal(0), output_field=AMOUNT_FIELD)
    return {
        "projects": Count("pk"),
        "due_to_start": Count("pk", filter=due),
        "started_of_due": Count("pk", filter=due & started),
        "started": Count("pk", filter=started),
        "eligible_started": Count("pk", filter=eligible & started),
        "included": Count("pk", filter=eligible & started & included),
        "annual_plan": Coalesce(Sum("annual_plan"), zero, output_field=AMOUNT_FIELD),
        "year_to_date": Coalesce(Sum(latest_year_to_date), zero, output_field=AMOUNT_FIELD),
    }


def _counts(values: dict[str, Any]) -> RateCounts:
    return RateCounts(
        projects=values["projects"],
        due_to_start=values["due_to_start"],
        started_of_due=values["started_of_due"],
        started=values["started"],
        eligible_started=values["eligible_started"],
        included=values["included"],
        annual_plan=Decimal(values["annual_plan"]),
        year_to_date=Decimal(values["year_to_date"]),
    )


def rate_counts(projects: QuerySet[Project], *, year: int, as_of: date) -> RateCounts:
    """The counts of a set of projects of one year (one aggregate query)."""
    month = report_month(year, as_of.year, as_of.month)
    values = projects.order_by().aggregate(**_aggregates(year, as_of, month))
    return _counts(values)


def rates_for(projects: QuerySet[Project], *, year: int, as_of: date) -> tuple[RateCounts, Rates]:
    counts = rate_counts(projects, year=year, as_of=as_of)
    return counts, rates_of(counts, report_month(year, as_of.year, as_of.month))


def _grouped(
    projects: QuerySet[Project], key: str, year: int, as_of: date, month: int
) -> dict[Any, RateCounts]:
    rows = projects.order_by().values(key).annotate(**_aggregates(year, as_of, month))
    return {row[key]: _counts(row) for row in rows}


def _by_region(region_code: str, counts: dict[Any, RateCounts], month: int) -> list[RateGroup]:
    """Counts by project region folded into the region's children (each with what lies
    below it); the region's own projects form a group of their own (本级)."""
    children = list(Region.objects.filter(parent__code=region_code).order_by("code"))
    prefixes = sorted(
        ((region_prefix(child.code), child) for child in children),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    folded: dict[str, list[RateCounts]] = {}
    for code, group_counts in counts.items():
        target = next((child.code for prefix, child in prefixes if code.startswith(prefix)), "")
        folded.setdefault(target, []).append(group_counts)
    own = Region.objects.filter(code=region_code).values_list("name", flat=True).first() or ""
    groups = [
        RateGroup(child.code, child.name, totals, rates_of(totals, month))
        for child in children
        if (totals := combine(folded.get(child.code, []))).projects
    ]
    if "" in folded:
        totals = combine(folded[""])
        groups.insert(0, RateGroup(region_code, f"{own}本级", totals, rates_of(totals, month)))
    return groups


def project_rates(
    *,
    region_code: str,
    year: int,
    as_of: date,
    group_by: str | None,
    public_only: bool = False,
) -> RatesReport:
    """开工率, 纳统率 and 投资完成率 of the projects of `year` in the region with `region_code`
    and the regions below it, as of `as_of`; overall, and by child region, responsible unit or
    category when `group_by` is "region", "unit" or "category". With `public_only`, only
    projects marked public count (the portal)."""
    if group_by is not None and group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {GROUPINGS} or None, not {group_by!r}")
    month = report_month(year, as_of.year, as_of.month)
    projects = Project.objects.filter(in_region(region_code), year=year)
    if public_only:
        projects = projects.filter(is_public=True)
    groups: list[RateGroup] = []
    if group_by is None:
        total_counts = rate_counts(projects, year=year, as_of=as_of)
    elif group_by == "region":
        by_code = _grouped(projects, "region__code", year, as_of, month)
        groups = _by_region(region_code, by_code, month)
        total_counts = combine(by_code.values())
    elif group_by == "unit":
        by_unit = _grouped(projects, "unit_id", year, as_of, month)
        units = (
            Unit.objects.filter(pk__in=by_unit)
            .order_by("region__code", "sort_order", "name")
            .values_list("pk", "name")
        )
        groups = [
            RateGroup(str(pk), name, by_unit[pk], rates_of(by_unit[pk], month))
            for pk, name in units
        ]
        total_counts = combine(by_unit.values())
    else:
        by_category = _grouped(projects, "category", year, as_of, month)
        groups = [
            RateGroup(value, str(label), by_category[value], rates_of(by_category[value], month))
            for value, label in Category.choices
            if value in by_category
        ]
        total_counts = combine(by_category.values())
    return RatesReport(
        region_code=region_code,
        year=year,
        as_of=as_of,
        month=month,
        elapsed=year_elapsed_percent(month),
        group_by=group_by,
        total=RateGroup("", "合计", total_counts, rates_of(total_counts, month)),
        groups=groups,
    )
