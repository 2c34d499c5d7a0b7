"""开工率、纳统率、投资完成率 of a region's projects, in total and grouped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from luoshi.api.permissions import require_perm
from luoshi.api.routers.projects.schemas import REGION_CODE
from luoshi.core.selectors import region_get
from luoshi.projects import selectors

router = Router()


class RatesQuery(Schema):
    region: str = Field(..., pattern=REGION_CODE)
    year: int = Field(..., ge=2000, le=2100)
    as_of: dt.date | None = None
    group_by: Literal["region", "unit", "category"] | None = None


# Read from `selectors.RateGroup`: its counts and its rates.
class RateGroupOut(Schema):
    key: str
    label: str
    projects: int = Field(..., alias="counts.projects")
    due_to_start: int = Field(..., alias="counts.due_to_start")
    started_of_due: int = Field(..., alias="counts.started_of_due")
    started: int = Field(..., alias="counts.started")
    eligible_started: int = Field(..., alias="counts.eligible_started")
    included: int = Field(..., alias="counts.included")
    annual_plan: Decimal = Field(..., alias="counts.annual_plan")
    year_to_date: Decimal = Field(..., alias="counts.year_to_date")
    start_rate: Decimal | None = Field(..., alias="rates.start_rate")
    inclusion_rate: Decimal | None = Field(..., alias="rates.inclusion_rate")
    investment_rate: Decimal | None = Field(..., alias="rates.investment_rate")
    investment_gap: Decimal | None = Field(
        ..., alias="rates.investment_gap", description="投资完成率减序时进度（百分点）"
    )


# Read from `selectors.RatesReport`.
class RatesOut(Schema):
    region_code: str
    year: int
    as_of: dt.date
    month: int
    elapsed: Decimal = Field(..., description="序时进度（%）")
    group_by: str | None
    total: RateGroupOut
    groups: list[RateGroupOut]


@router.get("/project-rates", response=RatesOut, summary="开工率、纳统率、投资完成率")
def project_rates(request: HttpRequest, query: Query[RatesQuery]) -> selectors.RatesReport:
    region = region_get(code=query.region)
    require_perm(request, "projects.view_project", region)
    return selectors.project_rates(
        region_code=region.code,
        year=query.year,
        as_of=query.as_of or timezone.localdate(),
        group_by=query.group_by,
    )
