"""Open data (public, no sign-in): a region's published tasks and targets of a year, as JSON
or CSV. Only what the portal shows: tasks and targets marked or adopted as public, progress
as approved — never return reasons, notices or contact data."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.portal import selectors
from luoshi.portal.disclosure import disclosure_title, target_data, targets_title, task_lines
from luoshi.portal.downloads import table_file

router = Router(tags=["开放数据"])


class FormatParams(Schema):
    format: Literal["json", "csv"] = "json"


class OpenTaskOut(Schema):
    number: str
    title: str
    lead_unit: str
    deadline: str
    progress: str
    progress_period: str
    percent: float
    status: str


class OpenTargetOut(Schema):
    indicator: str
    target: str = Field(..., description="目标的表述，如 6%左右")
    value: float | None = Field(..., description="最近一期完成值（单位见 unit）；尚无数据为 null")
    unit: str
    growth: float | None = Field(..., description="增速（%）；尚无数据为 null")
    completion: float | None = Field(..., description="完成进度（百分点，如 63.8 表示 63.8%）")
    status: str


class OpenTaskPage(Page[OpenTaskOut]):
    region_code: str
    region_name: str
    year: int
    title: str


class OpenTargetsOut(Schema):
    region_code: str
    region_name: str
    year: int
    title: str
    period: str
    items: list[OpenTargetOut]


@router.get(
    "/open-data/{region_code}/{year}/tasks",
    response=OpenTaskPage,
    auth=None,
    summary="公开的重点工作任务进展（开放数据）",
    description="序号、工作任务、牵头单位、完成时限、进展情况（最近一次审核通过）、完成进度、状态。"
    "format=csv 时下载全部条目（UTF-8 带 BOM）。",
)
def open_tasks(
    request: HttpRequest,
    region_code: str,
    year: str,
    paging: Query[PageParams],
    output: Query[FormatParams],
) -> HttpResponse | dict[str, Any]:
    region, chosen_year = selectors.portal_subject(region_code, year)
    if output.format == "csv":
        return table_file(region, chosen_year, "tasks", "csv")
    page = paginate(selectors.public_tasks(region, chosen_year), paging)
    start = (paging.page - 1) * paging.page_size + 1
    lines = task_lines(page["items"], selectors.status_words(region), start=start)
    return {
        **page,
        "items": lines,
        "region_code": region.code,
        "region_name": region.name,
        "year": chosen_year,
        "title": disclosure_title(region, chosen_year),
    }


@router.get(
    "/open-data/{region_code}/{year}/targets",
    response=OpenTargetsOut,
    auth=None,
    summary="公开的主要预期目标完成情况（开放数据）",
    description="已通过的政府工作报告确定的目标，及最近一期完成值。format=csv 时下载。",
)
def open_targets(
    request: HttpRequest, region_code: str, year: str, output: Query[FormatParams]
) -> HttpResponse | dict[str, Any]:
    region, chosen_year = selectors.portal_subject(region_code, year)
    if output.format == "csv":
        return table_file(region, chosen_year, "targets", "csv")
    targets = selectors.public_targets(region, chosen_year)
    return {
        "region_code": region.code,
        "region_name": region.name,
        "year": chosen_year,
        "title": targets_title(region, chosen_year),
        "period": targets.period_label,
        "items": [target_data(row) for row in targets.rows],
    }
