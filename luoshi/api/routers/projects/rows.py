"""The project list with figures and colours, one project, adding and changing projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import NumberedPageParams, Page
from luoshi.api.permissions import require_perm
from luoshi.api.routers.projects.schemas import (
    REGION_CODE,
    ColourWord,
    ProjectDetailOut,
    ProjectRowOut,
)
from luoshi.core.lookups import found
from luoshi.core.selectors import region_get, unit_get
from luoshi.projects import selectors, services
from luoshi.projects.models import Category
from luoshi.projects.stages import Stage
from luoshi.tasks.models import Task

router = Router()

Amount = Field(..., ge=0, max_digits=14, decimal_places=2, description="万元")
OptionalAmount = Field(None, ge=0, max_digits=14, decimal_places=2, description="万元")


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


class ListQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    region: str | None = Field(None, pattern=REGION_CODE, description="含下级区划")
    unit: int | None = Field(None, ge=1)
    category: Category | None = None
    stage: Stage | None = None
    colour: ColourWord | None = None
    q: str | None = Field(None, max_length=50)
    as_of: dt.date | None = Field(None, description="截至日期，默认今天")


@router.get("/projects", response=Page[ProjectRowOut], summary="重点项目清单")
def project_list(
    request: HttpRequest, filters: Query[ListQuery], paging: Query[NumberedPageParams]
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
        "items": page.rows,
    }


@router.get("/projects/{int:project_id}", response=ProjectDetailOut, summary="项目详情")
def project_detail(request: HttpRequest, project_id: int) -> selectors.ProjectDetail:
    return selectors.project_detail_get(
        user=request.user, project_id=project_id, today=timezone.localdate()
    )


@router.post("/projects", response={201: ProjectDetailOut}, summary="添加项目")
def project_create(request: HttpRequest, payload: ProjectIn) -> Status[selectors.ProjectDetail]:
    project = services.project_create(
        actor=request.user,
        data=services.ProjectInput(
            region=region_get(code=payload.region),
            year=payload.year,
            name=payload.name,
            unit=unit_get(unit_id=payload.unit_id),
            total_investment=payload.total_investment,
            annual_plan=payload.annual_plan,
            invested_before_year=payload.invested_before_year,
            category=payload.category,
            code=payload.code,
            content=payload.content,
            leader=payload.leader,
            task=found(Task.objects.all(), pk=payload.task_id)
            if payload.task_id is not None
            else None,
            started_planned=payload.started_planned,
            is_public=payload.is_public,
        ),
    )
    return Status(
        201,
        selectors.project_detail_get(
            user=request.user, project_id=project.pk, today=timezone.localdate()
        ),
    )


@router.patch("/projects/{int:project_id}", response=ProjectDetailOut, summary="修改项目")
def project_update(
    request: HttpRequest, project_id: int, payload: ProjectPatch
) -> selectors.ProjectDetail:
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
            unit=unit_get(unit_id=given["unit_id"]) if given.get("unit_id") else project.unit,
            total_investment=kept("total_investment"),
            annual_plan=kept("annual_plan"),
            invested_before_year=kept("invested_before_year"),
            category=kept("category"),
            code=kept("code"),
            content=kept("content"),
            leader=kept("leader"),
            # null clears these two
            task=found(Task.objects.all(), pk=given["task_id"])
            if given.get("task_id") is not None
            else given.get("task_id", project.task),
            started_planned=given.get("started_planned", project.started_planned),
            is_public=kept("is_public"),
        ),
    )
    return selectors.project_detail_get(
        user=request.user, project_id=project.pk, today=timezone.localdate()
    )
