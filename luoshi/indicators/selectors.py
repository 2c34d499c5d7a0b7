"""Reads of indicators, targets and observations, and the derived indicator table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from luoshi.accounts.models import Membership
from luoshi.core.colour_rules import ColourRules
from luoshi.core.lookups import found, not_found
from luoshi.core.models import Region
from luoshi.core.selectors import colour_rules_for_region
from luoshi.indicators.comparison_sets import child_level, regions_under
from luoshi.indicators.models import (
    Indicator,
    Observation,
    PeriodKind,
    RankTier,
    StatedRank,
    Target,
)
from luoshi.indicators.periods import Period, periods_sorted
from luoshi.indicators.progress import (
    DEFAULT_TIERS,
    Assessment,
    TargetView,
    Tier,
    assess,
    competition_ranks,
    tier_for,
)


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("sort_order", "name")


def indicator_by_name(name: str) -> Indicator | None:
    """Exact match on the canonical name or a synonym (never fuzzy)."""
    name = name.strip()
    if not name:
        return None
    found = Indicator.objects.filter(name=name).first()
    if found:
        return found
    for indicator in Indicator.objects.exclude(synonyms=[]):
        if name in indicator.synonyms:
            return indicator
    return None


def indicator_get(*, ref: str) -> Indicator:
    """The indicator whose code is `ref`, else whose name or synonym it is (`indicator_by_name`).
    Raises NotFound (an Indicator.DoesNotExist): "指标目录中没有“幸福指数”。"."""
    indicator = indicator_by_code(ref) or indicator_by_name(ref)
    if indicator is None:
        raise not_found(Indicator, _("指标目录中没有“%(ref)s”。") % {"ref": ref})
    return indicator


def target_get(*, target_id: int) -> Target:
    """Raises NotFound (a Target.DoesNotExist): "没有编号为 7 的目标。"."""
    return found(Target.objects.select_related("region", "indicator"), pk=target_id)


def target_list(*, region: Region, year: int) -> QuerySet[Target]:
    return (
        Target.objects.filter(region=region, year=year)
        .select_related("indicator", "source_version")
        .order_by("indicator__sort_order", "measure")
    )


def observation_list(
    *,
    region: Region | None = None,
    indicator: Indicator | None = None,
    year: int | None = None,
) -> QuerySet[Observation]:
    observations = Observation.objects.select_related("indicator", "region").prefetch_related(
        Prefetch("stated_ranks", queryset=StatedRank.objects.order_by("id"))
    )
    if region is not None:
        observations = observations.filter(region=region)
    if indicator is not None:
        observations = observations.filter(indicator=indicator)
    if year is not None:
        observations = observations.filter(year=year)
    return observations.order_by("indicator__sort_order", "year", "period_kind", "period_index")


def tiers_for(scope: Region | None) -> tuple[Tier, ...]:
    rows = list(
        RankTier.objects.filter(Q(scope_region=scope) if scope else Q(scope_region__isnull=True))
    )
    if not rows and scope is not None:
        rows = list(RankTier.objects.filter(scope_region__isnull=True))
    if not rows:
        return DEFAULT_TIERS
    return tuple(
        Tier(r.label, r.rank_from, r.rank_to) for r in sorted(rows, key=lambda r: r.rank_from)
    )


def headline_target(kept: Target | None, candidate: Target, indicator: Indicator) -> Target:
    """Of two targets of one indicator, region and year, the headline one: the one in the
    indicator's own measure (a growth rate for 地区生产总值, a count for 城镇新增就业); another
    measure only when it is the only one."""
    if kept is None or (
        candidate.measure == indicator.measure and kept.measure != indicator.measure
    ):
        return candidate
    return kept


@dataclass(frozen=True)
class TableRow:
    indicator: Indicator
    target: Target | None
    observation: Observation | None
    assessment: Assessment
    peer_rank: int | None
    peer_count: int
    tier: str
    stated_ranks: list[StatedRank]


def latest_period(*, region: Region, year: int) -> tuple[str, int] | None:
    """The most recent period with any observation for the region in the year."""
    rows = (
        Observation.objects.filter(region=region, year=year)
        .order_by("period_kind", "period_index")
        .values_list("period_kind", "period_index")
        .distinct()
    )
    kinds: dict[str, int] = {}
    for kind, index in rows:  # ascending, so each kind keeps its latest index
        kinds[kind] = index
    if PeriodKind.YEAR in kinds:
        return PeriodKind.YEAR, 12
    if PeriodKind.MONTH in kinds:
        return PeriodKind.MONTH, kinds[PeriodKind.MONTH]
    if PeriodKind.QUARTER in kinds:
        return PeriodKind.QUARTER, kinds[PeriodKind.QUARTER]
    return None


def indicator_table(
    *,
    region: Region,
    year: int,
    period_kind: str,
    period_index: int,
    rules: ColourRules | None = None,
) -> list[TableRow]:
    """指标 · 年度目标 · 1–N月完成 · 增速 · 进度% · 位次, for one region and period.

    Five queries whatever the number of indicators: targets, the region's observations (with
    stated ranks), the peers' growth figures, the tier labels and the region's colour rules
    (the preset tasks use too; four when the caller read them already and passes `rules`).
    """
    targets: dict[int, Target] = {}
    for candidate in target_list(region=region, year=year):
        targets[candidate.indicator_id] = headline_target(
            targets.get(candidate.indicator_id), candidate, candidate.indicator
        )
    observations = {
        o.indicator_id: o
        for o in observation_list(region=region, year=year).filter(
            period_kind=period_kind, period_index=period_index
        )
    }
    indicator_ids = set(targets) | set(observations)
    peer_growth: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if region.parent_id:
        for indicator_id, region_id, growth in Observation.objects.filter(
            region__parent_id=region.parent_id,
            indicator_id__in=indicator_ids,
            year=year,
            period_kind=period_kind,
            period_index=period_index,
            growth__isnull=False,
        ).values_list("indicator_id", "region_id", "growth"):
            if growth is not None:
                peer_growth[indicator_id][region_id] = growth
    tiers = tiers_for(region.parent) if region.parent_id else DEFAULT_TIERS
    if rules is None:
        rules = colour_rules_for_region(region)
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids)}
    rows = []
    for indicator_id in sorted(
        indicator_ids, key=lambda i: (indicators[i].sort_order, indicators[i].name)
    ):
        indicator = indicators[indicator_id]
        target = targets.get(indicator_id)
        observation = observations.get(indicator_id)
        view = (
            TargetView(target.measure, target.low, target.high, target.qualifier, target.direction)
            if target
            else None
        )
        assessment = assess(
            view,
            observation.value if observation else None,
            observation.growth if observation else None,
            period_kind,
            period_index,
            rules=rules,
        )
        peers = peer_growth.get(indicator_id, {})
        ranks = (
            competition_ranks(peers, descending=indicator.direction == "up")
            if len(peers) > 1
            else {}
        )
        peer_rank = ranks.get(region.pk)
        rows.append(
            TableRow(
                indicator=indicator,
                target=target,
                observation=observation,
                assessment=assessment,
                peer_rank=peer_rank,
                peer_count=len(peers),
                tier=tier_for(peer_rank, tiers),
                stated_ranks=list(observation.stated_ranks.all()) if observation else [],
            )
        )
    return rows


# --- Pages: the table's choices, charts and the Excel round trip -----------------------------


def region_by_code(code: str) -> Region | None:
    """The region with exactly this code (with its parent), or None."""
    code = code.strip()
    if not code.isdigit():
        return None
    return Region.objects.select_related("parent").filter(code=code).first()


def regions_by_code(codes: set[str]) -> dict[str, Region]:
    return {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}


def default_region_for(user: AbstractBaseUser | AnonymousUser) -> Region | None:
    """The region of the user's first active membership (memberships order by region code)."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user_id=user.pk, is_active=True, unit__is_active=True)
        .select_related("unit__region__parent")
        .order_by("unit__region__code", "unit__sort_order", "pk")
        .first()
    )
    return membership.unit.region if membership else None


