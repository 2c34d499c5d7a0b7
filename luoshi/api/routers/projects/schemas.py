"""What several project endpoints answer: a list row, the whole project, a month's figures,
the 纳统 report and a problem. Each reads the selectors' objects directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from luoshi.projects.models import (
    Category,
    CoordinationLevel,
    InclusionState,
    ProblemCategory,
    ProblemState,
    StatisticsInclusion,
)
from luoshi.projects.stages import Stage

REGION_CODE = r"^\d{6}(\d{3})?$"
ColourWord = Literal["green", "yellow", "red"]


class LightOut(Schema):
    colour: ColourWord | None
    reason: str


# Read from `luoshi.projects.colours.ProjectColours`.
class LightsOut(Schema):
    overall: ColourWord | None
    start: LightOut
    inclusion: LightOut
    investment: LightOut


# Read from `selectors.ProjectRow`: the project and its figures as of a day.
class ProjectRowOut(Schema):
    id: int = Field(..., alias="project.pk")
    code: str = Field(..., alias="project.code")
    name: str = Field(..., alias="project.name")
    region_code: str = Field(..., alias="project.region.code")
    region_name: str = Field(..., alias="project.region.name")
    year: int = Field(..., alias="project.year")
    category: Category = Field(..., alias="project.category")
    category_label: str = Field(..., alias="project.get_category_display")
    unit_id: int = Field(..., alias="project.unit_id")
    unit_name: str = Field(..., alias="project.unit.name")
    leader: str = Field(..., alias="project.leader")
    total_investment: Decimal = Field(..., alias="project.total_investment")
    annual_plan: Decimal = Field(..., alias="project.annual_plan")
    invested_before_year: Decimal = Field(..., alias="project.invested_before_year")
    stage: Stage = Field(..., alias="project.stage")
    stage_label: str = Field(..., alias="project.get_stage_display")
    started_planned: dt.date | None = Field(..., alias="project.started_planned")
    started_actual: dt.date | None = Field(..., alias="project.started_actual")
    included_actual: dt.date | None = Field(..., alias="project.included_actual")
    statistics_eligible: bool = Field(..., alias="project.is_statistics_eligible")
    month: int = Field(..., description="数据截至的月份（0 表示年度尚未开始）")
    month_planned: Decimal | None
    month_completed: Decimal | None
    year_to_date: Decimal
    since_start: Decimal
    completion: Decimal | None = Field(..., description="年度累计占年度计划（%）")
    share_of_total: Decimal | None = Field(..., description="自开工累计占总投资（%）")
    inclusion_state: InclusionState | None
    open_problems: int
    lights: LightsOut = Field(..., alias="colours")
    is_public: bool = Field(..., alias="project.is_public")


# Read from `selectors.TimelineStep`.
class StageOut(Schema):
    stage: Stage
    label: str
    planned: dt.date | None
    actual: dt.date | None
    state: str = Field(..., description="done · skipped · overdue · upcoming · not_applicable")


# Read from `selectors.InvestmentLine`: the month's row and its two shares.
class InvestmentOut(Schema):
    month: int = Field(..., alias="row.month")
    planned: Decimal | None = Field(..., alias="row.planned")
    completed: Decimal = Field(..., alias="row.completed")
    year_to_date: Decimal = Field(..., alias="row.year_to_date")
    since_start: Decimal = Field(..., alias="row.since_start")
    share_of_plan: Decimal | None
    share_of_total: Decimal | None
    note: str = Field(..., alias="row.note")


class InclusionOut(Schema):
    state: InclusionState
    state_label: str = Field(..., alias="get_state_display")
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

    @staticmethod
    def resolve_has_approval_document(obj: StatisticsInclusion) -> bool:
        return bool(obj.approval_document)

    @staticmethod
    def resolve_has_contract_or_photos(obj: StatisticsInclusion) -> bool:
        return bool(obj.contract_or_photos)

    @staticmethod
    def resolve_has_business_licence(obj: StatisticsInclusion) -> bool:
        return bool(obj.business_licence)


class EscalationOut(Schema):
    from_level: CoordinationLevel
    to_level: CoordinationLevel
    note: str
    created_at: dt.datetime


class ProblemOut(Schema):
    id: int
    project_id: int
    category: ProblemCategory
    category_label: str = Field(..., alias="get_category_display")
    description: str
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    person: str
    deadline: dt.date | None
    resolution: str
    state: ProblemState
    level: CoordinationLevel
    escalations: list[EscalationOut]


# Read from `selectors.ProjectDetail` (`selectors.project_detail_get`).
class ProjectDetailOut(ProjectRowOut):
    content: str = Field(..., alias="project.content")
    task_id: int | None = Field(..., alias="project.task_id")
    stages: list[StageOut]
    investments: list[InvestmentOut]
    inclusion: InclusionOut | None
    problems: list[ProblemOut]


# A problem step's text (also the reason for returning a 纳统 report).
class ProblemStepIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)
