"""One indicator across many regions (the comparison page's figures), for analysts' scripts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from luoshi.api.permissions import require_perm
from luoshi.core.models import Region
from luoshi.indicators.comparison import ComparedRegion, sorted_rows
from luoshi.indicators.comparison_choice import chosen_comparison, comparison_choice
from luoshi.indicators.table_display import target_words

router = Router(tags=["指标与目标"])


class ComparisonQuery(Schema):
    indicator: str = Field("", max_length=60, description="指标代码或名称；留空为目录中第一个")
    year: str = Field("", max_length=4, description="年度；留空为有数据的最近一年")
    period: str = Field("", max_length=10, description="year、quarter-N 或 month-N")
    within: str | None = Field(
        None, max_length=9, description="上级区划代码；不传为本人所在地区，传空值为全国"
    )
    level: str = Field("", max_length=10, description="province、city 或 county")
    regions: str = Field("", max_length=4000, description="自选地区：代码或全称，逗号分隔")
    metric: str = Field("", max_length=10, description="growth、value 或 target")
    sort: str = Field("rank", max_length=20, description="region、figure、target、gap、rank…")


class ComparedTargetOut(Schema):
    text: str
    measure: str
    qualifier: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    source_text: str


class ComparedOut(Schema):
    region_code: str
    region_name: str
    parent_code: str | None
    target: ComparedTargetOut | None
    previous_target: ComparedTargetOut | None
    target_change: str
    value: Decimal | None
    growth: Decimal | None
    unit: str
    figure: Decimal | None
    gap: Decimal | None
    verdict: str
    rank: int | None
    previous_rank: int | None
    rank_change: int | None
    source_text: str


class ComparisonOut(Schema):
    indicator: str
    indicator_name: str
    year: int
    period: str
    metric: str
    unit: str
    regions_label: str
    tallies: dict[str, int]
    rows: list[ComparedOut]


def _target(target: Any) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "text": target_words(target),
        "measure": target.measure,
        "qualifier": target.qualifier,
        "low": target.low,
        "high": target.high,
        "unit": target.unit,
        "source_text": target.source_text,
    }


def _row(row: ComparedRegion, parents: dict[int, str]) -> dict[str, Any]:
    observation = row.observation
    return {
        "region_code": row.region.code,
        "region_name": row.region.name,
        "parent_code": parents.get(row.region.parent_id or 0),
        "target": _target(row.target),
        "previous_target": _target(row.previous_target),
        "target_change": row.target_change,
        "value": observation.value if observation else None,
        "growth": observation.growth if observation else None,
        "unit": observation.unit if observation else "",
        "figure": row.figure,
        "gap": row.gap,
        "verdict": row.verdict,
        "rank": row.rank,
        "previous_rank": row.previous_rank,
        "rank_change": row.rank_change,
        "source_text": observation.source_text if observation else "",
    }


@router.get("/comparison", response=ComparisonOut, summary="地区对比：一个指标在多个地区")
def comparison(request: HttpRequest, query: Query[ComparisonQuery]) -> dict[str, Any]:
    require_perm(request, "indicators.view_indicator")
    choice = comparison_choice(query.model_dump(exclude_none=True), request.user)
    if choice.problems:
        raise ValidationError(choice.problems[0])
    if choice.indicator is None or choice.regions is None:
        raise ValidationError(_("指标目录是空的，无法比较。"))
    result = chosen_comparison(choice)
    parents = dict(
        Region.objects.filter(
            pk__in={r.region.parent_id for r in result.rows if r.region.parent_id}
        ).values_list("pk", "code")
    )
    return {
        "indicator": result.indicator.code,
        "indicator_name": result.indicator.name,
        "year": result.year,
        "period": result.period.slug,
        "metric": result.metric,
        "unit": result.unit,
        "regions_label": choice.regions.label,
        "tallies": result.tallies,
        "rows": [_row(row, parents) for row in sorted_rows(result.rows, choice.sort)],
    }