def years_with_data(region: Region) -> list[int]:
    """Years with targets or observations for the region, latest first."""
    years = set(Observation.objects.filter(region=region).values_list("year", flat=True))
    years |= set(Target.objects.filter(region=region).values_list("year", flat=True))
    return sorted(years, reverse=True)


def years_with_data_below(region: Region) -> list[int]:
    """Years with targets or observations for the region's direct sub-regions (of its next
    level), latest first; none for a county."""
    if region.level not in ("national", "province", "city"):
        return []
    ids = _ids_below(region)
    years = set(
        Observation.objects.filter(region_id__in=ids)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years |= set(
        Target.objects.filter(region_id__in=ids)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def _ids_below(region: Region) -> list[int]:
    return [r.pk for r in regions_under(region, child_level(region))]


def periods_with_data_below(region: Region, year: int) -> list[Period]:
    """Periods the region's direct sub-regions reported in the year, latest first."""
    if region.level not in ("national", "province", "city"):
        return []
    rows = (
        Observation.objects.filter(region_id__in=_ids_below(region), year=year)
        .order_by()
        .values_list("period_kind", "period_index")
        .distinct()
    )
    return periods_sorted({Period(kind, index) for kind, index in rows})


def periods_with_data(region: Region, year: int) -> list[Period]:
    rows = (
        Observation.objects.filter(region=region, year=year)
        .order_by()
        .values_list("period_kind", "period_index")
        .distinct()
    )
    return periods_sorted({Period(kind, index) for kind, index in rows})


def indicator_lookup() -> dict[str, Indicator]:
    """Every canonical name and synonym → its indicator, as `indicator_by_name` matches them.

    One query for a whole import file; a canonical name wins over another indicator's synonym.
    """
    lookup: dict[str, Indicator] = {}
    indicators = list(Indicator.objects.all())
    for indicator in indicators:
        for synonym in indicator.synonyms:
            lookup.setdefault(synonym, indicator)
    for indicator in indicators:
        lookup[indicator.name] = indicator
    return lookup


def indicator_by_code(code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()


@dataclass(frozen=True)
class HistoryPoint:
    year: int
    period: Period
    value: Decimal | None
    growth: Decimal | None
    unit: str


@dataclass(frozen=True)
class IndicatorHistory:
    region: Region
    indicator: Indicator
    points: list[HistoryPoint]  # monthly cumulative figures, oldest first
    targets: dict[int, Target]  # year → the year's headline target


def indicator_history(*, region: Region, indicator: Indicator, years: int = 5) -> IndicatorHistory:
    """Cumulative figures (monthly, quarterly and full-year) of one indicator for a region in
    the `years` years up to the latest with data, oldest first, with the targets of those
    years. Two queries."""
    observations = list(Observation.objects.filter(region=region, indicator=indicator))
    latest = max((o.year for o in observations), default=0)
    recent_years = set(range(latest - years + 1, latest + 1))
    points = sorted(
        (
            HistoryPoint(o.year, Period(o.period_kind, o.period_index), o.value, o.growth, o.unit)
            for o in observations
            if o.year in recent_years
        ),
        key=lambda p: (p.year, p.period.months, p.period.kind),
    )
    targets: dict[int, Target] = {}
    for target in Target.objects.filter(region=region, indicator=indicator).order_by(
        "year", "measure"
    ):
        targets[target.year] = headline_target(targets.get(target.year), target, indicator)
    return IndicatorHistory(region=region, indicator=indicator, points=points, targets=targets)


@dataclass(frozen=True)
class PeerFigure:
    region: Region
    value: Decimal | None
    growth: Decimal | None
    unit: str
    rank: int | None


def peer_figures(
    *, region: Region, indicator: Indicator, year: int, period: Period
) -> list[PeerFigure]:
    """The indicator for every region with the same parent in one period, ranked by growth
    (by value where no region reports growth). One query."""
    if not region.parent_id:
        return []
    observations = list(
        Observation.objects.filter(
            region__parent_id=region.parent_id,
            indicator=indicator,
            year=year,
            period_kind=period.kind,
            period_index=period.index,
        ).select_related("region")
    )
    by_growth = {o.region_id: o.growth for o in observations if o.growth is not None}
    by_value = {o.region_id: o.value for o in observations if o.value is not None}
    basis = by_growth or by_value
    ranks = competition_ranks(basis, descending=indicator.direction == "up")
    figures = [
        PeerFigure(o.region, o.value, o.growth, o.unit, ranks.get(o.region_id))
        for o in observations
    ]
    return sorted(figures, key=lambda f: (f.rank is None, f.rank or 0, f.region.code))


def observation_sheet_rows(*, region: Region, year: int, period: Period) -> list[Observation]:
    """The region's figures for one period, in catalogue order (to prefill an import sheet)."""
    return list(
        Observation.objects.filter(
            region=region, year=year, period_kind=period.kind, period_index=period.index
        )
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__name")
    )
