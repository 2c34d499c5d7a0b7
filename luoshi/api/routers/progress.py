"""Progress reports and their flow, extension/adjustment requests, and evaluation.

Transitions are POSTs named after the step (submit, sign, consolidate, approve, return);
a step out of order is 422 with the reason, a step by the wrong person 403 — and in both
cases nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.accounts.permissions import role_units
from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.core.selectors import region_get
from luoshi.tasks.models import (
    ChangeKind,
    ChangeRequest,
    DecisionState,
    ProgressReport,
    ReportState,
)
from luoshi.tasks.selectors import progress_queries as queries
from luoshi.tasks.selectors import task_queries
from luoshi.tasks.services import change_requests
from luoshi.tasks.services import progress_flow as flow
from luoshi.tasks.services.evaluation import tasks_evaluate

router = Router(tags=["进展报告"])


class ProgressOut(Schema):
    id: int
    task_id: int
    task_title: str = Field(..., alias="task.title")
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    period_label: str
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    progress: str
    problems: str
    next_steps: str
    percent: Decimal | None
    claims_done: bool
    state: ReportState
    state_label: str = Field(..., alias="get_state_display")
    return_reason: str
    returned_count: int
    consolidated_into_id: int | None
    submitted_at: dt.datetime | None
    signed_at: dt.datetime | None
    reviewed_at: dt.datetime | None


class ProgressIn(Schema):
    unit: int | None = Field(None, description="报送单位编号；不填为本人所在的牵头或配合单位")
    progress: str = Field(..., description="进展情况")
    problems: str = ""
    next_steps: str = ""
    percent: Decimal | None = Field(None, ge=0, le=100)
    claims_done: bool = False
    submit: bool = Field(False, description="保存后立即报送单位负责人审签")


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class ProgressFilters(Schema):
    task: int | None = None
    unit: int | None = None
    state: ReportState | None = None


class ChangeRequestIn(Schema):
    kind: ChangeKind
    reason: str
    new_deadline: dt.date | None = None
    new_title: str = ""


class ChangeRequestOut(Schema):
    id: int
    task_id: int
    kind: ChangeKind
    reason: str
    new_deadline: dt.date | None
    new_title: str
    state: DecisionState
    decision_note: str
    decided_at: dt.datetime | None


class ChangeRequestDecisionIn(Schema):
    approve: bool
    note: str = ""


class EvaluateIn(Schema):
    region: str = Field(..., pattern=r"^\d{6}$")
    as_of: dt.date | None = None


class EvaluateOut(Schema):
    changed: int
    recoloured: int


@router.get("/progress-reports", response=Page[ProgressOut], summary="进展报告列表")
def progress_list(
    request: HttpRequest, filters: Query[ProgressFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "tasks.view_progressreport")
    rows = queries.progress_reports_visible(request.user)
    if filters.task:
        rows = rows.filter(task_id=filters.task)
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return paginate(rows, paging)


@router.get("/progress-reports/{report_id}", response=ProgressOut, summary="进展报告详情")
def progress_detail(request: HttpRequest, report_id: int) -> ProgressReport:
    report = queries.progress_report_get(report_id=report_id)
    require_perm(request, "tasks.view_progressreport", report)
    return report


@router.post("/tasks/{task_id}/progress", response={201: ProgressOut}, summary="填报本周期进展")
def progress_write(request: HttpRequest, task_id: int, payload: ProgressIn) -> Status:
    task = task_queries.task_get(task_id=task_id)
    require_perm(request, "tasks.view_task", task)
    units = [task.lead_unit, *task.co_units.all()]
    if payload.unit is not None:
        unit = next((u for u in units if u.pk == payload.unit), None)
        if unit is None:
            raise ValidationError({"unit": _("该单位不是这项任务的牵头或配合单位。")})
    else:
        mine = {unit_id for _role, unit_id in role_units(request.user)}
        unit = next((u for u in units if u.pk in mine), None)
        if unit is None:
            require_perm(request, "tasks.add_progressreport", task)
            raise ValidationError({"unit": _("请指定报送单位。")})
    report = flow.progress_save(
        actor=request.user,
        task=task,
        unit=unit,
        data=flow.ProgressInput(
            progress=payload.progress,
            problems=payload.problems,
            next_steps=payload.next_steps,
            percent=payload.percent,
            claims_done=payload.claims_done,
        ),
        submit=payload.submit,
    )
    return Status(201, queries.progress_report_get(report_id=report.pk))


def _step(request: HttpRequest, report_id: int, step: str, **extra: Any) -> ProgressReport:
    report = queries.progress_report_get(report_id=report_id)
    require_perm(request, "tasks.view_progressreport", report)
    actions: dict[str, Callable[..., ProgressReport]] = {
        "submit": flow.progress_submit,
        "sign": flow.progress_sign,
        "consolidate": flow.progress_consolidate,
        "approve": flow.progress_approve,
        "return": flow.progress_return,
    }
    actions[step](actor=request.user, report=report, **extra)
    return queries.progress_report_get(report_id=report_id)


@router.post("/progress-reports/{report_id}/submit", response=ProgressOut, summary="报送")
def progress_submit(request: HttpRequest, report_id: int) -> ProgressReport:
    return _step(request, report_id, "submit")


@router.post("/progress-reports/{report_id}/sign", response=ProgressOut, summary="单位负责人审签")
def progress_sign(request: HttpRequest, report_id: int) -> ProgressReport:
    return _step(request, report_id, "sign")


@router.post(
    "/progress-reports/{report_id}/consolidate", response=ProgressOut, summary="牵头单位汇总"
)
def progress_consolidate(request: HttpRequest, report_id: int) -> ProgressReport:
    return _step(request, report_id, "consolidate")


@router.post(
    "/progress-reports/{report_id}/approve", response=ProgressOut, summary="督查室审核通过"
)
def progress_approve(request: HttpRequest, report_id: int) -> ProgressReport:
    return _step(request, report_id, "approve")


@router.post("/progress-reports/{report_id}/return", response=ProgressOut, summary="退办")
def progress_return(request: HttpRequest, report_id: int, payload: ReturnIn) -> ProgressReport:
    return _step(request, report_id, "return", reason=payload.reason)


@router.post(
    "/tasks/{task_id}/change-requests",
    response={201: ChangeRequestOut},
    summary="申请延期或目标调整",
)
def change_request_create(request: HttpRequest, task_id: int, payload: ChangeRequestIn) -> Status:
    task = task_queries.task_get(task_id=task_id)
    require_perm(request, "tasks.view_task", task)
    change = change_requests.change_request_create(
        actor=request.user,
        task=task,
        kind=payload.kind,
        reason=payload.reason,
        new_deadline=payload.new_deadline,
        new_title=payload.new_title,
    )
    return Status(201, change)


@router.post(
    "/change-requests/{request_id}/decide", response=ChangeRequestOut, summary="审批延期或调整"
)
def change_request_decide(
    request: HttpRequest, request_id: int, payload: ChangeRequestDecisionIn
) -> ChangeRequest:
    return change_requests.change_request_decide(
        actor=request.user,
        request=queries.change_request_get(request_id=request_id),
        approve=payload.approve,
        note=payload.note,
    )


@router.post("/tasks/evaluate", response=EvaluateOut, summary="按规则重新评估状态和颜色")
def evaluate(request: HttpRequest, payload: EvaluateIn) -> EvaluateOut:
    changed, recoloured = tasks_evaluate(
        actor=request.user,
        as_of=payload.as_of or timezone.localdate(),
        region=region_get(code=payload.region),
    )
    return EvaluateOut(changed=changed, recoloured=recoloured)
