"""Tasks decomposed from the report (任务分解): list, read, create, change, and the Excel
分解表 in and out. Progress reports and notices have their own routers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.api.references import UnitRef
from luoshi.api.sheet_imports import (
    BACKGROUND_HELP,
    SheetAppliedOut,
    SheetJobOut,
    SheetPlanOut,
    background_answer,
    plan_answer,
    wants_background,
)
from luoshi.core.downloads import xlsx_download
from luoshi.core.lookups import NotFound, found_all
from luoshi.core.models import Unit
from luoshi.core.selectors import region_get
from luoshi.core.sheet_jobs.models import SheetJobStep
from luoshi.tasks.excel.applying import tasks_apply, tasks_plan
from luoshi.tasks.excel.exporting import tasks_workbook
from luoshi.tasks.models import Cadence, Colour, Task, TaskSource, TaskStatus
from luoshi.tasks.selectors import task_queries as queries
from luoshi.tasks.services import decomposition as services

router = Router(tags=["任务"])

REGION_CODE = r"^\d{6}(\d{3})?$"
EXPORT_LIMIT = 5000


class MilestoneOut(Schema):
    id: int
    quarter: int
    text: str
    due_date: dt.date
    done_on: dt.date | None


class TaskOut(Schema):
    id: int
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    year: int
    parent_id: int | None
    number: str
    title: str
    source: TaskSource
    source_text: str
    leader: str
    lead_unit: UnitRef
    co_units: list[UnitRef]
    deadline: dt.date
    deadline_text: str
    start_date: dt.date | None
    cadence: Cadence
    status: TaskStatus
    status_label: str = Field(..., alias="get_status_display")
    colour: Colour
    colour_label: str = Field(..., alias="get_colour_display")
    percent: Decimal
    is_public: bool
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_co_units(obj: Task) -> list[Unit]:
        return list(obj.co_units.all())

    @staticmethod
    def resolve_milestones(obj: Task) -> list[Any]:
        return list(obj.milestones.all())


class TaskDetailOut(TaskOut):
    report_id: int | None
    source_version: int | None = Field(None, alias="source_version.number")
    source_anchor: str
    target_id: int | None
    referral_id: int | None
    children: list[TaskOut]

    @staticmethod
    def resolve_children(obj: Task) -> list[Task]:
        return list(queries.task_children(obj))


class TaskFiltersIn(Schema):
    year: int | None = Field(None, ge=1978, le=2100)
    region: str | None = Field(None, pattern=REGION_CODE, description="区划代码（含下级）")
    unit: int | None = Field(None, ge=1, description="单位编号（牵头或配合）")
    status: TaskStatus | None = None
    colour: Colour | None = None
    overdue: bool = Field(False, description="只看逾期未完成")
    q: str | None = Field(None, max_length=50, description="具体工作或原文包含")
    top_level: bool = Field(False, description="只看一级任务（不含分项）")


class MilestoneIn(Schema):
    quarter: int = Field(..., ge=1, le=4)
    text: str = Field(..., min_length=1, max_length=500)
    due_date: dt.date | None = Field(None, description="不填为季度末")


class TaskIn(Schema):
    region: str = Field(..., pattern=REGION_CODE)
    year: int = Field(..., ge=1978, le=2100)
    title: str = Field(..., min_length=1, max_length=5000)
    lead_unit: int = Field(..., ge=1, description="牵头单位编号")
    co_units: list[int] = Field(default_factory=list, max_length=50)
    deadline: dt.date
    deadline_text: str = Field("", max_length=50)
    leader: str = Field("", max_length=100)
    number: str = Field("", max_length=20, description="不填：一级任务按顺序编号，分项编为 1.1")
    parent: int | None = Field(None, ge=1, description="上级任务编号（建立分项时）")
    source_text: str = Field("", max_length=5000)
    start_date: dt.date | None = None
    cadence: Cadence = Cadence.MONTHLY
    is_public: bool = False
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=4)


class TaskPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=5000)
    number: str | None = Field(None, max_length=20)
    leader: str | None = Field(None, max_length=100)
    lead_unit: int | None = Field(None, ge=1)
    co_units: list[int] | None = Field(None, max_length=50)
    deadline: dt.date | None = None
    deadline_text: str | None = Field(None, max_length=50)
    start_date: dt.date | None = None
    cadence: Cadence | None = None
    source_text: str | None = Field(None, max_length=5000)
    is_public: bool | None = None


def _units(ids: list[int]) -> list[Unit]:
    """Units named in a payload; unknown ids are a field error (422), as any bad field is."""
    try:
        return found_all(Unit.objects.select_related("region"), ids)
    except NotFound as error:
        raise ValidationError({"units": str(error)}) from error


def _filters(query: TaskFiltersIn) -> queries.TaskFilters:
    return queries.TaskFilters(
        year=query.year,
        region=region_get(code=query.region) if query.region else None,
        unit=query.unit,
        status=query.status or "",
        colour=query.colour or "",
        overdue=query.overdue,
        text=(query.q or "").strip(),
        top_level=query.top_level,
    )


@router.get("/tasks", response=Page[TaskOut], summary="任务列表")
def task_list(
    request: HttpRequest, filters: Query[TaskFiltersIn], page: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "tasks.view_task")
    return paginate(queries.task_list(_filters(filters), request.user), page)


@router.get("/tasks/export", summary="导出任务分解表（Excel）")
def task_export(request: HttpRequest, filters: Query[TaskFiltersIn]) -> HttpResponse:
    require_perm(request, "tasks.view_task")
    tasks = list(queries.task_list(_filters(filters), request.user)[:EXPORT_LIMIT])
    content = tasks_workbook(title="政府工作报告重点任务分解表", tasks=tasks)
    return xlsx_download(content, "任务分解表.xlsx")


@router.get("/tasks/{int:task_id}", response=TaskDetailOut, summary="任务详情（含分项和季度节点）")
def task_get(request: HttpRequest, task_id: int) -> Task:
    return queries.task_get_for_user(user=request.user, task_id=task_id)


@router.post("/tasks", response={201: TaskDetailOut}, summary="新建任务或分项")
def task_create(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    require_perm(request, "tasks.add_task")
    parent = (
        queries.task_get_for_user(user=request.user, task_id=payload.parent)
        if payload.parent
        else None
    )
    region = parent.region if parent else region_get(code=payload.region)
    year = parent.year if parent else payload.year
    lead, *_rest = _units([payload.lead_unit])
    data = services.TaskInput(
        region=region,
        year=year,
        title=payload.title,
        lead_unit=lead,
        co_units=_units(payload.co_units),
        deadline=payload.deadline,
        deadline_text=payload.deadline_text,
        leader=payload.leader,
        number=payload.number,
        source_text=payload.source_text,
        start_date=payload.start_date,
        cadence=payload.cadence,
        is_public=payload.is_public,
        milestones=[
            services.MilestoneInput(
                m.quarter, m.text, m.due_date or services.quarter_end(year, m.quarter)
            )
            for m in payload.milestones
        ],
    )
    if parent is not None:
        task = services.subitem_create(actor=request.user, parent=parent, data=data)
    else:
        if not data.number:
            data.number = services.next_top_number(region, year)
        task = services.task_create(actor=request.user, data=data)
    return Status(201, queries.task_get_for_user(user=request.user, task_id=task.pk))


@router.patch("/tasks/{int:task_id}", response=TaskDetailOut, summary="修改任务")
def task_patch(request: HttpRequest, task_id: int, payload: TaskPatch) -> Task:
    task = queries.task_get_for_user(user=request.user, task_id=task_id)
    require_perm(request, "tasks.change_task", task)
    changes: dict[str, Any] = payload.dict(exclude_unset=True)
    if "lead_unit" in changes:
        changes["lead_unit"] = _units([changes["lead_unit"]])[0]
    if "co_units" in changes:
        changes["co_units"] = _units(changes["co_units"] or [])
    for required in ("title", "deadline", "lead_unit"):
        if required in changes and changes[required] is None:
            raise ValidationError({required: _("不能为空。")})
    text_fields = {"number", "leader", "deadline_text", "source_text"}
    changes = {
        k: ("" if v is None and k in text_fields else v)
        for k, v in changes.items()
        if v is not None or k in text_fields or k == "start_date"
    }
    services.task_update(actor=request.user, task=task, changes=changes)
    return queries.task_get_for_user(user=request.user, task_id=task.pk)


@router.post(
    "/tasks/import",
    response={200: SheetPlanOut, 201: SheetAppliedOut, 202: SheetJobOut},
    summary="导入任务分解表（xlsx）",
    description=(
        "按地区、年度和序号对应已有任务：序号相同的更新，新序号的新增，表中没有的保持不变。"
        "preview=true 时只返回预览（200，不保存）；确认时可传回预览的 digest，内容有变化则 422。"
        "全部行无误才保存；有错误时返回 422，errors 中逐条列出行号、列和问题。" + BACKGROUND_HELP
    ),
)
def task_import(
    request: HttpRequest,
    file: File[UploadedFile],
    region: Form[str],
    year: Form[int],
    preview: Form[bool] = False,
    digest: Form[str | None] = None,
    background: Form[bool] = False,
) -> Any:
    require_perm(request, "tasks.add_task")
    if not 1978 <= year <= 2100:
        raise ValidationError({"year": _("年度应在 1978–2100 之间。")})
    data, the_region = file.read(), region_get(code=region)
    if wants_background(data, background):
        step = SheetJobStep.PREVIEW if preview else SheetJobStep.APPLY
        params = {"region": the_region.pk, "year": year, "digest": digest or None}
        return background_answer(request, "tasks.breakdown", step, data, params, file.name or "")
    if preview:
        result = tasks_plan(actor=request.user, data=data, region=the_region, year=year)
    else:
        result = tasks_apply(
            actor=request.user, data=data, region=the_region, year=year, digest=digest or None
        )
    return plan_answer(result, preview=preview)
