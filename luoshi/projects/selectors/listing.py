"""The project list: filters, the month's figures joined in by the database, colours as of a
date. One query for the page, one for the count, one for the colour rules — however many
projects the page shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from luoshi.core.lookups import found
from luoshi.core.models import Unit
from luoshi.projects.colours import LIGHTS, ProjectColours, ProjectFacts, project_colours
from luoshi.projects.investment_rules import share
from luoshi.projects.models import (
    STATISTICS_THRESHOLD,
    MonthlyInvestment,
    ProblemState,
    Project,
    ProjectProblem,
)
from luoshi.projects.rates import report_month
from luoshi.projects.selectors.scope import PresetBook, in_region, visibility

AMOUNT_FIELD = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal(0)


@dataclass(frozen=True)
class ProjectFilters:
    year: int
    region_code: str = ""
    unit_id: int | None = None
    category: str = ""
    stage: str = ""
    colour: str = ""
    query: str = ""
    public_only: bool = False


@dataclass
class ProjectRow:
    """A project as the list, the export and the API show it, with figures as of a date."""

    project: Project
    month: int
    month_planned: Decimal | None
    month_completed: Decimal | None
    year_to_date: Decimal
    since_start: Decimal
    planned_to_date: Decimal | None
    open_problems: int
    inclusion_state: str | None
    colours: ProjectColours
    problem_texts: list[str] = field(default_factory=list)

    @property
    def completion(self) -> Decimal | None:
        """Year to date as a share of the annual plan (完成率), percent."""
        return share(self.year_to_date, self.project.annual_plan)

    @property
    def share_of_total(self) -> Decimal | None:
        return share(self.since_start, self.project.total_investment)

    @property
    def colour(self) -> str | None:
        return self.colours.overall


def _investments(month: int) -> QuerySet[MonthlyInvestment]:
    return MonthlyInvestment.objects.filter(project=OuterRef("pk"), month__lte=month)


def _plans(investments: QuerySet[MonthlyInvestment], aggregate: Sum | Count) -> Subquery:
    """One project's monthly plans, summed or counted (only months that gave a plan)."""
    return Subquery(
        investments.filter(planned__isnull=False)
        .values("project")
        .annotate(value=aggregate)
        .values("value"),
        output_field=AMOUNT_FIELD if isinstance(aggregate, Sum) else IntegerField(),
    )


