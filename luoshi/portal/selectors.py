"""Reads of the public portal: only what was marked public, never anything else.

- tasks: `Task.is_public`; their progress is the latest report the supervision office
  approved (its 进展情况 text only — never return reasons, notices or contact data);
- targets: those of a region and year whose work report was adopted, or that come from a
  published adopted text;
- projects: `Project.is_public`;
- opinions: those staff marked public and answered (`engagement.selectors.public_feedback`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import region_code_lineage
from luoshi.appeals.selectors import appeals_in
from luoshi.core.models import Region
from luoshi.engagement.models import AnswerState, Opinion
from luoshi.engagement.selectors import public_feedback, state_labels
from luoshi.indicators.models import Target
from luoshi.indicators.selectors import TableRow, indicator_table, latest_period
from luoshi.projects.models import Project
from luoshi.projects.rates import RateCounts, Rates, report_month
from luoshi.projects.selectors import PresetBook, ProjectRow, rates_for, rows_of, with_figures
from luoshi.reports.models import ReportStatus, VersionKind, WorkReport
from luoshi.tasks.models import ProgressReport, ReportState, StatusLabel, Task, TaskStatus


def published_targets() -> QuerySet[Target]:
    adopted = WorkReport.objects.filter(
        region=OuterRef("region"), year=OuterRef("year"), status=ReportStatus.ADOPTED
    )
    return Target.objects.filter(
        Exists(adopted)
        | Q(source_version__kind=VersionKind.ADOPTED, source_version__published_at__isnull=False)
    )


def public_tasks_all() -> QuerySet[Task]:
    return Task.objects.filter(is_public=True)


def public_projects_all() -> QuerySet[Project]:
    return Project.objects.filter(is_public=True)


def public_opinions_all() -> QuerySet[Opinion]:
    return Opinion.objects.filter(is_public=True).exclude(state=AnswerState.PENDING)


def years_of(region: Region) -> set[int]:
    years: set[int] = set()
    years |= set(public_tasks_all().filter(region=region).values_list("year", flat=True))
    years |= set(public_projects_all().filter(region=region).values_list("year", flat=True))
    years |= set(published_targets().filter(region=region).values_list("year", flat=True))
    years |= set(
        public_opinions_all().filter(report__region=region).values_list("report__year", flat=True)
    )
    # Appeals' rates are public too: a county with appeals and nothing else has its page.
    years |= {day.year for day in appeals_in(region).dates("created_at", "year")}
    return years


def portal_subject(region_code: str, year: str | int) -> tuple[Region, int]:
    """The region and year of a portal page; Http404 with a Chinese message when the region
    is unknown or has published nothing for the year."""
    code = str(region_code).strip()
    region = (
        Region.objects.select_related("parent").filter(code=code).first()
        if re.fullmatch(r"\d{6}|\d{9}", code)
        else None
    )
    if region is None:
        raise Http404(_("没有这个地区：%(code)s。") % {"code": code[:20]})
    text = str(year).strip()
    if not text.isdigit() or int(text) not in years_of(region):
        raise Http404(
            _("%(region)s没有%(year)s年的公开数据。") % {"region": region.name, "year": text[:8]}
        )
    return region, int(text)


def status_words(region: Region) -> dict[str, str]:
    """The region's own words for task statuses, the nearest region's word winning."""
    words = {value: str(label) for value, label in TaskStatus.choices}
    lineage = region_code_lineage(region.code)
    overrides = StatusLabel.objects.filter(region__code__in=lineage).values_list(
        "region__code", "status", "label"
    )
    for _code, status, label in sorted(overrides, key=lambda row: len(row[0].rstrip("0"))):
        words[status] = label
    return words


def public_tasks(region: Region, year: int) -> QuerySet[Task]:
    """The region's public tasks of the year with the latest approved progress text, in
    the 分解表's order (one query however many). The text is the lead unit's report, the
    one the office approved; a co-unit's part, approved along with it, is not the task's."""
    approved = ProgressReport.objects.filter(
        task=OuterRef("pk"), unit=OuterRef("lead_unit"), state=ReportState.APPROVED
    ).order_by("-period_end", "-id")
    return (
        public_tasks_all()
        .filter(region=region, year=year)
        .select_related("lead_unit")
        .annotate(
            public_progress=Subquery(approved.values("progress")[:1]),
            public_period=Subquery(approved.values("period_label")[:1]),
        )
        .order_by("order", "id")
    )


@dataclass(frozen=True)
class PublicTargets:
    period_label: str
    rows: list[TableRow]


def public_targets(region: Region, year: int) -> PublicTargets:
    """The indicator table's rows for the published targets, at the latest period with
    actuals (the indicators app's own table)."""
    published = set(
        published_targets().filter(region=region, year=year).values_list("pk", flat=True)
    )
    if not published:
        return PublicTargets("", [])
    latest = latest_period(region=region, year=year) or ("year", 12)
    kind, index = latest
    rows = [
        row
        for row in indicator_table(region=region, year=year, period_kind=kind, period_index=index)
        if row.target is not None and row.target.pk in published
    ]
    label = next((row.observation.period_label for row in rows if row.observation), "")
    return PublicTargets(label, rows)


def public_projects(region: Region, year: int) -> QuerySet[Project]:
    return (
        public_projects_all()
        .filter(region=region, year=year)
        .select_related("region", "unit", "inclusion")
        .order_by("id")
    )


def project_rows(projects: list[Project] | QuerySet[Project], as_of: dt.date) -> list[ProjectRow]:
    """Rows with the year's investment figures, from projects annotated by `with_figures`."""
    chosen = list(projects)
    return rows_of(chosen, as_of=as_of, book=PresetBook({p.region.code for p in chosen}))


def projects_with_figures(region: Region, year: int, as_of: dt.date) -> QuerySet[Project]:
    return with_figures(public_projects(region, year), report_month(year, as_of.year, as_of.month))


def public_project_rates(region: Region, year: int, as_of: dt.date) -> tuple[RateCounts, Rates]:
    return rates_for(public_projects(region, year), year=year, as_of=as_of)


@dataclass(frozen=True)
class PublicOpinions:
    report: WorkReport | None
    total: int
    by_state: list[tuple[str, str, int]]


def public_opinions(region: Region, year: int) -> PublicOpinions:
    """Public answered opinions on the region's report of the year, by answer state."""
    report = WorkReport.objects.filter(region=region, year=year).select_related("region").first()
    if report is None:
        return PublicOpinions(None, 0, [])
    counts = dict(public_feedback(report).order_by().values_list("state").annotate(n=Count("id")))
    labels = state_labels(region)
    by_state = [
        (value, labels[value], counts[value]) for value in AnswerState.values if counts.get(value)
    ]
    return PublicOpinions(report, sum(counts.values()), by_state)
