"""One record within the user's reach, as the API answers it: a project with its whole page,
one problem, one 纳统 report, one month's figures with their shares.

Each `*_get` answers NotFound (`luoshi.core.lookups`) when there is no such record and lets
`project_get_for_user` refuse (403) a project that is not the user's."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from luoshi.core.lookups import found
from luoshi.projects.investment_rules import share
from luoshi.projects.models import MonthlyInvestment, Project, ProjectProblem, StatisticsInclusion
from luoshi.projects.rates import report_month
from luoshi.projects.selectors.detail import (
    InvestmentLine,
    TimelineStep,
    inclusion_of,
    investment_lines,
    problem_list,
    timeline,
)
from luoshi.projects.selectors.listing import (
    ProjectRow,
    project_get_for_user,
    rows_of,
    with_figures,
)
from luoshi.projects.selectors.scope import PresetBook


@dataclass
class ProjectDetail(ProjectRow):
    """A project's row (figures and colours as of a day) with what its page shows."""

    stages: list[TimelineStep] = field(default_factory=list)
    investments: list[InvestmentLine] = field(default_factory=list)
    inclusion: StatisticsInclusion | None = None
    problems: list[ProjectProblem] = field(default_factory=list)


def project_detail_get(*, user: Any, project_id: int, today: date) -> ProjectDetail:
    """One project the user may read, its figures through the month of `today`."""
    project = project_get_for_user(user, project_id)
    month = report_month(project.year, today.year, today.month)
    annotated = (
        with_figures(Project.objects.filter(pk=project.pk), month)
        .select_related("region", "unit", "inclusion")
        .get()
    )
    row = rows_of([annotated], as_of=today, book=PresetBook([project.region.code]))[0]
    return ProjectDetail(
        **{f.name: getattr(row, f.name) for f in fields(ProjectRow)},
        stages=timeline(project, today),
        investments=investment_lines(project),
        inclusion=inclusion_of(project),
        problems=list(problem_list(project)),
    )


def investment_line(row: MonthlyInvestment, project: Project) -> InvestmentLine:
    """One month's figures with their shares of the project's annual plan and total."""
    return InvestmentLine(
        row=row,
        share_of_plan=share(row.year_to_date, project.annual_plan),
        share_of_total=share(row.since_start, project.total_investment),
    )


def problem_get(*, user: Any, problem_id: int) -> ProjectProblem:
    """One problem of a project the user may read (403 when the project is not theirs)."""
    problem = found(
        ProjectProblem.objects.select_related("project__region", "project__unit", "unit"),
        message=_("没有编号为 %(id)s 的问题。") % {"id": problem_id},
        pk=problem_id,
    )
    project_get_for_user(user, problem.project_id)
    return problem


def inclusion_get(*, user: Any, project_id: int) -> StatisticsInclusion:
    """The 纳统 report of a project the user may read; NotFound before it is reported."""
    project = project_get_for_user(user, project_id)
    inclusion = found(
        StatisticsInclusion.objects.select_related("reported_by", "reviewed_by", "accepted_by"),
        message=_("此项目还没有纳统申报。"),
        project=project,
    )
    inclusion.project = project
    return inclusion
