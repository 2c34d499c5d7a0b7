"""One indicator across many regions: each region's target, its actual, the gap between them,
its rank among the regions compared and how that rank and target moved from the year before.

Three queries whatever the number of regions (targets of this year and the last, this year's
results, last year's figures for the ranks), plus one for the regions' colour rules. Pure
arithmetic after that: the verdict rule is `verdict_for`, the ranks are `competition_ranks`
over the figure compared.

Verdicts (目标兑现), decided for every kind of target and written here because no rule says it:
- a rate (增速, 占比, a 'lower is better' figure) is 达成 when the actual meets the bound,
  基本达成 when it falls short by at most half a percentage point (the margin reports
  themselves describe as 左右), else 未达成;
- a level or count is 达成 at 100% of the goal, 基本达成 from 95%, else 未达成;
- a goal stated against another figure (与经济增长同步) has no verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from luoshi.core.models import Region
from luoshi.core.selectors import colour_rules_for_regions
from luoshi.indicators.comparison_sets import RegionIds
from luoshi.indicators.models import COMPARED, Indicator, Observation, Target
from luoshi.indicators.periods import Period
from luoshi.indicators.progress import TargetView, assess, competition_ranks
from luoshi.indicators.selectors import headline_target

SOURCE_FIELDS = ("source_text", "source_version", "source_anchor")
TARGET_FIELDS = (
    "region",
    "year",
    "indicator",
    "measure",
    "low",
    "high",
    "unit",
    "qualifier",
    "direction",
    "relative_to",
    *SOURCE_FIELDS,
)
OBSERVATION_FIELDS = (
    "region",
    "year",
    "indicator",
    "period_kind",
    "period_index",
    "value",
    "growth",
    "unit",
    *SOURCE_FIELDS,
)
ABOUT_POINTS = Decimal("0.5")
ABOUT_SHARE = Decimal("95")
HUNDRED = Decimal(100)


class Verdict:
    MET = "met"
    ABOUT = "about"
    MISSED = "missed"


VERDICT_LABELS = {Verdict.MET: "达成", Verdict.ABOUT: "基本达成", Verdict.MISSED: "未达成"}
CHANGE_LABELS = {"raised": "上调", "held": "持平", "lowered": "下调"}


def target_number(target: Target | None) -> Decimal | None:
    """The number a target is compared and sorted by: its lower bound, else its upper."""
    if target is None or target.qualifier in COMPARED:
        return None
    return target.low if target.low is not None else target.high


@dataclass(frozen=True)
class ComparedRegion:
    region: Region
    target: Target | None
    previous_target: Target | None
    observation: Observation | None
    figure: Decimal | None  # what is compared and ranked: the growth rate or the value
    gap: Decimal | None  # figure against target, points; positive is better
    verdict: str  # met · about · missed · "" (nothing to judge)
    colour: str | None
    rank: int | None
    previous_rank: int | None

    @property
    def target_change(self) -> str:
        """raised · held · lowered against last year's target, "" when either is missing."""
        now, before = target_number(self.target), target_number(self.previous_target)
        if now is None or before is None or self.target.measure != self.previous_target.measure:  # type: ignore[union-attr]
            return ""
        return "raised" if now > before else "lowered" if now < before else "held"

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost since last year."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, "")

    @property
    def target_change_label(self) -> str:
        return CHANGE_LABELS.get(self.target_change, "")


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    year: int
    period: Period
    metric: str  # growth · value
    unit: str
    rows: list[ComparedRegion]
    tallies: dict[str, int] = field(default_factory=dict)

    @property
    def with_figure(self) -> list[ComparedRegion]:
        return [row for row in self.rows if row.figure is not None]

    @property
    def with_target(self) -> list[ComparedRegion]:
        return [row for row in self.rows if row.target is not None]


def _headlines(targets: Iterable[Target], indicator: Indicator) -> dict[tuple[int, int], Target]:
    kept: dict[tuple[int, int], Target] = {}
    for target in targets:
        key = (target.region_id, target.year)
        kept[key] = headline_target(kept.get(key), target, indicator)
    return kept


