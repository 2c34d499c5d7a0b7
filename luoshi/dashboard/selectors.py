"""The leader dashboard's figures, aggregated by the database.

Every figure is a grouped count or a short list: the number of queries is fixed, whatever the
number of tasks (10⁴) or progress reports (10⁵) in scope. Target tables, project rates and
opinion counts come from their own apps' selectors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from luoshi.core.kept_figures import kept
from luoshi.core.models import RegionLevel
from luoshi.dashboard.appeal_figures import AppealFigures, appeal_figures
from luoshi.dashboard.scope import DashboardScope
from luoshi.dashboard.task_rollup import RegionTasks, tasks_by_subregion
from luoshi.engagement.models import AnswerState, Opinion
from luoshi.engagement.selectors import opinion_stats, state_labels
from luoshi.indicators.models import PeriodKind
from luoshi.indicators.periods import Period
from luoshi.indicators.rollup import Rollup, subregion_rollup
from luoshi.indicators.selectors import (
    TableRow,
    indicator_table,
    latest_period,
    periods_with_data_below,
)
from luoshi.projects.selectors import RatesReport, project_rates
from luoshi.reports.models import WorkReport
from luoshi.tasks.models import Colour, ProgressReport, ReportState, Task, TaskStatus
from luoshi.tasks.selectors.progress_queries import reports_in_regions

LIST_LIMIT = 10  # overdue tasks and returned reports listed on the page
UNIT_LIMIT = 40  # units in the unit × colour table and chart, worst first


def task_list_url(**filters: object) -> str:
    """The task list narrowed by the given filters (year, unit, colour, status, overdue)."""
    query = {key: value for key, value in filters.items() if value not in (None, "", False)}
    return f"{reverse('tasks:task_list')}?{urlencode(query)}"


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class UnitColours:
    unit_id: int
    name: str
    green: int
    yellow: int
    red: int
    overdue: int

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red


@dataclass(frozen=True)
class TaskFigures:
    total: int
    overdue: int
    done: int
    by_status: list[Bucket]
    by_colour: list[Bucket]
    by_unit: list[UnitColours]
    unit_count: int  # units with tasks, of which `by_unit` lists the worst UNIT_LIMIT


def _by_unit(tasks: QuerySet[Task], today: dt.date) -> list[UnitColours]:
    """The worst UNIT_LIMIT lead units (most red, then yellow, overdue, tasks), ranked and cut
    by the database: a national leader's scope has tens of thousands of (unit, status, colour)
    groups, of which the page shows forty."""
    late = Q(deadline__lt=today) & ~Q(status=TaskStatus.DONE)
    rows = (
        tasks.order_by()
        .values("lead_unit_id")
        .annotate(
            label=Coalesce(NullIf("lead_unit__short_name", Value("")), "lead_unit__name"),
            green=Count("id", filter=Q(colour=Colour.GREEN)),
            yellow=Count("id", filter=Q(colour=Colour.YELLOW)),
            red=Count("id", filter=Q(colour=Colour.RED)),
            overdue=Count("id", filter=late),
        )
        .annotate(coloured=F("green") + F("yellow") + F("red"))
        .order_by("-red", "-yellow", "-overdue", "-coloured", "label", "lead_unit_id")
    )
    return [
        UnitColours(
            unit_id=row["lead_unit_id"],
            name=row["label"],
            green=row["green"],
            yellow=row["yellow"],
            red=row["red"],
            overdue=row["overdue"],
        )
        for row in rows[:UNIT_LIMIT]
    ]


def task_figures(scope: DashboardScope, today: dt.date) -> TaskFigures:
    """Counts by status and by colour, the overdue count, and the worst lead units — each a
    grouped count or a ranked, limited query, so nothing loops over the tasks or their groups."""
    tasks = Task.objects.filter(scope.region_q(), year=scope.year).order_by()
    statuses = dict(tasks.values_list("status").annotate(n=Count("id")))
    colours = dict(tasks.values_list("colour").annotate(n=Count("id")))
    overdue = tasks.filter(deadline__lt=today).exclude(status=TaskStatus.DONE).count()
    return TaskFigures(
        total=sum(statuses.values()),
        overdue=overdue,
        done=statuses.get(TaskStatus.DONE, 0),
        by_status=[
            Bucket(
                value,
                str(label),
                statuses.get(value, 0),
                task_list_url(year=scope.year, status=value),
            )
            for value, label in TaskStatus.choices
        ],
        by_colour=[
            Bucket(
                value,
                str(label),
                colours.get(value, 0),
                task_list_url(year=scope.year, colour=value),
            )
            for value, label in Colour.choices
        ],
        by_unit=_by_unit(tasks, today),
        unit_count=tasks.values("lead_unit_id").distinct().count(),
    )


def overdue_tasks(scope: DashboardScope, today: dt.date) -> list[Task]:
    """The longest-overdue tasks not done (deadline passed), with their units."""
    return list(
        Task.objects.filter(scope.region_q(), year=scope.year, deadline__lt=today)
        .exclude(status=TaskStatus.DONE)
        .select_related("lead_unit", "region")
        .order_by("deadline", "order", "id")[:LIST_LIMIT]
    )


@dataclass(frozen=True)
class ReturnedFigures:
    current: int  # reports now standing returned (已退办)
    returns: int  # every return so far, counting reports returned more than once
    items: list[ProgressReport] = field(default_factory=list)


def returned_reports(scope: DashboardScope, *, with_items: bool = True) -> ReturnedFigures:
    """The return figures of the scope's year; `with_items` False: the counts alone (the
    office's start page shows no list)."""
    # Only reports ever returned count here (a returned one has its return counted: a
    # constraint), read by their own region code through the partial index
    # `progress_returned_in_region`, so the figures never read every report in scope.
    reports = ProgressReport.objects.filter(returned_count__gt=0, task__year=scope.year)
    if scope.prefixes is not None:
        reports = reports.filter(reports_in_regions(scope.prefixes))
    totals = reports.order_by().aggregate(
        current=Count("id", filter=Q(state=ReportState.RETURNED)),
        returns=Coalesce(Sum("returned_count"), 0),
    )
    items = (
        list(
            reports.filter(state=ReportState.RETURNED)
            .select_related("task", "unit")
            .order_by("-updated_at", "-id")[:LIST_LIMIT]
        )
        if with_items
        else []
    )
    return ReturnedFigures(current=totals["current"], returns=totals["returns"], items=items)


