"""Roll-up (下级汇总): what a city or province sees of its sub-regions' figures, indicator by
indicator — how many set a target and its range, how many reported, the range and median of
what they reported, the sum where the figure adds up (a count or an amount in one unit), and
how many met their targets. Each row drills down to the comparison of those sub-regions.

Two queries for every indicator at once (targets, and observations of the period), over the
direct sub-regions of the region's next level (`comparison_sets.child_level`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from luoshi.core.models import Region
from luoshi.indicators.comparison import judge, metric_for, target_number
from luoshi.indicators.comparison_sets import LEVEL_WORDS, child_level, regions_under
from luoshi.indicators.models import Indicator, Observation, Target
from luoshi.indicators.periods import Period
from luoshi.indicators.selectors import headline_target


@dataclass(frozen=True)
class RollupRow:
    indicator: Indicator
    metric: str  # growth · value
    unit: str
    with_target: int
    target_low: Decimal | None  # the lowest and highest headline targets
    target_high: Decimal | None
    target_unit: str
    with_figure: int
    figure_low: Decimal | None
    figure_high: Decimal | None
    figure_median: Decimal | None
    total: Decimal | None  # the sum, for figures that add up
    verdicts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rollup:
    region: Region
    level: str
    label: str  # 各县（市、区）
    regions: int
    rows: list[RollupRow]

    @property
    def set_query(self) -> str:
        return f"within={self.region.code}&level={self.level}"


def _adds_up(indicator: Indicator, metric: str, units: set[str]) -> bool:
    return metric == "value" and indicator.measure in ("level", "count") and len(units) == 1


def subregion_rollup(*, region: Region, year: int, period: Period) -> Rollup:
    level = child_level(region)
    subregions = regions_under(region, level)
    ids = [r.pk for r in subregions]
    targets: dict[tuple[int, int], Target] = {}
    for target in Target.objects.filter(region_id__in=ids, year=year).select_related("indicator"):
        key = (target.indicator_id, target.region_id)
        targets[key] = headline_target(targets.get(key), target, target.indicator)
    observations: dict[int, list[Observation]] = defaultdict(list)
    indicators: dict[int, Indicator] = {t.indicator_id: t.indicator for t in targets.values()}
    for observation in Observation.objects.filter(
        region_id__in=ids, year=year, period_kind=period.kind, period_index=period.index
    ).select_related("indicator"):
        observations[observation.indicator_id].append(observation)
        indicators.setdefault(observation.indicator_id, observation.indicator)
    rows = []
    for indicator in sorted(indicators.values(), key=lambda i: (i.sort_order, i.name)):
        own_targets = {region_id: t for (i, region_id), t in targets.items() if i == indicator.pk}
        reported = observations.get(indicator.pk, [])
        metric = metric_for(indicator, reported, [])
        figures = {
            o.region_id: value
            for o in reported
            if (value := (o.growth if metric == "growth" else o.value)) is not None
        }
        numbers = [n for t in own_targets.values() if (n := target_number(t)) is not None]
        verdicts: dict[str, int] = {}
        if period.kind == "year":
            by_region = {o.region_id: o for o in reported}
            for region_id, target in own_targets.items():
                _gap, verdict = judge(target, by_region.get(region_id))
                if verdict:
                    verdicts[verdict] = verdicts.get(verdict, 0) + 1
        units = {o.unit for o in reported if o.unit}
        values = list(figures.values())
        rows.append(
            RollupRow(
                indicator=indicator,
                metric=metric,
                unit="%"
                if metric == "growth"
                else (next(iter(units)) if units else indicator.unit),
                with_target=len(own_targets),
                target_low=min(numbers, default=None),
                target_high=max(numbers, default=None),
                target_unit=next(
                    (
                        t.unit or ("%" if t.measure == "growth" else "")
                        for t in own_targets.values()
                    ),
                    "",
                ),
                with_figure=len(values),
                figure_low=min(values, default=None),
                figure_high=max(values, default=None),
                figure_median=Decimal(str(median(values))) if values else None,
                total=sum(values, Decimal(0))
                if values and _adds_up(indicator, metric, units)
                else None,
                verdicts=verdicts,
            )
        )
    return Rollup(region, level, LEVEL_WORDS.get(level, ""), len(subregions), rows)
