from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory


@pytest.fixture
def jixian(db):
    """The real gazetteer chain of 山西省临汾市吉县 (codes as in GB/T 2260)."""
    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE, kind="省")
    city = RegionFactory(
        code="141000", name="临汾市", level=RegionLevel.CITY, kind="地级市", parent=province
    )
    return RegionFactory(code="141028", name="吉县", parent=city)


@pytest.fixture
def jixian_supervisor(jixian):
    office = UnitFactory(region=jixian, name="吉县人民政府督查室")
    return user_with_role("jx_sup", office, Role.SUPERVISOR)


@pytest.fixture
def seed_003(seeds_dir: Path) -> bytes:
    return next(seeds_dir.glob("003_*.txt")).read_bytes()
