"""Key projects (重点项目): the list with figures and colours, one project, adding and changing
projects, monthly investment, stage dates, 纳统, problems and the rates.

Every write goes through `luoshi.projects.services`; a refusal is a 422 with the reason in
Chinese, a missing right a 403, and nothing is changed by either.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams
from luoshi.api.permissions import require_perm
from luoshi.api.routers import project_evidence, project_sheets
from luoshi.core.models import Region, Unit
from luoshi.projects import selectors, services
from luoshi.projects.colours import Light
from luoshi.projects.investment_rules import MonthFigures, share
from luoshi.projects.models import (
    Category,
    CoordinationLevel,
    InclusionState,
    MonthlyInvestment,
    ProblemCategory,
    ProblemState,
    Project,
    ProjectProblem,
    StatisticsInclusion,
)
from luoshi.projects.rates import report_month
from luoshi.projects.stages import Stage
from luoshi.tasks.models import Task

router = Router(tags=["重点项目"])

REGION_CODE = r"^\d{6}(\d{3})?$"
Amount = Field(..., ge=0, max_digits=14, decimal_places=2, description="万元")
OptionalAmount = Field(None, ge=0, max_digits=14, decimal_places=2, description="万元")
ColourWord = Literal["green", "yellow", "red"]

# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------


class LightOut(Schema):
    colour: ColourWord | None
    reason: str


class LightsOut(Schema):
    overall: ColourWord | None
    start: LightOut
    inclusion: LightOut
    investment: LightOut


class ProjectRowOut(Schema):
    id: int
    code: str
    name: str
    region_code: str
    region_name: str
    year: int
    category: Category
    category_label: str
    unit_id: int
    unit_name: str
    leader: str
    total_investment: Decimal
    annual_plan: Decimal
    invested_before_year: Decimal
    stage: Stage
    stage_label: str
    started_planned: dt.date | None
    started_actual: dt.date | None
    included_actual: dt.date | None
    statistics_eligible: bool
    month: int = Field(..., description="数据截至的月份（0 表示年度尚未开始）")
    month_planned: Decimal | None
    month_completed: Decimal | None
    year_to_date: Decimal
    since_start: Decimal
    completion: Decimal | None = Field(..., description="年度累计占年度计划（%）")
    share_of_total: Decimal | None = Field(..., description="自开工累计占总投资（%）")
    inclusion_state: InclusionState | None
    open_problems: int
    lights: LightsOut
    is_public: bool


class StageOut(Schema):
    stage: Stage
    label: str
    planned: dt.date | None
    actual: dt.date | None
    state: str = Field(..., description="done · skipped · overdue · upcoming · not_applicable")


class InvestmentOut(Schema):
    month: int
    planned: Decimal | None
    completed: Decimal
    year_to_date: Decimal
    since_start: Decimal
    share_of_plan: Decimal | None
    share_of_total: Decimal | None
    note: str


class InclusionOut(Schema):
    state: InclusionState
    state_label: str
    has_approval_document: bool
    has_contract_or_photos: bool
    photos_taken_on: dt.date | None
    has_business_licence: bool
    note: str
    statistics_code: str
    return_reason: str
    returned_count: int
    reported_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    accepted_at: dt.datetime | None


class EscalationOut(Schema):
    from_level: CoordinationLevel
    to_level: CoordinationLevel
    note: str
    created_at: dt.datetime


class ProblemOut(Schema):
    id: int
    project_id: int
    category: ProblemCategory
    category_label: str
    description: str
    unit_id: int
    unit_name: str
    person: str
    deadline: dt.date | None
    resolution: str
    state: ProblemState
    level: CoordinationLevel
    escalations: list[EscalationOut]


class ProjectDetailOut(ProjectRowOut):
    content: str
    task_id: int | None
    stages: list[StageOut]
    investments: list[InvestmentOut]
    inclusion: InclusionOut | None
    problems: list[ProblemOut]


class ProjectIn(Schema):
    region: str = Field(..., pattern=REGION_CODE, description="行政区划代码")
    year: int = Field(..., ge=2000, le=2100)
    name: str = Field(..., min_length=1, max_length=200)
    unit_id: int = Field(..., description="责任单位编号（见 /units）")
    total_investment: Decimal = Amount
    annual_plan: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2)
    invested_before_year: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2)
    category: Category = Category.INDUSTRY
    code: str = Field("", max_length=30)
    content: str = Field("", max_length=5000)
    leader: str = Field("", max_length=50)
    task_id: int | None = None
    started_planned: dt.date | None = Field(None, description="计划开工月份（取该月1日）")
    is_public: bool = False


class ProjectPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    unit_id: int | None = None
    total_investment: Decimal | None = OptionalAmount
    annual_plan: Decimal | None = OptionalAmount
    invested_before_year: Decimal | None = OptionalAmount
    category: Category | None = None
    code: str | None = Field(None, max_length=30)
    content: str | None = Field(None, max_length=5000)
    leader: str | None = Field(None, max_length=50)
    task_id: int | None = None
    started_planned: dt.date | None = None
    is_public: bool | None = None


class InvestmentIn(Schema):
    completed: Decimal = Field(..., max_digits=14, decimal_places=2, description="本月完成（万元）")
    planned: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    year_to_date: Decimal | None = Field(
        None, max_digits=14, decimal_places=2, description="不填则按已填各月计算"
    )
    since_start: Decimal | None = Field(
        None, max_digits=14, decimal_places=2, description="不填则按上年末累计加年度累计计算"
    )
    note: str = Field("", max_length=200)


class StageIn(Schema):
    action: Literal["advance", "plan", "revert"] = Field(
        ..., description="advance：记录实际日期；plan：计划日期（date 为空则清除）；revert：退回"
    )
    stage: Stage
    date: dt.date | None = None
    reason: str = Field("", max_length=500, description="退回时必填")


class ProblemIn(Schema):
    category: ProblemCategory
    description: str = Field(..., min_length=1, max_length=2000)
    unit_id: int
    person: str = Field("", max_length=50)
    deadline: dt.date | None = None


class ProblemStepIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)


class InclusionReportIn(Schema):
    photos_taken_on: dt.date | None = None
    note: str = Field("", max_length=1000)


class InclusionAcceptIn(Schema):
    included_on: dt.date
    statistics_code: str = Field("", max_length=40)


class ListQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    region: str | None = Field(None, pattern=REGION_CODE, description="含下级区划")
    unit: int | None = Field(None, ge=1)
    category: Category | None = None
    stage: Stage | None = None
    colour: ColourWord | None = None
    q: str | None = Field(None, max_length=50)
    as_of: dt.date | None = Field(None, description="截至日期，默认今天")


class RatesQuery(Schema):
    region: str = Field(..., pattern=REGION_CODE)
    year: int = Field(..., ge=2000, le=2100)
    as_of: dt.date | None = None
    group_by: Literal["region", "unit", "category"] | None = None


class RateGroupOut(Schema):
    key: str
    label: str
    projects: int
    due_to_start: int
    started_of_due: int
    started: int
    eligible_started: int
    included: int
    annual_plan: Decimal
    year_to_date: Decimal
    start_rate: Decimal | None
    inclusion_rate: Decimal | None
    investment_rate: Decimal | None
    investment_gap: Decimal | None = Field(..., description="投资完成率减序时进度（百分点）")


class RatesOut(Schema):
    region_code: str
    year: int
    as_of: dt.date
    month: int
    elapsed: Decimal = Field(..., description="序时进度（%）")
    group_by: str | None
    total: RateGroupOut
    groups: list[RateGroupOut]


# ---------------------------------------------------------------------------------------------
# Shaping
# ---------------------------------------------------------------------------------------------


def _light(light: Light) -> dict[str, Any]:
    return {"colour": light.colour, "reason": light.reason}


def _row(row: selectors.ProjectRow) -> dict[str, Any]:
    project = row.project
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "region_code": project.region.code,
        "region_name": project.region.name,
        "year": project.year,
        "category": project.category,
        "category_label": project.get_category_display(),
        "unit_id": project.unit_id,
        "unit_name": project.unit.name,
        "leader": project.leader,
        "total_investment": project.total_investment,
        "annual_plan": project.annual_plan,
        "invested_before_year": project.invested_before_year,
        "stage": project.stage,
        "stage_label": project.get_stage_display(),
        "started_planned": project.started_planned,
        "started_actual": project.started_actual,
        "included_actual": project.included_actual,
        "statistics_eligible": project.is_statistics_eligible,
        "month": row.month,
        "month_planned": row.month_planned,
        "month_completed": row.month_completed,
        "year_to_date": row.year_to_date,
        "since_start": row.since_start,
        "completion": row.completion,
        "share_of_total": row.share_of_total,
        "inclusion_state": row.inclusion_state,
        "open_problems": row.open_problems,
        "lights": {
            "overall": row.colour,
            "start": _light(row.colours.start),
            "inclusion": _light(row.colours.inclusion),
            "investment": _light(row.colours.investment),
        },
        "is_public": project.is_public,
    }


def _inclusion(inclusion: StatisticsInclusion | None) -> dict[str, Any] | None:
    if inclusion is None:
        return None
    return {
        "state": inclusion.state,
        "state_label": inclusion.get_state_display(),
        "has_approval_document": bool(inclusion.approval_document),
        "has_contract_or_photos": bool(inclusion.contract_or_photos),
        "photos_taken_on": inclusion.photos_taken_on,
        "has_business_licence": bool(inclusion.business_licence),
        "note": inclusion.note,
        "statistics_code": inclusion.statistics_code,
        "return_reason": inclusion.return_reason,
        "returned_count": inclusion.returned_count,
        "reported_at": inclusion.reported_at,
        "reviewed_at": inclusion.reviewed_at,
        "accepted_at": inclusion.accepted_at,
    }


def _problem(problem: ProjectProblem) -> dict[str, Any]:
    return {
        "id": problem.pk,
        "project_id": problem.project_id,
        "category": problem.category,
        "category_label": problem.get_category_display(),
        "description": problem.description,
        "unit_id": problem.unit_id,
        "unit_name": problem.unit.name,
        "person": problem.person,
        "deadline": problem.deadline,
        "resolution": problem.resolution,
        "state": problem.state,
        "level": problem.level,
        "escalations": [
            {
                "from_level": step.from_level,
                "to_level": step.to_level,
                "note": step.note,
                "created_at": step.created_at,
            }
            for step in problem.escalations.all()
        ],
    }


def _investment(row: MonthlyInvestment, project: Project) -> dict[str, Any]:
    return {
        "month": row.month,
        "planned": row.planned,
        "completed": row.completed,
        "year_to_date": row.year_to_date,
        "since_start": row.since_start,
        "share_of_plan": share(row.year_to_date, project.annual_plan),
        "share_of_total": share(row.since_start, project.total_investment),
        "note": row.note,
    }


def _detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = selectors.project_get_for_user(request.user, project_id)
    today = timezone.localdate()
    month = report_month(project.year, today.year, today.month)
    annotated = (
        selectors.with_figures(Project.objects.filter(pk=project.pk), month)
        .select_related("region", "unit", "inclusion")
        .get()
    )
    row = selectors.rows_of(
        [annotated], as_of=today, book=selectors.PresetBook([project.region.code])
    )[0]
    return {
        **_row(row),
        "content": project.content,
        "task_id": project.task_id,
        "stages": [
            {
                "stage": step.stage,
                "label": step.label,
                "planned": step.planned,
                "actual": step.actual,
                "state": step.state,
            }
            for step in selectors.timeline(project, today)
        ],
        "investments": [
            _investment(line.row, project) for line in selectors.investment_lines(project)
        ],
        "inclusion": _inclusion(selectors.inclusion_of(project)),
        "problems": [_problem(p) for p in selectors.problem_list(project)],
    }


def _group(group: selectors.RateGroup) -> dict[str, Any]:
    counts, rates = group.counts, group.rates
    return {
        "key": group.key,
        "label": group.label,
        "projects": counts.projects,
        "due_to_start": counts.due_to_start,
        "started_of_due": counts.started_of_due,
        "started": counts.started,
        "eligible_started": counts.eligible_started,
        "included": counts.included,
        "annual_plan": counts.annual_plan,
        "year_to_date": counts.year_to_date,
        "start_rate": rates.start_rate,
        "inclusion_rate": rates.inclusion_rate,
        "investment_rate": rates.investment_rate,
        "investment_gap": rates.investment_gap,
    }


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("没有代码为 %(code)s 的行政区划。") % {"code": code})
    return region


def _unit(unit_id: int) -> Unit:
    unit = Unit.objects.select_related("region").filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("没有编号为 %(id)s 的单位。") % {"id": unit_id})
    return unit


def _task(task_id: int | None) -> Task | None:
    if task_id is None:
        return None
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        raise Http404(_("没有编号为 %(id)s 的任务。") % {"id": task_id})
    return task


def _problem_for_user(request: HttpRequest, problem_id: int) -> ProjectProblem:
    problem = (
        ProjectProblem.objects.select_related("project__region", "project__unit", "unit")
        .filter(pk=problem_id)
        .first()
    )
    if problem is None:
        raise Http404(_("没有编号为 %(id)s 的问题。") % {"id": problem_id})
    selectors.project_get_for_user(request.user, problem.project_id)
    return problem


def _inclusion_for_user(request: HttpRequest, project_id: int) -> StatisticsInclusion:
    project = selectors.project_get_for_user(request.user, project_id)
    inclusion = selectors.inclusion_of(project)
    if inclusion is None:
        raise Http404(_("此项目还没有纳统申报。"))
    inclusion.project = project
    return inclusion


# ---------------------------------------------------------------------------------------------
# Endpoints
# ---------------------------------------------------------------------------------------------


@router.get("/projects", response=Page[ProjectRowOut], summary="重点项目清单")
def project_list(
    request: HttpRequest, filters: Query[ListQuery], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "projects.view_project")
    page = selectors.project_page(
        request.user,
        selectors.ProjectFilters(
            year=filters.year,
            region_code=filters.region or "",
            unit_id=filters.unit,
            category=filters.category or "",
            stage=filters.stage or "",
            colour=filters.colour or "",
            query=(filters.q or "").strip(),
        ),
        as_of=filters.as_of or timezone.localdate(),
        page=paging.page,
        page_size=paging.page_size,
    )
    return {
        "count": page.count,
        "page": page.page,
        "page_size": page.page_size,
        "pages": page.pages,
        "items": [_row(row) for row in page.rows],
    }


@router.get("/projects/{int:project_id}", response=ProjectDetailOut, summary="项目详情")
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _detail(request, project_id)


@router.post("/projects", response={201: ProjectDetailOut}, summary="添加项目")
def project_create(request: HttpRequest, payload: ProjectIn) -> Status[dict[str, Any]]:
    project = services.project_create(
        actor=request.user,
        data=services.ProjectInput(
            region=_region(payload.region),
            year=payload.year,
            name=payload.name,
            unit=_unit(payload.unit_id),
            total_investment=payload.total_investment,
            annual_plan=payload.annual_plan,
            invested_before_year=payload.invested_before_year,
            category=payload.category,
            code=payload.code,
            content=payload.content,
            leader=payload.leader,
            task=_task(payload.task_id),
            started_planned=payload.started_planned,
            is_public=payload.is_public,
        ),
    )
    return Status(201, _detail(request, project.pk))


@router.patch("/projects/{int:project_id}", response=ProjectDetailOut, summary="修改项目")
def project_update(request: HttpRequest, project_id: int, payload: ProjectPatch) -> dict[str, Any]:
    project = selectors.project_get_for_user(request.user, project_id)
    require_perm(request, "projects.change_project", project)
    given = payload.model_dump(exclude_unset=True)

    def kept(name: str) -> Any:
        """The new value when one was sent (not null), else the stored one."""
        return given[name] if given.get(name) is not None else getattr(project, name)

    services.project_update(
        actor=request.user,
        project=project,
        data=services.ProjectInput(
            region=project.region,
            year=project.year,
            name=kept("name"),
            unit=_unit(given["unit_id"]) if given.get("unit_id") else project.unit,
            total_investment=kept("total_investment"),
            annual_plan=kept("annual_plan"),
            invested_before_year=kept("invested_before_year"),
            category=kept("category"),
            code=kept("code"),
            content=kept("content"),
            leader=kept("leader"),
            # null clears these two
            task=_task(given["task_id"]) if "task_id" in given else project.task,
            started_planned=given.get("started_planned", project.started_planned),
            is_public=kept("is_public"),
        ),
    )
    return _detail(request, project.pk)


@router.put(
    "/projects/{project_id}/investments/{month}",
    response=InvestmentOut,
    summary="填报（或修改）月度投资",
)
def investment_put(
    request: HttpRequest, project_id: int, month: int, payload: InvestmentIn
) -> dict[str, Any]:
    project = selectors.project_get_for_user(request.user, project_id)
    row = services.investment_record(
        actor=request.user,
        project=project,
        figures=MonthFigures(
            month=month,
            completed=payload.completed,
            planned=payload.planned,
            year_to_date=payload.year_to_date,
            since_start=payload.since_start,
        ),
        note=payload.note,
    )
    return _investment(row, project)


@router.post("/projects/{project_id}/stages", response=ProjectDetailOut, summary="更新阶段")
def stage_update(request: HttpRequest, project_id: int, payload: StageIn) -> dict[str, Any]:
    project = selectors.project_get_for_user(request.user, project_id)
    if payload.action == "advance":
        if payload.date is None:
            raise ValidationError({"date": _("请填写实际日期。")})
        services.stage_advance(
            actor=request.user,
            project=project,
            stage=payload.stage,
            actual_on=payload.date,
            note=payload.reason,
        )
    elif payload.action == "plan":
        services.stage_plan(
            actor=request.user, project=project, planned={payload.stage: payload.date}
        )
    else:
        services.stage_revert(
            actor=request.user, project=project, stage=payload.stage, reason=payload.reason
        )
    return _detail(request, project.pk)


@router.post(
    "/projects/{project_id}/problems", response={201: ProblemOut}, summary="登记问题（要素保障）"
)
def problem_create(
    request: HttpRequest, project_id: int, payload: ProblemIn
) -> Status[dict[str, Any]]:
    project = selectors.project_get_for_user(request.user, project_id)
    problem = services.problem_create(
        actor=request.user,
        project=project,
        data=services.ProblemInput(
            category=payload.category,
            description=payload.description,
            unit=_unit(payload.unit_id),
            person=payload.person,
            deadline=payload.deadline,
        ),
    )
    return Status(201, _problem(problem))


@router.patch("/project-problems/{problem_id}", response=ProblemOut, summary="修改问题")
def problem_update(request: HttpRequest, problem_id: int, payload: ProblemIn) -> dict[str, Any]:
    problem = services.problem_update(
        actor=request.user,
        problem=_problem_for_user(request, problem_id),
        data=services.ProblemInput(
            category=payload.category,
            description=payload.description,
            unit=_unit(payload.unit_id),
            person=payload.person,
            deadline=payload.deadline,
        ),
    )
    return _problem(problem)


@router.post(
    "/project-problems/{problem_id}/{step}",
    response=ProblemOut,
    summary="解决（resolve）、提级协调（escalate）或重新打开（reopen）问题",
)
def problem_step(
    request: HttpRequest,
    problem_id: int,
    step: Literal["resolve", "escalate", "reopen"],
    payload: ProblemStepIn,
) -> dict[str, Any]:
    problem = _problem_for_user(request, problem_id)
    if step == "resolve":
        services.problem_resolve(actor=request.user, problem=problem, resolution=payload.text)
    elif step == "escalate":
        services.problem_escalate(actor=request.user, problem=problem, note=payload.text)
    else:
        services.problem_reopen(actor=request.user, problem=problem, reason=payload.text)
    return _problem(selectors.problem_list(problem.project).get(pk=problem.pk))


@router.post(
    "/projects/{project_id}/inclusion",
    response={201: InclusionOut},
    summary="申报纳统（佐证材料请在页面上传）",
)
def inclusion_report(
    request: HttpRequest, project_id: int, payload: InclusionReportIn
) -> Status[dict[str, Any] | None]:
    project = selectors.project_get_for_user(request.user, project_id)
    inclusion = services.inclusion_report(
        actor=request.user,
        project=project,
        evidence=services.Evidence(photos_taken_on=payload.photos_taken_on, note=payload.note),
    )
    return Status(201, _inclusion(inclusion))


@router.post(
    "/projects/{project_id}/inclusion/review", response=InclusionOut, summary="部门审核通过"
)
def inclusion_review(request: HttpRequest, project_id: int) -> dict[str, Any] | None:
    inclusion = services.inclusion_review(
        actor=request.user, inclusion=_inclusion_for_user(request, project_id)
    )
    return _inclusion(inclusion)


@router.post(
    "/projects/{project_id}/inclusion/accept", response=InclusionOut, summary="统计部门确认纳统"
)
def inclusion_accept(
    request: HttpRequest, project_id: int, payload: InclusionAcceptIn
) -> dict[str, Any] | None:
    inclusion = services.inclusion_accept(
        actor=request.user,
        inclusion=_inclusion_for_user(request, project_id),
        included_on=payload.included_on,
        statistics_code=payload.statistics_code,
    )
    return _inclusion(inclusion)


@router.post(
    "/projects/{project_id}/inclusion/return", response=InclusionOut, summary="退回纳统申报"
)
def inclusion_return(
    request: HttpRequest, project_id: int, payload: ProblemStepIn
) -> dict[str, Any] | None:
    inclusion = services.inclusion_return(
        actor=request.user,
        inclusion=_inclusion_for_user(request, project_id),
        reason=payload.text,
    )
    return _inclusion(inclusion)


@router.get("/project-rates", response=RatesOut, summary="开工率、纳统率、投资完成率")
def project_rates(request: HttpRequest, query: Query[RatesQuery]) -> dict[str, Any]:
    region = _region(query.region)
    require_perm(request, "projects.view_project", region)
    report = selectors.project_rates(
        region_code=region.code,
        year=query.year,
        as_of=query.as_of or timezone.localdate(),
        group_by=query.group_by,
    )
    return {
        "region_code": report.region_code,
        "year": report.year,
        "as_of": report.as_of,
        "month": report.month,
        "elapsed": report.elapsed,
        "group_by": report.group_by,
        "total": _group(report.total),
        "groups": [_group(g) for g in report.groups],
    }


# The Excel import of the list (preview and apply) has its own module.
router.add_router("", project_sheets.router)
# So have the 纳统 report with its evidence files (multipart) and their download.
router.add_router("", project_evidence.router)
