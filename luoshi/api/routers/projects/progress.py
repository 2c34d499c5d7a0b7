"""A project's progress: the monthly investment figures and the stage dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from luoshi.api.routers.projects.schemas import InvestmentOut, ProjectDetailOut
from luoshi.projects import selectors, services
from luoshi.projects.investment_rules import MonthFigures
from luoshi.projects.stages import Stage

router = Router()


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


@router.put(
    "/projects/{project_id}/investments/{month}",
    response=InvestmentOut,
    summary="填报（或修改）月度投资",
)
def investment_put(
    request: HttpRequest, project_id: int, month: int, payload: InvestmentIn
) -> selectors.InvestmentLine:
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
    return selectors.investment_line(row, project)


@router.post("/projects/{project_id}/stages", response=ProjectDetailOut, summary="更新阶段")
def stage_update(
    request: HttpRequest, project_id: int, payload: StageIn
) -> selectors.ProjectDetail:
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
    return selectors.project_detail_get(
        user=request.user, project_id=project.pk, today=timezone.localdate()
    )
