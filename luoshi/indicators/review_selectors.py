"""The figures of a region's year, gathered for drafting next year's review, and what a reader
may follow from them (source paragraphs, next year's report)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects

from luoshi.core.models import Region
from luoshi.core.selectors import colour_rules_for_region
from luoshi.indicators.models import Observation, PeriodKind, Target
from luoshi.indicators.periods import KIND_ORDER, Period, periods_sorted
from luoshi.indicators.progress import Status, TargetView, assess, competition_ranks
from luoshi.indicators.review_writing import FigureInput
from luoshi.reports.models import ReportParagraph, ReportVersion, WorkReport
from luoshi.reports.selectors import can_see_unpublished

MET = {Status.DONE, Status.ON_TRACK, Status.AHEAD}

PeriodKey = tuple[int, int, str, int]  # indicator, year, period kind, period index


def _latest_own_observations(region: Region, year: int) -> list[Observation]:
    """Per indicator, the full-year result, or else the latest cumulative figure of the year."""
    observations = list(
        Observation.objects.filter(region=region, year=year).select_related(
            "indicator", "source_version__report__region"
        )
    )
    by_indicator: dict[int, dict[Period, Observation]] = {}
    for o in observations:
        by_indicator.setdefault(o.indicator_id, {})[Period(o.period_kind, o.period_index)] = o
    chosen = [found[periods_sorted(list(found))[0]] for found in by_indicator.values()]
    prefetch_related_objects(chosen, "stated_ranks")
    return chosen


def _peer_growth(
    peer_ids: list[int], years: list[int], own: list[Observation]
) -> dict[PeriodKey, dict[int, Decimal]]:
    """Growth of the peers for the indicators and periods drafted, this year and last."""
    growth: dict[PeriodKey, dict[int, Decimal]] = {}
    rows = Observation.objects.filter(
        region_id__in=peer_ids,
        year__in=years,
        indicator_id__in={o.indicator_id for o in own},
        period_kind__in={o.period_kind for o in own},
        growth__isnull=False,
    ).values_list("indicator_id", "year", "period_kind", "period_index", "region_id", "growth")
    for indicator_id, year, kind, index, region_id, value in rows:
        if value is not None:
            growth.setdefault((indicator_id, year, kind, index), {})[region_id] = value
    return growth


def _period_order(o: Observation) -> tuple[int, int, int, str]:
    """Full-year figures first, then the latest periods; catalogue order within a period."""
    period = Period(o.period_kind, o.period_index)
    return (-period.months, -KIND_ORDER[period.kind], o.indicator.sort_order, o.indicator.name)


def review_figures(*, region: Region, year: int) -> list[tuple[FigureInput, Observation]]:
    """One figure per indicator the region reported for the year, ranked among its peers.

    The full-year result is used where it exists; where it does not, the latest cumulative
    figure of the year (1–11月, 1–3季度) stands in and carries its period, so that the draft
    says which figures are not the full year's. A rank the source states (全市第3、前进2位) is
    used as stated; otherwise it is computed from the peers' growth for the same period this
    year and last year. Five queries whatever the number of indicators.
    """
    peer_ids = (
        list(Region.objects.filter(parent_id=region.parent_id).values_list("pk", flat=True))
        if region.parent_id
        else [region.pk]
    )
    own = _latest_own_observations(region, year)
    growth = _peer_growth(peer_ids, [year, year - 1], own) if own else {}
    targets: dict[int, Target] = {}
    for target in Target.objects.filter(region=region, year=year).order_by("measure"):
        targets.setdefault(target.indicator_id, target)

    rules = colour_rules_for_region(region)
    figures = []
    for observation in sorted(own, key=_period_order):
        indicator = observation.indicator
        period = Period(observation.period_kind, observation.period_index)
        descending = indicator.direction == "up"
        rank_scope, rank, change, computed = "", None, None, False
        stated = [r for r in observation.stated_ranks.all() if r.rank is not None]
        if stated:
            rank_scope, rank, change = stated[0].scope, stated[0].rank, stated[0].change
        else:
            now = growth.get((indicator.pk, year, period.kind, period.index), {})
            before = growth.get((indicator.pk, year - 1, period.kind, period.index), {})
            if len(now) > 1 and region.pk in now:
                rank, computed = competition_ranks(now, descending=descending)[region.pk], True
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
            verdict = assess(
                view, observation.value, observation.growth, period.kind, period.index, rules=rules
            )
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
                    period_label="" if period.kind == PeriodKind.YEAR else period.label,
                    rank_computed=computed,
                ),
                observation,
            )
        )
    return figures


def readable_source_paragraphs(*, user: Any, observations: Iterable[Observation]) -> set[int]:
    """The ids of the observations whose source paragraph `user` may open in the report pages:
    the paragraph is still in the version it was read from, and the version is published or
    the user is one of the people preparing that report. One query (the versions and their
    reports come with the observations)."""
    sourced = [o for o in observations if o.source_version_id and o.source_anchor]
    if not sourced:
        return set()
    present = set(
        ReportParagraph.objects.filter(
            version_id__in={o.source_version_id for o in sourced},
            anchor__in={o.source_anchor for o in sourced},
        ).values_list("version_id", "anchor")
    )
    readable = set()
    for o in sourced:
        version = o.source_version
        if version is None or (o.source_version_id, o.source_anchor) not in present:
            continue
        if version.is_published or can_see_unpublished(user, version.report):
            readable.add(o.pk)
    return readable


def next_report(*, region: Region, year: int) -> tuple[WorkReport | None, ReportVersion | None]:
    """Next year's report of the region, which the drafted review is written into, and its
    latest version (None where missing)."""
    report = WorkReport.objects.filter(region=region, year=year + 1).first()
    latest = report.versions.order_by("-number").first() if report is not None else None
    return report, latest
