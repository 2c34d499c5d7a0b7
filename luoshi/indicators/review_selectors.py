"""The figures of a region's year, gathered for drafting next year's review."""

from __future__ import annotations

from decimal import Decimal

from luoshi.core.models import Region
from luoshi.indicators.models import Observation, PeriodKind, Target
from luoshi.indicators.progress import Status, TargetView, assess, competition_ranks
from luoshi.indicators.review_writing import FigureInput

MET = {Status.DONE, Status.ON_TRACK, Status.AHEAD}


def _year_observations(region_ids: list[int], years: list[int]) -> list[Observation]:
    return list(
        Observation.objects.filter(
            region_id__in=region_ids, year__in=years, period_kind=PeriodKind.YEAR
        )
        .select_related("indicator", "source_version")
        .prefetch_related("stated_ranks")
    )


def review_figures(*, region: Region, year: int) -> list[tuple[FigureInput, Observation]]:
    """One figure per indicator with a full-year result, ranked among the region's peers.

    A rank the source states (全市第3、前进2位) is used as stated; otherwise the rank is
    computed from the peers' growth this year and last year.
    """
    peer_ids = (
        list(Region.objects.filter(parent_id=region.parent_id).values_list("pk", flat=True))
        if region.parent_id
        else [region.pk]
    )
    observations = _year_observations(peer_ids, [year, year - 1])
    growth: dict[tuple[int, int], dict[int, Decimal]] = {}
    own: dict[int, Observation] = {}
    for o in observations:
        if o.growth is not None:
            growth.setdefault((o.indicator_id, o.year), {})[o.region_id] = o.growth
        if o.region_id == region.pk and o.year == year:
            own[o.indicator_id] = o
    targets: dict[int, Target] = {}
    for target in Target.objects.filter(region=region, year=year).order_by("measure"):
        targets.setdefault(target.indicator_id, target)

    figures = []
    for observation in sorted(
        own.values(), key=lambda o: (o.indicator.sort_order, o.indicator.name)
    ):
        indicator = observation.indicator
        descending = indicator.direction == "up"
        rank_scope, rank, change = "", None, None
        stated = [r for r in observation.stated_ranks.all() if r.rank is not None]
        if stated:
            rank_scope, rank, change = stated[0].scope, stated[0].rank, stated[0].change
        else:
            now = growth.get((indicator.pk, year), {})
            before = growth.get((indicator.pk, year - 1), {})
            if len(now) > 1 and region.pk in now:
                rank = competition_ranks(now, descending=descending)[region.pk]
                rank_scope = "全市" if region.parent and region.parent.level == "city" else "全省"
                if len(before) > 1 and region.pk in before:
                    change = competition_ranks(before, descending=descending)[region.pk] - rank
        own_target = targets.get(indicator.pk)
        met = None
        if own_target is not None:
            view = TargetView(
                own_target.measure,
                own_target.low,
                own_target.high,
                own_target.qualifier,
                own_target.direction,
            )
            verdict = assess(view, observation.value, observation.growth, "year", 12)
            met = None if verdict.status == Status.NO_TARGET else verdict.status in MET
        figures.append(
            (
                FigureInput(
                    indicator=indicator.name,
                    unit=observation.unit or indicator.unit,
                    value=observation.value,
                    growth=observation.growth,
                    direction=indicator.direction,
                    observation_id=observation.pk,
                    rank_scope=rank_scope,
                    rank=rank,
                    rank_change=change,
                    target_text=own_target.describe() if own_target is not None else "",
                    target_met=met,
                ),
                observation,
            )
        )
    return figures
