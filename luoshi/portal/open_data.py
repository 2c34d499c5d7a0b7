"""Open data (开放数据): what the portal publishes, as a Frictionless Data Package — one ZIP of
CSV files and the `datapackage.json` that describes them.

- Chinese column headers (what a clerk opening the file in Excel reads); each field of the
  schema has its English `name` and the Chinese header as its `title`. Table Schema matches
  fields to columns by position, so both hold.
- Numbers as numbers: plain decimals (5.5, never "5.5%"), an empty cell where there is none
  (`missingValues`).
- UTF-8 with a byte-order mark, so that Excel on Windows opens the Chinese right; readers of
  Data Packages skip the mark.
- Only what is public: targets of adopted reports (or of published adopted versions), the
  results of those indicators (or figures read from a published report), public tasks.
- A licence from the settings (`OPEN_DATA_LICENSE`; CC BY 4.0 unless the instance says).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from luoshi.core.models import Region
from luoshi.core.spreadsheets.writing import csv_safe
from luoshi.indicators.models import Indicator, Observation, Target
from luoshi.indicators.periods import Period
from luoshi.indicators.table_display import target_words
from luoshi.portal import selectors
from luoshi.portal.disclosure import task_lines

DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "知识共享署名 4.0 国际许可协议（CC BY 4.0）",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Field:
    name: str  # English, as the schema names it
    title: str  # Chinese, as the CSV's header row shows it
    type: str  # string · integer · number · year
    description: str = ""


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()


REGION = (Field("region_code", "区划代码", "string"), Field("region_name", "地区", "string"))
INDICATOR = (
    Field("indicator_code", "指标代码", "string"),
    Field("indicator_name", "指标", "string"),
)
REGIONS = Resource(
    "regions",
    "行政区划",
    (
        Field("code", "区划代码", "string", "GB/T 2260 六位代码"),
        Field("name", "名称", "string"),
        Field("level", "层级", "string", "province · city · county"),
        Field("parent_code", "上级区划代码", "string"),
    ),
    ("code",),
)
INDICATORS = Resource(
    "indicators",
    "指标目录",
    (
        Field("code", "指标代码", "string"),
        Field("name", "指标名称", "string"),
        Field("unit", "总量单位", "string"),
        Field(
            "measure", "考核方式", "string", "growth 增速 · level 总量 · share 占比 · count 数量"
        ),
        Field("direction", "方向", "string", "up 越高越好 · down 越低越好"),
        Field("binding", "属性", "string", "expected 预期性 · binding 约束性"),
    ),
    ("code",),
)
TARGETS = Resource(
    "targets",
    "年度目标",
    (
        *REGION,
        Field("year", "年度", "year"),
        *INDICATOR,
        Field("measure", "目标类型", "string", "growth · level · share · count"),
        Field("qualifier", "表述类型", "string", "exact · about · range · at_least · at_most…"),
        Field("low", "下限", "number"),
        Field("high", "上限", "number"),
        Field("unit", "单位", "string"),
        Field("direction", "方向", "string", "up · down"),
        Field("wording", "目标表述", "string", "如 6%左右"),
        Field("source_text", "原文", "string", "报告中写明目标的句子"),
    ),
    ("region_code", "year", "indicator_code", "measure"),
)
RESULTS = Resource(
    "results",
    "完成情况",
    (
        *REGION,
        Field("year", "年度", "year"),
        *INDICATOR,
        Field("period", "期间代码", "string", "year 全年 · quarter-N 1–N季度 · month-N 1–N月"),
        Field("period_label", "期间", "string"),
        Field("value", "完成值", "number"),
        Field("unit", "单位", "string"),
        Field("growth", "增速（%）", "number", "百分数的数值：5.2 表示增长 5.2%"),
        Field("source_text", "原文", "string"),
    ),
    ("region_code", "year", "indicator_code", "period"),
)
TASKS = Resource(
    "tasks",
    "重点工作任务",
    (
        *REGION,
        Field("year", "年度", "year"),
        Field("number", "序号", "string"),
        Field("title", "工作任务", "string"),
        Field("lead_unit", "牵头单位", "string"),
        Field("deadline", "完成时限", "string"),
        Field("progress", "进展情况", "string", "最近一次审核通过的进展"),
        Field("percent", "完成进度（%）", "number"),
        Field("status", "状态", "string"),
    ),
)
RESOURCES = {r.name: r for r in (REGIONS, INDICATORS, TARGETS, RESULTS, TASKS)}


def published_results() -> QuerySet[Observation]:
    """Results the portal may publish: of an indicator whose target for that region and year
    is published, or read from a published report."""
    published = selectors.published_targets().filter(
        region=OuterRef("region"), year=OuterRef("year"), indicator=OuterRef("indicator")
    )
    return Observation.objects.filter(
        Exists(published) | Q(source_version__published_at__isnull=False)
    )


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _region_cells(region: Region) -> list[str]:
    return [region.code, region.name]


def target_records(targets: QuerySet[Target]) -> Iterable[list[Any]]:
    for t in targets.select_related("region", "indicator").order_by(
        "region__code", "year", "indicator__sort_order", "measure"
    ):
        yield [
            *_region_cells(t.region),
            t.year,
            t.indicator.code,
            t.indicator.name,
            t.measure,
            t.qualifier,
            _number(t.low),
            _number(t.high),
            t.unit,
            t.direction,
            target_words(t),
            t.source_text,
        ]


def result_records(results: QuerySet[Observation]) -> Iterable[list[Any]]:
    for o in results.select_related("region", "indicator").order_by(
        "region__code", "year", "indicator__sort_order", "period_kind", "period_index"
    ):
        period = Period(o.period_kind, o.period_index)
        yield [
            *_region_cells(o.region),
            o.year,
            o.indicator.code,
            o.indicator.name,
            period.slug,
            o.period_label,
            _number(o.value),
            o.unit,
            _number(o.growth),
            o.source_text,
        ]


def task_records(region: Region, year: int) -> Iterable[list[Any]]:
    tasks = list(selectors.public_tasks(region, year))
    for line in task_lines(tasks, selectors.status_words(region)):
        yield [
            *_region_cells(region),
            year,
            line.number,
            line.title,
            line.lead_unit,
            line.deadline,
            line.progress,
            _number(line.percent),
            line.status,
        ]


def region_records(regions: QuerySet[Region]) -> Iterable[list[Any]]:
    for r in regions.select_related("parent").order_by("code"):
        yield [r.code, r.name, r.level, r.parent.code if r.parent else ""]


def indicator_records(indicators: QuerySet[Indicator]) -> Iterable[list[Any]]:
    for i in indicators.order_by("sort_order", "name"):
        yield [i.code, i.name, i.unit, i.measure, i.direction, i.binding]


@dataclass(frozen=True)
class Scope:
    """A region and year, or the whole instance (every region, every year)."""

    region: Region | None = None
    year: int | None = None

    @property
    def key(self) -> str:
        return f"{self.region.code}-{self.year}" if self.region else "all"

    @property
    def title(self) -> str:
        if self.region is None:
            return "全部地区历年目标与完成情况（开放数据）"
        return f"{self.region.name}{self.year}年目标、完成情况与重点工作任务（开放数据）"


def scope_records(scope: Scope) -> dict[str, Callable[[], Iterable[list[Any]]]]:
    """Each resource of the scope's package, as a function giving its rows."""
    targets = selectors.published_targets()
    results = published_results()
    if scope.region is not None and scope.year is not None:
        targets = targets.filter(region=scope.region, year=scope.year)
        results = results.filter(region=scope.region, year=scope.year)
    region_ids = set(targets.values_list("region_id", flat=True)) | set(
        results.values_list("region_id", flat=True)
    )
    indicator_ids = set(targets.values_list("indicator_id", flat=True)) | set(
        results.values_list("indicator_id", flat=True)
    )
    if scope.region is not None:
        region_ids.add(scope.region.pk)
    records: dict[str, Callable[[], Iterable[list[Any]]]] = {
        "regions": lambda: region_records(Region.objects.filter(pk__in=region_ids)),
        "indicators": lambda: indicator_records(Indicator.objects.filter(pk__in=indicator_ids)),
        "targets": lambda: target_records(targets),
        "results": lambda: result_records(results),
    }
    if scope.region is not None and scope.year is not None:
        region, year = scope.region, scope.year
        records["tasks"] = lambda: task_records(region, year)
    return records


