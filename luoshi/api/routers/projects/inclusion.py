"""纳统 (statistics inclusion) of a project: reporting it, the department's review, the
statistics bureau's acceptance, and returning it for more evidence.

The multipart report with its evidence files is `luoshi.api.routers.project_evidence`."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from luoshi.api.routers.projects.schemas import InclusionOut, ProblemStepIn
from luoshi.projects import selectors, services
from luoshi.projects.models import StatisticsInclusion

router = Router()


class InclusionReportIn(Schema):
    photos_taken_on: dt.date | None = None
    note: str = Field("", max_length=1000)


class InclusionAcceptIn(Schema):
    included_on: dt.date
    statistics_code: str = Field("", max_length=40)


@router.post(
    "/projects/{project_id}/inclusion",
    response={201: InclusionOut},
    summary="申报纳统（佐证材料请在页面上传）",
)
def inclusion_report(
    request: HttpRequest, project_id: int, payload: InclusionReportIn
) -> Status[StatisticsInclusion]:
    project = selectors.project_get_for_user(request.user, project_id)
    inclusion = services.inclusion_report(
        actor=request.user,
        project=project,
        evidence=services.Evidence(photos_taken_on=payload.photos_taken_on, note=payload.note),
    )
    return Status(201, inclusion)


@router.post(
    "/projects/{project_id}/inclusion/review", response=InclusionOut, summary="部门审核通过"
)
def inclusion_review(request: HttpRequest, project_id: int) -> StatisticsInclusion:
    return services.inclusion_review(
        actor=request.user,
        inclusion=selectors.inclusion_get(user=request.user, project_id=project_id),
    )


@router.post(
    "/projects/{project_id}/inclusion/accept", response=InclusionOut, summary="统计部门确认纳统"
)
def inclusion_accept(
    request: HttpRequest, project_id: int, payload: InclusionAcceptIn
) -> StatisticsInclusion:
    return services.inclusion_accept(
        actor=request.user,
        inclusion=selectors.inclusion_get(user=request.user, project_id=project_id),
        included_on=payload.included_on,
        statistics_code=payload.statistics_code,
    )


@router.post(
    "/projects/{project_id}/inclusion/return", response=InclusionOut, summary="退回纳统申报"
)
def inclusion_return(
    request: HttpRequest, project_id: int, payload: ProblemStepIn
) -> StatisticsInclusion:
    return services.inclusion_return(
        actor=request.user,
        inclusion=selectors.inclusion_get(user=request.user, project_id=project_id),
        reason=payload.text,
    )