def metric_for(
    indicator: Indicator,
    observations: Iterable[Observation],
    targets: Iterable[Target],
    asked: str = "",
) -> str:
    """growth · value · target: what was asked for if any region has it; else the actual the
    indicator is judged by, else whatever actual was reported, else the targets (a year whose
    reports set targets and whose results are not in yet)."""
    observations = list(observations)
    has = {
        "growth": any(o.growth is not None for o in observations),
        "value": any(o.value is not None for o in observations),
        "target": any(target_number(t) is not None for t in targets),
    }
    if has.get(asked):
        return asked
    wanted = "growth" if indicator.measure == "growth" else "value"
    for metric in (wanted, "growth", "value", "target"):
        if has[metric]:
            return metric
    return wanted


def actual_metric(metric: str, indicator: Indicator) -> str:
    """The actual a target is judged against when the targets themselves are compared."""
    if metric != "target":
        return metric
    return "growth" if indicator.measure == "growth" else "value"


def _figure(observation: Observation | None, metric: str) -> Decimal | None:
    if observation is None:
        return None
    return observation.growth if metric == "growth" else observation.value


def _judges_metric(target: Target, metric: str) -> bool:
    return (target.measure == "growth") == (metric == "growth")


def verdict_for(
    target: Target | None, figure: Decimal | None, metric: str
) -> tuple[Decimal | None, str]:
    """(gap, verdict) of a full-year figure against its target; see the module's rule."""
    if target is None or figure is None or target.qualifier in COMPARED:
        return None, ""
    if not _judges_metric(target, metric):
        return None, ""
    rate = target.measure in ("growth", "share") or target.direction == "down"
    if rate:
        if target.direction == "down":
            if (
                target.measure == "growth"
                and target.qualifier != "at_most"
                and target.low is not None
            ):
                gap = -figure - target.low  # 下降2.5%: a fall of at least 2.5
            else:
                bound = target.high if target.high is not None else target.low
                gap = None if bound is None else bound - figure
        else:
            bound = target.low if target.low is not None else target.high
            gap = None if bound is None else figure - bound
        if gap is None:
            return None, ""
        verdict = (
            Verdict.MET if gap >= 0 else Verdict.ABOUT if gap >= -ABOUT_POINTS else Verdict.MISSED
        )
        return gap, verdict
    goal = target_number(target)
    if not goal:
        return None, ""
    share = figure / goal * HUNDRED
    verdict = (
        Verdict.MET
        if share >= HUNDRED
        else Verdict.ABOUT
        if share >= ABOUT_SHARE
        else Verdict.MISSED
    )
    return (share - HUNDRED).quantize(Decimal("0.1")), verdict


def judge(target: Target | None, observation: Observation | None) -> tuple[Decimal | None, str]:
    """(gap, verdict) of a full-year result against its target, in the target's own terms (a
    growth target against the growth rate, a level against the value), whatever is compared."""
    if target is None or observation is None:
        return None, ""
    metric = "growth" if target.measure == "growth" else "value"
    return verdict_for(target, _figure(observation, metric), metric)