def with_figures(projects: QuerySet[Project], month: int) -> QuerySet[Project]:
    """Annotate each project with its figures through `month` of its year (0: none yet) —
    the month of the date asked about, whatever month the project last reported.

    Year to date is the latest reported month's (it never falls within a year, as amounts
    cannot be negative); since start likewise, or the investment before the year when the
    year has no figures yet. The monthly plans given, summed and counted through the month and
    in the whole year, let the investment light spread the rest of the annual plan over the
    months that gave none (`luoshi.projects.colours.plan_share_to_date`)."""
    latest = _investments(month).order_by("-month")
    this_month = MonthlyInvestment.objects.filter(project=OuterRef("pk"), month=month)
    year = MonthlyInvestment.objects.filter(project=OuterRef("pk"))
    zero_count = Value(0, output_field=IntegerField())
    problems = (
        ProjectProblem.objects.filter(project=OuterRef("pk"), state=ProblemState.OPEN)
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return projects.annotate(
        year_to_date_figure=Coalesce(
            Subquery(latest.values("year_to_date")[:1], output_field=AMOUNT_FIELD),
            Value(ZERO),
            output_field=AMOUNT_FIELD,
        ),
        since_start_figure=Subquery(latest.values("since_start")[:1], output_field=AMOUNT_FIELD),
        month_completed_figure=Subquery(
            this_month.values("completed")[:1], output_field=AMOUNT_FIELD
        ),
        month_planned_figure=Subquery(this_month.values("planned")[:1], output_field=AMOUNT_FIELD),
        planned_to_date_figure=_plans(_investments(month), Sum("planned")),
        planned_months_to_date_figure=Coalesce(
            _plans(_investments(month), Count("pk")), zero_count, output_field=IntegerField()
        ),
        planned_in_year_figure=_plans(year, Sum("planned")),
        planned_months_in_year_figure=Coalesce(
            _plans(year, Count("pk")), zero_count, output_field=IntegerField()
        ),
        open_problem_count=Coalesce(
            Subquery(problems, output_field=IntegerField()), Value(0), output_field=IntegerField()
        ),
    )


def project_base(user: Any) -> QuerySet[Project]:
    """The projects `user` may read, with region, unit and 纳统 state joined."""
    projects = Project.objects.select_related("region", "unit", "inclusion")
    scope = visibility(user)
    return projects if scope is None else projects.filter(scope)


def project_filtered(user: Any, filters: ProjectFilters) -> QuerySet[Project]:
    projects = project_base(user).filter(year=filters.year)
    if filters.region_code:
        projects = projects.filter(in_region(filters.region_code))
    if filters.unit_id:
        projects = projects.filter(unit_id=filters.unit_id)
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.stage:
        projects = projects.filter(stage=filters.stage)
    if filters.query:
        projects = projects.filter(Q(name__contains=filters.query) | Q(code=filters.query))
    if filters.public_only:
        projects = projects.filter(is_public=True)
    return projects.order_by("region__code", "id")


def facts_of(project: Project, year_to_date: Decimal) -> ProjectFacts:
    """The facts of a project annotated by `with_figures`."""
    return ProjectFacts(
        year=project.year,
        started_planned=project.started_planned,
        started_actual=project.started_actual,
        included_actual=project.included_actual,
        eligible=project.is_statistics_eligible,
        annual_plan=project.annual_plan,
        year_to_date=year_to_date,
        planned_to_date=getattr(project, "planned_to_date_figure", None),
        planned_months_to_date=getattr(project, "planned_months_to_date_figure", 0),
        planned_in_year=getattr(project, "planned_in_year_figure", None),
        planned_months_in_year=getattr(project, "planned_months_in_year_figure", 0),
    )


def rows_of(projects: Iterable[Project], *, as_of: date, book: PresetBook) -> list[ProjectRow]:
    """Rows from projects annotated by `with_figures`."""
    rows = []
    for project in projects:
        month = report_month(project.year, as_of.year, as_of.month)
        year_to_date: Decimal = getattr(project, "year_to_date_figure", ZERO) or ZERO
        since_start: Decimal | None = getattr(project, "since_start_figure", None)
        planned_to_date: Decimal | None = getattr(project, "planned_to_date_figure", None)
        # A missing 纳统 file raises RelatedObjectDoesNotExist, an AttributeError.
        inclusion = getattr(project, "inclusion", None)
        rows.append(
            ProjectRow(
                project=project,
                month=month,
                month_planned=getattr(project, "month_planned_figure", None),
                month_completed=getattr(project, "month_completed_figure", None),
                year_to_date=year_to_date,
                since_start=since_start
                if since_start is not None
                else project.invested_before_year + year_to_date,
                planned_to_date=planned_to_date,
                open_problems=getattr(project, "open_problem_count", 0),
                inclusion_state=inclusion.state if inclusion is not None else None,
                colours=project_colours(
                    facts_of(project, year_to_date),
                    as_of,
                    book.rules_for(project.region.code),
                ),
            )
        )
    return rows


FACT_FIELDS = (
    "pk",
    "region__code",
    "year",
    "started_planned",
    "started_actual",
    "included_actual",
    "total_investment",
    "annual_plan",
    "year_to_date_figure",
    "planned_to_date_figure",
    "planned_months_to_date_figure",
    "planned_in_year_figure",
    "planned_months_in_year_figure",
)


def ids_of_colour(
    projects: QuerySet[Project], colour: str, *, as_of: date, month: int
) -> list[int]:
    """The ids, in list order, of the projects whose light is `colour` as of the date.

    Reads only the facts the lights need, as plain tuples: colouring 3,000 projects costs one
    query and no model instances."""
    facts = with_figures(projects, month).values_list(*FACT_FIELDS)
    rows = list(facts)
    book = PresetBook({row[1] for row in rows})
    wanted = []
    for (
        pk,
        code,
        year,
        planned,
        started,
        included,
        total,
        plan,
        done,
        due,
        due_months,
        year_plans,
        year_plan_months,
    ) in rows:
        lights = project_colours(
            ProjectFacts(
                year=year,
                started_planned=planned,
                started_actual=started,
                included_actual=included,
                eligible=total >= STATISTICS_THRESHOLD,
                annual_plan=plan,
                year_to_date=done or ZERO,
                planned_to_date=due,
                planned_months_to_date=due_months,
                planned_in_year=year_plans,
                planned_months_in_year=year_plan_months,
            ),
            as_of,
            book.rules_for(code),
        )
        if lights.overall == colour:
            wanted.append(pk)
    return wanted


@dataclass
class ProjectPage:
    rows: list[ProjectRow]
    count: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def project_page(
    user: Any, filters: ProjectFilters, *, as_of: date, page: int = 1, page_size: int = 50
) -> ProjectPage:
    """One page of the filtered list with figures and colours as of `as_of`.

    Without a colour filter the database pages; with one, every filtered project's colours
    are computed (from one query) and the page is cut from those of the wanted colour."""
    month = report_month(filters.year, as_of.year, as_of.month)
    projects = project_filtered(user, filters)
    if filters.colour:
        if filters.colour not in LIGHTS:
            raise ValueError(filters.colour)
        wanted = ids_of_colour(projects, filters.colour, as_of=as_of, month=month)
        count = len(wanted)
        _check_page(page, page_size, count)
        page_ids = wanted[(page - 1) * page_size : page * page_size]
        chosen = sorted(
            with_figures(
                Project.objects.select_related("region", "unit", "inclusion"), month
            ).filter(pk__in=page_ids),
            key=lambda p: page_ids.index(p.pk),
        )
        book = PresetBook({p.region.code for p in chosen})
        return ProjectPage(rows_of(chosen, as_of=as_of, book=book), count, page, page_size)
    count = projects.count()
    _check_page(page, page_size, count)
    chosen = list(with_figures(projects, month)[(page - 1) * page_size : page * page_size])
    book = PresetBook({p.region.code for p in chosen})
    return ProjectPage(rows_of(chosen, as_of=as_of, book=book), count, page, page_size)


def _check_page(page: int, page_size: int, count: int) -> None:
    pages = max(1, -(-count // page_size))
    if page < 1 or page > pages:
        raise Http404(_("第 %(page)d 页不存在：共 %(pages)d 页。") % {"page": page, "pages": pages})


def project_rows_all(user: Any, filters: ProjectFilters, *, as_of: date) -> list[ProjectRow]:
    """Every filtered project as rows (the Excel export), with the open problems' texts."""
    month = report_month(filters.year, as_of.year, as_of.month)
    projects = list(with_figures(project_filtered(user, filters), month))
    book = PresetBook({p.region.code for p in projects})
    rows = rows_of(projects, as_of=as_of, book=book)
    if filters.colour:
        rows = [r for r in rows if r.colour == filters.colour]
    texts: dict[int, list[str]] = {}
    for project_id, description in (
        ProjectProblem.objects.filter(
            project__in=[r.project.pk for r in rows], state=ProblemState.OPEN
        )
        .order_by("project", "created_at", "id")
        .values_list("project_id", "description")
    ):
        texts.setdefault(project_id, []).append(description)
    for row in rows:
        row.problem_texts = texts.get(row.project.pk, [])
    return rows


def project_get_for_user(user: Any, project_id: int) -> Project:
    """One project the user may read; NotFound (404) when there is none, 403 when it is not
    theirs."""
    projects = Project.objects.select_related(
        "region__parent", "unit", "task", "created_by", "cooperation_item__meeting"
    )
    project = found(projects, pk=project_id)
    if not user.has_perm("projects.view_project", project):
        raise PermissionDenied(_("没有权限查看此项目。"))
    return project


def project_years(user: Any) -> list[int]:
    years = project_base(user).order_by().values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def unit_options(user: Any, year: int) -> list[tuple[int, str]]:
    """(id, name) of the units responsible for the projects `user` sees in `year`."""
    units = (
        Unit.objects.filter(
            pk__in=project_base(user).filter(year=year).order_by().values("unit_id")
        )
        .order_by("region__code", "sort_order", "name")
        .values_list("pk", "short_name", "name")
    )
    return [(pk, short or name) for pk, short, name in units]
