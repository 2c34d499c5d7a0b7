"""The indicator catalogue, targets, observations and the derived indicator table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.api.routers import indicator_sheets
from luoshi.core.selectors import region_get
from luoshi.indicators import selectors, services
from luoshi.indicators.models import (
    Binding,
    Direction,
    Indicator,
    Measure,
    Observation,
    PeriodKind,
    Qualifier,
    SourceKind,
    Target,
)

router = Router(tags=["指标与目标"])

REGION_CODE = r"^\d{6}(\d{3})?$"


class IndicatorOut(Schema):
    code: str
    name: str
    synonyms: list[str]
    category: str
    unit: str
    measure: Measure
    direction: Direction
    binding: Binding


class IndicatorIn(Schema):
    code: str = Field(..., pattern=r"^[a-z0-9-]{2,60}$")
    name: str = Field(..., min_length=2, max_length=60)
    synonyms: list[str] = Field(default_factory=list, max_length=20)
    category: str = Field("", max_length=30)
    unit: str = Field("", max_length=20)
    measure: Measure = Measure.GROWTH
    direction: Direction = Direction.UP
    binding: Binding = Binding.EXPECTED


class TargetOut(Schema):
    id: int
    region_code: str = Field(..., alias="region.code")
    year: int
    indicator: str = Field(..., alias="indicator.code")
    indicator_name: str = Field(..., alias="indicator.name")
    measure: Measure
    low: Decimal | None
    high: Decimal | None
    unit: str
    qualifier: Qualifier
    direction: Direction
    wording: str = Field(..., alias="describe")
    source_kind: SourceKind
    source_anchor: str
    source_text: str


class TargetIn(Schema):
    region: str = Field(..., pattern=REGION_CODE)
    year: int = Field(..., ge=1978, le=2100)
    indicator: str = Field(..., description="指标代码、名称或别名")
    measure: Measure
    low: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    high: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    unit: str = Field("", max_length=20)
    qualifier: Qualifier = Qualifier.EXACT
    direction: Direction | None = None


class AllocationOut(Schema):
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    low: Decimal | None
    high: Decimal | None
    note: str


class AllocationIn(Schema):
    region: str = Field(..., pattern=REGION_CODE, description="承接的下级区划代码")
    low: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    high: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    note: str = Field("", max_length=200)


class RankOut(Schema):
    scope: str
    rank: int | None
    change: int | None


class RankIn(Schema):
    scope: str = Field(..., min_length=1, max_length=30)
    rank: int | None = Field(None, ge=1, le=10_000)
    change: int | None = Field(None, ge=-10_000, le=10_000)


class ObservationOut(Schema):
    id: int
    region_code: str = Field(..., alias="region.code")
    indicator: str = Field(..., alias="indicator.code")
    indicator_name: str = Field(..., alias="indicator.name")
    year: int
    period_kind: PeriodKind
    period_index: int
    period: str = Field(..., alias="period_label")
    value: Decimal | None
    unit: str
    growth: Decimal | None
    stated_ranks: list[RankOut]
    source_kind: SourceKind
    source_anchor: str
    source_text: str


class ObservationIn(Schema):
    region: str = Field(..., pattern=REGION_CODE)
    indicator: str = Field(..., description="指标代码、名称或别名")
    year: int = Field(..., ge=1978, le=2100)
    period_kind: PeriodKind = PeriodKind.YEAR
    period_index: int = Field(12, ge=1, le=12)
    value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    unit: str = Field("", max_length=20)
    growth: Decimal | None = Field(None, max_digits=12, decimal_places=4)
    stated_ranks: list[RankIn] | None = Field(None, max_length=10)


class FigureFilters(Schema):
    region: str | None = Field(None, pattern=REGION_CODE)
    year: int | None = Field(None, ge=1978, le=2100)
    indicator: str | None = Field(None, max_length=60)


class TableQuery(Schema):
    region: str = Field(..., pattern=REGION_CODE)
    year: int = Field(..., ge=1978, le=2100)
    period_kind: PeriodKind = PeriodKind.YEAR
    period_index: int = Field(12, ge=1, le=12)


class TableRowOut(Schema):
    # Reads a `selectors.TableRow`.
    indicator: str = Field(..., alias="indicator.code")
    indicator_name: str = Field(..., alias="indicator.name")
    target: str | None
    value: Decimal | None
    unit: str
    growth: Decimal | None
    completion: Decimal | None = Field(..., alias="assessment.completion")
    elapsed: Decimal = Field(..., alias="assessment.elapsed")
    status: str = Field(..., alias="assessment.status")
    status_label: str = Field(..., alias="assessment.status_label")
    colour: str | None = Field(..., alias="assessment.colour")
    peer_rank: int | None
    peer_count: int
    tier: str
    stated_ranks: list[RankOut]

    @staticmethod
    def resolve_target(obj: selectors.TableRow) -> str | None:
        return obj.target.describe() if obj.target else None

    @staticmethod
    def resolve_value(obj: selectors.TableRow) -> Decimal | None:
        return obj.observation.value if obj.observation else None

    @staticmethod
    def resolve_unit(obj: selectors.TableRow) -> str:
        return (obj.observation.unit if obj.observation else "") or obj.indicator.unit

    @staticmethod
    def resolve_growth(obj: selectors.TableRow) -> Decimal | None:
        return obj.observation.growth if obj.observation else None


@router.get("/indicators", response=list[IndicatorOut], summary="指标目录")
def indicator_list(request: HttpRequest) -> Any:
    require_perm(request, "indicators.view_indicator")
    return list(selectors.indicator_list())


@router.post("/indicators", response={201: IndicatorOut}, summary="新增指标")
def indicator_create(request: HttpRequest, payload: IndicatorIn) -> Status[Indicator]:
    return Status(201, services.indicator_create(actor=request.user, **payload.model_dump()))


@router.get("/targets", response=Page[TargetOut], summary="目标")
def target_list(
    request: HttpRequest, filters: Query[FigureFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "indicators.view_target")
    targets = Target.objects.select_related("region", "indicator").order_by(
        "region__code", "-year", "indicator__sort_order"
    )
    if filters.region:
        targets = targets.filter(region=region_get(code=filters.region))
    if filters.year:
        targets = targets.filter(year=filters.year)
    if filters.indicator:
        targets = targets.filter(indicator=selectors.indicator_get(ref=filters.indicator))
    return paginate(targets, paging)


@router.put("/targets", response=TargetOut, summary="设定目标（已有则修改）")
def target_put(request: HttpRequest, payload: TargetIn) -> Target:
    return services.target_set(
        actor=request.user,
        region=region_get(code=payload.region),
        year=payload.year,
        indicator=selectors.indicator_get(ref=payload.indicator),
        measure=payload.measure,
        low=payload.low,
        high=payload.high,
        qualifier=payload.qualifier,
        direction=payload.direction,
        unit=payload.unit,
    )


@router.get("/targets/{target_id}/allocations", response=list[AllocationOut], summary="目标分解")
def allocation_list(request: HttpRequest, target_id: int) -> Any:
    require_perm(request, "indicators.view_target")
    target = selectors.target_get(target_id=target_id)
    return list(target.allocations.select_related("region").order_by("region__code"))


@router.put(
    "/targets/{target_id}/allocations", response=AllocationOut, summary="分解目标到下级区划"
)
def allocation_put(request: HttpRequest, target_id: int, payload: AllocationIn) -> Any:
    return services.target_allocate(
        actor=request.user,
        target=selectors.target_get(target_id=target_id),
        region=region_get(code=payload.region),
        low=payload.low,
        high=payload.high,
        note=payload.note,
    )


@router.get("/observations", response=Page[ObservationOut], summary="完成情况")
def observation_list(
    request: HttpRequest, filters: Query[FigureFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "indicators.view_observation")
    observations = selectors.observation_list(
        region=region_get(code=filters.region) if filters.region else None,
        indicator=selectors.indicator_get(ref=filters.indicator) if filters.indicator else None,
        year=filters.year,
    ).order_by("region__code", "indicator__sort_order", "year", "period_kind", "period_index")
    return paginate(observations, paging)


@router.put("/observations", response=ObservationOut, summary="录入完成情况（已有则修改）")
def observation_put(request: HttpRequest, payload: ObservationIn) -> Observation:
    observation = services.observation_record(
        actor=request.user,
        region=region_get(code=payload.region),
        indicator=selectors.indicator_get(ref=payload.indicator),
        year=payload.year,
        period_kind=payload.period_kind,
        period_index=payload.period_index,
        value=payload.value,
        growth=payload.growth,
        unit=payload.unit,
        ranks=[services.RankInput(r.scope, r.rank, r.change) for r in payload.stated_ranks]
        if payload.stated_ranks is not None
        else None,
    )
    return selectors.observation_list().get(pk=observation.pk)


@router.get("/indicator-table", response=list[TableRowOut], summary="主要指标完成情况表")
def indicator_table(request: HttpRequest, query: Query[TableQuery]) -> Any:
    require_perm(request, "indicators.view_observation")
    return selectors.indicator_table(
        region=region_get(code=query.region),
        year=query.year,
        period_kind=query.period_kind,
        period_index=query.period_index,
    )


# The Excel imports (preview and apply) have their own module.
router.add_router("", indicator_sheets.router)