def compare(
    *,
    indicator: Indicator,
    year: int,
    period: Period,
    regions: list[Region],
    metric: str = "",
    with_sources: bool = False,
    region_ids: RegionIds | None = None,
) -> Comparison:
    """The indicator across `regions` in one period of `year` (see the module);
    `region_ids`, when given, filters by their ids as a subquery (`RegionSet.ids`)."""
    if region_ids is None:
        region_ids = [r.pk for r in regions]
    # Thousands of rows for all counties: no timestamps, no join for the models' own ordering
    # (targets by measure, so `_headlines` is the same every time), and the report versions
    # the sentences came from only when they are shown.
    target_rows = (
        Target.objects.filter(
            indicator=indicator, year__in=(year, year - 1), region_id__in=region_ids
        )
        .only(*TARGET_FIELDS)
        .order_by("measure")
    )
    in_period = Observation.objects.filter(
        indicator=indicator,
        period_kind=period.kind,
        period_index=period.index,
        region_id__in=region_ids,
    ).order_by()
    observation_rows = in_period.filter(year=year).only(*OBSERVATION_FIELDS)
    if with_sources:
        target_rows = target_rows.select_related("source_version")
        observation_rows = observation_rows.select_related("source_version")
    targets = _headlines(target_rows, indicator)
    observations = {o.region_id: o for o in observation_rows}
    # Last year's results only rank: their figures, not rows.
    last_year = {
        region_id: (growth, value)
        for region_id, growth, value in in_period.filter(year=year - 1).values_list(
            "region_id", "growth", "value"
        )
    }
    this_year = [t for (_r, seen), t in targets.items() if seen == year]
    metric = metric_for(indicator, observations.values(), this_year, metric)

    def figure_of(region_id: int, when: int) -> Decimal | None:
        if metric == "target":
            return target_number(targets.get((region_id, when)))
        if when == year:
            return _figure(observations.get(region_id), metric)
        growth, value = last_year.get(region_id, (None, None))
        return growth if metric == "growth" else value

    descending = indicator.direction == "up"
    ranks = {
        when: competition_ranks(
            {
                region.pk: figure
                for region in regions
                if (figure := figure_of(region.pk, when)) is not None
            },
            descending=descending,
        )
        for when in (year, year - 1)
    }
    rules = colour_rules_for_regions(regions)
    rows = []
    for region in regions:
        target = targets.get((region.pk, year))
        observation = observations.get(region.pk)
        figure = figure_of(region.pk, year)
        gap, verdict = judge(target, observation) if period.kind == "year" else (None, "")
        colour = None
        if target is not None and observation is not None:
            colour = assess(
                TargetView(
                    target.measure, target.low, target.high, target.qualifier, target.direction
                ),
                observation.value,
                observation.growth,
                period.kind,
                period.index,
                rules=rules[region.pk],
            ).colour
        rows.append(
            ComparedRegion(
                region=region,
                target=target,
                previous_target=targets.get((region.pk, year - 1)),
                observation=observation,
                figure=figure,
                gap=gap,
                verdict=verdict,
                colour=colour,
                rank=ranks[year].get(region.pk),
                previous_rank=ranks[year - 1].get(region.pk),
            )
        )
    if metric == "growth" or (metric == "target" and actual_metric(metric, indicator) == "growth"):
        unit = "%"
    elif metric == "target":  # a count or an amount to reach: the targets' own unit
        unit = next((t.unit for t in this_year if t.unit), indicator.unit)
    else:
        unit = next(
            (o.unit for o in observations.values() if o.unit),
            indicator.unit,
        )
    tallies: dict[str, int] = {}
    for row in rows:
        for key in (row.verdict, row.target_change):
            if key:
                tallies[key] = tallies.get(key, 0) + 1
    return Comparison(indicator, year, period, metric, unit, rows, tallies)


SORT_KEYS = ("region", "figure", "target", "gap", "rank", "rank_change", "target_change")


def sorted_rows(rows: list[ComparedRegion], sort: str) -> list[ComparedRegion]:
    """Rows by a column (`-` first for descending); regions without the figure always last."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS or key == "region":
        return sorted(rows, key=lambda r: r.region.code, reverse=descending)
    change_order = {"raised": 2, "held": 1, "lowered": 0}

    def value(row: ComparedRegion) -> Decimal | int | None:
        if key == "figure":
            return row.figure
        if key == "target":
            return target_number(row.target)
        if key == "gap":
            return row.gap
        if key == "rank":
            return row.rank
        if key == "rank_change":
            return row.rank_change
        return change_order.get(row.target_change)

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: r.region.code)
    # Stable even when reversed: equal figures keep code order.
    present.sort(key=value, reverse=descending)  # type: ignore[arg-type]
    return present + sorted(missing, key=lambda r: r.region.code)
