"""Open data (public, no sign-in): a region's published tasks and targets of a year, as JSON
or CSV. Only what the portal shows: tasks and targets marked or adopted as public, progress
as approved — never return reasons, notices or contact data."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.portal import selectors
from luoshi.portal.disclosure import disclosure_title, target_data, targets_title, task_lines
from luoshi.portal.downloads import table_file
from luoshi.portal.models import OpenDataPackage
from luoshi.portal.open_data import RESOURCES, Scope, scope_records, typed

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


class PackageOut(Schema):
    key: str = Field(..., description="all 为全部地区历年；否则为“区划代码-年度”")
    region_code: str | None
    region_name: str | None
    year: int | None
    url: str = Field(..., description="数据包（ZIP）的下载地址")
    built_at: dt.datetime = Field(..., description="生成时间（北京时间）")
    size: int
    counts: dict[str, int] = Field(..., description="各表行数")


class ResourceOut(Schema):
    region_code: str
    year: int
    resource: str
    fields: list[dict[str, str]] = Field(..., description="字段：name、title（CSV 表头）、type")
    items: list[dict[str, Any]]


@router.get(
    "/open-data/packages",
    response=Page[PackageOut],
    auth=None,
    summary="开放数据包（Frictionless Data Package）",
    description="每个地区每年一个数据包，另有全部地区历年的一个；每天由后台任务重新生成。",
)
def open_packages(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    page = paginate(OpenDataPackage.objects.select_related("region").order_by("key"), paging)
    page["items"] = [
        {
            "key": p.key,
            "region_code": p.region.code if p.region else None,
            "region_name": p.region.name if p.region else None,
            "year": p.year,
            "url": request.build_absolute_uri(
                reverse("portal:open_data", args=[p.region.code, p.year])
                if p.region and p.year
                else reverse("portal:open_data_all")
            ),
            "built_at": timezone.localtime(p.built_at),
            "size": p.size,
            "counts": p.counts,
        }
        for p in page["items"]
    ]
    return page


@router.get(
    "/open-data/{region_code}/{year}/records/{resource}",
    response=ResourceOut,
    auth=None,
    summary="开放数据包中的一张表（JSON）",
    description="与数据包中同名 CSV 相同的数据：targets 年度目标、results 完成情况、"
    "tasks 重点工作任务、regions 行政区划、indicators 指标目录；字段名为英文，数值为数字。",
)
def open_records(
    request: HttpRequest, region_code: str, year: str, resource: str
) -> dict[str, Any]:
    region, chosen_year = selectors.portal_subject(region_code, year)
    records = scope_records(Scope(region, chosen_year))
    if resource not in records:
        raise Http404(
            _("没有“%(name)s”这张表；可选：%(names)s。")
            % {"name": resource[:40], "names": "、".join(records)}
        )
    table = RESOURCES[resource]
    return {
        "region_code": region.code,
        "year": chosen_year,
        "resource": resource,
        "fields": [{"name": f.name, "title": f.title, "type": f.type} for f in table.fields],
        "items": [typed(table, row) for row in records[resource]()],
    }
