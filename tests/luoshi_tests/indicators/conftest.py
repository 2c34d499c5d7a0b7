"""Figures for the indicator tests: targets and monthly observations of 甲县 and its peers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.core.models import Region
from luoshi.indicators.models import Indicator, Observation, Target
from luoshi.indicators.services import (
    RankInput,
    catalogue_load,
    observation_record,
    target_set,
)
from luoshi_tests.conftest import World


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


@pytest.fixture
def catalogue(db: None) -> None:
    """The built-in indicators (a data migration loads them; a transactional test's flush
    empties the table, so make sure they are there)."""
    catalogue_load()


@dataclass
class Figures:
    gdp: Indicator
    jobs: Indicator
    energy: Indicator
    revenue: Indicator


@pytest.fixture
def figures(world: World, catalogue: None) -> Figures:
    """甲县 2025: GDP target 5.5%左右 (1–11月 6.1%, 全市第2、前进1位), jobs 4200人以上
    (1–11月 3000), energy intensity to fall 2.5% (1–11月 −1.0), revenue with no target;
    乙县 reports GDP 7.0% and energy −3.0 for the same period."""
    gdp, jobs = indicator("gdp"), indicator("urban-new-jobs")
    energy, revenue = indicator("energy-intensity"), indicator("general-budget-revenue")
    county, other = world.county, world.other_county
    target_set(
        actor=None,
        region=county,
        year=2025,
        indicator=gdp,
        measure="growth",
        low=Decimal("5.5"),
        high=None,
        qualifier="about",
    )
    target_set(
        actor=None,
        region=county,
        year=2025,
        indicator=jobs,
        measure="count",
        low=Decimal("4200"),
        high=None,
        qualifier="at_least",
        unit="人",
    )
    target_set(
        actor=None,
        region=county,
        year=2025,
        indicator=energy,
        measure="growth",
        low=Decimal("2.5"),
        high=None,
        qualifier="exact",
    )
    for month in (10, 11):
        observation_record(
            actor=None,
            region=county,
            indicator=gdp,
            year=2025,
            period_kind="month",
            period_index=month,
            value=Decimal("123.45"),
            growth=Decimal("6.1") if month == 11 else Decimal("5.0"),
            unit="亿元",
            ranks=[RankInput("全市", 2, 1)] if month == 11 else None,
        )
        observation_record(
            actor=None,
            region=other,
            indicator=gdp,
            year=2025,
            period_kind="month",
            period_index=month,
            value=Decimal("150"),
            growth=Decimal("7.0"),
            unit="亿元",
        )
    observation_record(
        actor=None,
        region=county,
        indicator=jobs,
        year=2025,
        period_kind="month",
        period_index=11,
        value=Decimal("3000"),
        unit="人",
    )
    observation_record(
        actor=None,
        region=county,
        indicator=energy,
        year=2025,
        period_kind="month",
        period_index=11,
        growth=Decimal("-1.0"),
    )
    observation_record(
        actor=None,
        region=other,
        indicator=energy,
        year=2025,
        period_kind="month",
        period_index=11,
        growth=Decimal("-3.0"),
    )
    observation_record(
        actor=None,
        region=county,
        indicator=revenue,
        year=2025,
        period_kind="month",
        period_index=11,
        value=Decimal("8.8"),
        growth=Decimal("4.2"),
        unit="亿元",
    )
    return Figures(gdp=gdp, jobs=jobs, energy=energy, revenue=revenue)


def stored_state() -> list[tuple[object, ...]]:
    """Every target and observation as plain values, to show an import changed nothing."""
    targets = list(
        Target.objects.order_by("pk").values_list(
            "region_id", "year", "indicator_id", "measure", "low", "high", "qualifier", "unit"
        )
    )
    observations = list(
        Observation.objects.order_by("pk").values_list(
            "region_id", "indicator_id", "year", "period_kind", "period_index", "value", "growth"
        )
    )
    return [*targets, *observations]


def xlsx(rows: list[list[object]], *, title_rows: list[list[object]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [*(title_rows or []), *rows]:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_values(content: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(BytesIO(content)).worksheets[0].iter_rows(values_only=True))


TARGET_HEADER = ["区划代码", "年度", "指标", "目标类型", "下限", "上限", "单位", "表述"]
OBSERVATION_HEADER = ["区划代码", "年度", "截至月份", "指标", "累计完成值", "单位", "增速(%)"]


@pytest.fixture
def add_peers(world: World, catalogue: None) -> Callable[[int], list[Region]]:
    """More counties under 测试市 (the N+1 guard grows the table with them)."""

    def make(count: int) -> list[Region]:
        from luoshi_tests.factories import RegionFactory

        return [
            RegionFactory(code=f"9301{30 + n:02d}", name=f"丙{n}县", parent=world.city)
            for n in range(count)
        ]

    return make