@dataclass(frozen=True)
class TargetFigures:
    period: Period | None
    rows: list[TableRow]
    rollup: Rollup | None = None  # a province's or city's sub-regions, summed and listed


def target_figures(scope: DashboardScope, today: dt.date) -> TargetFigures | None:
    """The indicator table of the chosen region at its latest period with figures (the
    indicators app's own table, colours and all); None without one region chosen."""
    if scope.region is None:
        return None
    latest = latest_period(region=scope.region, year=scope.year)
    if latest is None and scope.region.level in (RegionLevel.PROVINCE, RegionLevel.CITY):
        below = periods_with_data_below(scope.region, scope.year)
        if below:
            latest = (below[0].kind, below[0].index)
    if latest is None:
        # Targets without any actual yet: judged as of this month (or the year's end).
        latest = (
            (PeriodKind.MONTH, today.month) if scope.year == today.year else (PeriodKind.YEAR, 12)
        )
    kind, index = latest
    rows = indicator_table(
        region=scope.region, year=scope.year, period_kind=kind, period_index=index
    )
    rollup = None
    if scope.region.level in (RegionLevel.PROVINCE, RegionLevel.CITY):
        rollup = subregion_rollup(region=scope.region, year=scope.year, period=Period(kind, index))
    shown = bool(rows) or bool(rollup and rollup.rows)
    return TargetFigures(period=Period(kind, index) if shown else None, rows=rows, rollup=rollup)


def project_figures(scope: DashboardScope, today: dt.date) -> RatesReport | None:
    """开工率 · 纳统率 · 投资完成率 against 序时 (from the projects app), by sub-region for a
    province or city, by responsible unit for a county; None without one region chosen or
    without projects."""
    if scope.region is None:
        return None
    group_by = (
        "region" if scope.region.level in (RegionLevel.PROVINCE, RegionLevel.CITY) else "unit"
    )
    report = project_rates(
        region_code=scope.region.code, year=scope.year, as_of=today, group_by=group_by
    )
    return report if report.total.counts.projects else None


@dataclass(frozen=True)
class OpinionFigures:
    total: int
    answered: int
    by_state: list[Bucket]
    report: WorkReport | None  # the chosen region's report of the year, when there is one


def opinion_figures(scope: DashboardScope) -> OpinionFigures:
    """Opinions on the year's reports by answer state: the report's own statistics when one
    region is chosen, else one grouped count over the reports in scope."""
    report = None
    if scope.region is not None:
        report = (
            WorkReport.objects.filter(region=scope.region, year=scope.year)
            .select_related("region")
            .first()
        )
    opinions_url = reverse("engagement:opinion_list")
    if report is not None:
        stats = opinion_stats(report)
        return OpinionFigures(
            total=stats.total,
            answered=stats.answered,
            by_state=[
                Bucket(
                    value,
                    label,
                    n,
                    f"{opinions_url}?{urlencode({'report': report.pk, 'state': value})}",
                )
                for value, label, n in stats.by_state
            ],
            report=report,
        )
    counts = dict(
        Opinion.objects.filter(scope.region_q("report__region"), report__year=scope.year)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
    )
    labels = state_labels(scope.region) if scope.region is not None else dict(AnswerState.choices)
    return OpinionFigures(
        total=sum(counts.values()),
        answered=sum(n for state, n in counts.items() if state != AnswerState.PENDING),
        by_state=[
            Bucket(
                value,
                str(labels[value]),
                counts.get(value, 0),
                f"{opinions_url}?{urlencode({'state': value})}",
            )
            for value in AnswerState.values
        ],
        report=None,
    )


@dataclass(frozen=True)
class DashboardFigures:
    scope: DashboardScope
    today: dt.date
    tasks: TaskFigures
    overdue: list[Task]
    returned: ReturnedFigures
    targets: TargetFigures | None
    projects: RatesReport | None
    opinions: OpinionFigures
    computed_at: dt.datetime
    subregions: list[RegionTasks] = field(default_factory=list)
    appeals: AppealFigures | None = None


def dashboard_figures(scope: DashboardScope, today: dt.date) -> DashboardFigures:
    """The figures of `scope`, kept a while per scope and day (`luoshi.core.kept_figures`: at
    national scale a province's figures read 0.8 s of tasks and reports) and dropped when the
    daily evaluation changes colours. The page says when they were counted."""

    def count() -> DashboardFigures:
        return DashboardFigures(
            scope=scope,
            today=today,
            tasks=task_figures(scope, today),
            overdue=overdue_tasks(scope, today),
            returned=returned_reports(scope),
            targets=target_figures(scope, today),
            projects=project_figures(scope, today),
            opinions=opinion_figures(scope),
            computed_at=timezone.now(),
            subregions=tasks_by_subregion(scope, today),
            appeals=appeal_figures(scope, today),
        )

    named = (scope.prefixes, scope.region.code if scope.region else None, scope.year)
    return replace(kept("dashboard", named, today, count), scope=scope)
