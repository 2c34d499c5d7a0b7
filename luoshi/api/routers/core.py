"""Regions (行政区划) and units (单位), read-only reference data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.core import selectors
from luoshi.core.lookups import found
from luoshi.core.models import Region, RegionLevel, Unit, UnitKind

router = Router(tags=["行政区划与单位"])

REGION_CODE_PATTERN = r"^\d{6}(\d{3})?$"


class RegionRef(Schema):
    code: str
    name: str
    level: str


class RegionOut(Schema):
    code: str
    name: str
    level: RegionLevel
    level_label: str = Field(..., alias="get_level_display")
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")
    child_count: int = 0


class RegionDetailOut(RegionOut):
    ancestors: list[RegionRef]
    unit_count: int

    @staticmethod
    def resolve_ancestors(obj: Region) -> list[Region]:
        return selectors.region_ancestors(obj)

    @staticmethod
    def resolve_unit_count(obj: Region) -> int:
        return obj.units.filter(is_active=True).count()


class RegionFilters(Schema):
    level: RegionLevel | None = Field(None, description="层级：province、city、county、township")
    parent: str | None = Field(None, pattern=REGION_CODE_PATTERN, description="上级区划代码")
    q: str | None = Field(None, max_length=30, description="名称包含或代码开头")


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: UnitKind
    kind_label: str = Field(..., alias="get_kind_display")
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    parent_id: int | None
    is_active: bool


class UnitDetailOut(UnitOut):
    phone: str
    address: str
    region_path: list[RegionRef]

    @staticmethod
    def resolve_region_path(obj: Unit) -> list[Region]:
        return [*selectors.region_ancestors(obj.region), obj.region]


class UnitFilters(Schema):
    region: str | None = Field(None, pattern=REGION_CODE_PATTERN, description="所属区划代码")
    include_subregions: bool = Field(False, description="包含下级区划的单位")
    kind: UnitKind | None = None
    q: str | None = Field(None, max_length=50, description="名称或简称包含")
    active: bool = Field(True, description="只列启用的单位")


@router.get("/regions", response=Page[RegionOut], summary="行政区划列表")
def region_list(
    request: HttpRequest, filters: Query[RegionFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "core.view_region")
    regions = selectors.region_list(
        level=filters.level, parent_code=filters.parent, query=filters.q
    )
    return paginate(regions, paging)


@router.get("/regions/{code}", response=RegionDetailOut, summary="行政区划详情")
def region_detail(request: HttpRequest, code: str) -> Region:
    require_perm(request, "core.view_region")
    return found(selectors.region_list(), code=code)


@router.get("/units", response=Page[UnitOut], summary="单位列表")
def unit_list(
    request: HttpRequest, filters: Query[UnitFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "core.view_unit")
    units = selectors.unit_list(
        region_code=filters.region,
        include_subregions=filters.include_subregions,
        kind=filters.kind,
        query=filters.q,
        active_only=filters.active,
    )
    return paginate(units, paging)


@router.get("/units/{unit_id}", response=UnitDetailOut, summary="单位详情")
def unit_detail(request: HttpRequest, unit_id: int) -> Unit:
    require_perm(request, "core.view_unit")
    return selectors.unit_get(unit_id=unit_id)
