"""The honour and warning lists (光荣榜与警示榜), ranked by quantified results only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from luoshi.core.selectors import region_get
from luoshi.tasks.selectors import supervision_queries as queries

router = Router()

REGION_CODE = r"^\d{6}(\d{3})?$"


@dataclass(frozen=True)
class RankedUnit:
    """A unit's results with its place in the whole list (1 = best)."""

    rank: int
    result: queries.UnitResult


class RankingFilters(Schema):
    region: str = Field(..., pattern=REGION_CODE, description="行政区划代码")
    year: int = Field(..., ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    as_of: dt.date | None = Field(None, description="统计截至哪一天；默认今天")
    size: int = Field(5, ge=1, le=50, description="光荣榜、警示榜各列几个单位")


class UnitResultOut(Schema):
    # Reads a `RankedUnit`.
    rank: int
    unit_id: int = Field(..., alias="result.unit.pk")
    unit_name: str = Field(..., alias="result.unit.name")
    tasks: int = Field(..., alias="result.tasks")
    on_target: int = Field(..., alias="result.on_target")
    on_target_rate: Decimal | None = Field(
        ..., alias="result.on_target_percent", description="达序时率（%）"
    )
    reports_due: int = Field(..., alias="result.reports_due")
    reports_on_time: int = Field(..., alias="result.reports_on_time")
    on_time_rate: Decimal | None = Field(
        ..., alias="result.on_time_percent", description="按时报送率（%）；无到期报告为 null"
    )
    returned: int = Field(..., alias="result.returned")
    overdue_tasks: int = Field(..., alias="result.overdue_tasks")
    open_red_notices: int = Field(..., alias="result.open_red_notices")
    score: Decimal = Field(..., alias="result.score")


class RankingOut(Schema):
    # Reads a `queries.Ranking`.
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    year: int
    quarter: int | None
    as_of: dt.date
    formula: str
    honour: list[UnitResultOut]
    warning: list[UnitResultOut]
    results: list[UnitResultOut]

    @staticmethod
    def resolve_formula(obj: queries.Ranking) -> str:
        return (
            f"{queries.WEIGHT_ON_TIME}×按时报送率 + {queries.WEIGHT_ON_TARGET}×达序时率 − "
            f"{queries.PENALTY_RETURNED}×退办次数 − {queries.PENALTY_OVERDUE_TASK}×逾期任务 − "
            f"{queries.PENALTY_OPEN_RED}×未办结红色督办单"
        )

    @staticmethod
    def resolve_honour(obj: queries.Ranking) -> list[RankedUnit]:
        return _ranked(obj, obj.honour)

    @staticmethod
    def resolve_warning(obj: queries.Ranking) -> list[RankedUnit]:
        return _ranked(obj, obj.warning)

    @staticmethod
    def resolve_results(obj: queries.Ranking) -> list[RankedUnit]:
        return _ranked(obj, obj.results)


def _ranked(ranking: queries.Ranking, rows: list[queries.UnitResult]) -> list[RankedUnit]:
    """`rows` (the honour list, the warning list or all) with each one's place in the whole."""
    position = {id(row): place for place, row in enumerate(ranking.results, start=1)}
    return [RankedUnit(position[id(row)], row) for row in rows]


@router.get("/ranking", response=RankingOut, summary="光荣榜与警示榜（按量化结果）")
def ranking(request: HttpRequest, filters: Query[RankingFilters]) -> queries.Ranking:
    region = region_get(code=filters.region)
    if not request.user.has_perm("tasks.view_ranking", region):
        raise PermissionDenied(_("没有权限查看该地区的排名。"))
    return queries.ranking(
        region=region,
        year=filters.year,
        quarter=filters.quarter,
        as_of=filters.as_of,
        size=filters.size,
    )