def typed(resource: Resource, row: list[Any]) -> dict[str, Any]:
    """A row as the API gives it: English names, numbers as numbers, null for none."""
    record: dict[str, Any] = {}
    for field, cell in zip(resource.fields, row, strict=True):
        if cell in ("", None):
            record[field.name] = None
        elif field.type == "number":
            record[field.name] = float(cell)
        elif field.type in ("integer", "year"):
            record[field.name] = int(cell)
        else:
            record[field.name] = cell
    return record


def csv_of(resource: Resource, rows: Iterable[list[Any]]) -> tuple[bytes, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.title for f in resource.fields])
    count = 0
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def license_of() -> dict[str, str]:
    return dict(getattr(settings, "OPEN_DATA_LICENSE", None) or DEFAULT_LICENSE)


def descriptor(scope: Scope, names: list[str], created: dt.datetime) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": f"luoshi-{scope.key}",
        "title": scope.title,
        "description": "政府工作报告确定的目标、统计公布的完成情况和公开的重点工作任务，"
        "由落实平台按已公开的内容生成。",
        "created": created.isoformat(timespec="seconds"),
        "licenses": [license_of()],
        "resources": [_resource_descriptor(RESOURCES[name]) for name in names],
    }


def _resource_descriptor(resource: Resource) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": f.name,
                "title": f.title,
                "type": f.type,
                **({"description": f.description} if f.description else {}),
            }
            for f in resource.fields
        ],
        "missingValues": [""],
    }
    if resource.primary_key:
        schema["primaryKey"] = list(resource.primary_key)
    return {
        "name": resource.name,
        "title": resource.title,
        "path": f"{resource.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": schema,
    }


def package_zip(scope: Scope) -> tuple[bytes, dict[str, int]]:
    """The scope's Data Package as ZIP bytes, with the row count of each file."""
    created = timezone.localtime()
    counts: dict[str, int] = {}
    files: dict[str, bytes] = {}
    for name, rows in scope_records(scope).items():
        files[f"{name}.csv"], counts[name] = csv_of(RESOURCES[name], rows())
    meta = descriptor(scope, list(counts), created)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
        )
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue(), counts
