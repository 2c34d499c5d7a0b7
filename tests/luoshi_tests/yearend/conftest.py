"""A county's year of figures (2023 and 2024, with a peer county) for the year-end loop."""

from decimal import Decimal

import pytest

from luoshi.accounts.models import Role
from luoshi.indicators.models import Indicator
from luoshi.indicators.services import RankInput, observation_record, target_set
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory


@pytest.fixture
def figures(world):
    gdp = Indicator.objects.get(code="gdp")
    revenue = Indicator.objects.get(code="general-budget-revenue")
    for year, ours, theirs in ((2023, "5.0", "6.0"), (2024, "8.1", "7.0")):
        observation_record(
            actor=None,
            region=world.county,
            indicator=gdp,
            year=year,
            value=Decimal("45.2"),
            growth=Decimal(ours),
        )
        observation_record(
            actor=None, region=world.other_county, indicator=gdp, year=year, growth=Decimal(theirs)
        )
    observation_record(
        actor=None,
        region=world.county,
        indicator=revenue,
        year=2024,
        value=Decimal("3.1"),
        growth=Decimal("9.4"),
        ranks=[RankInput("全市", 3, 2)],
    )
    target_set(
        actor=None,
        region=world.county,
        year=2024,
        indicator=gdp,
        measure="growth",
        low=Decimal("7.5"),
        high=None,
        qualifier="at_least",
    )


@pytest.fixture
def other_office(world):
    return UnitFactory(region=world.other_county, name="乙县人民政府办公室")


@pytest.fixture
def other_supervisor(other_office):
    """The supervision staff of the neighbouring county's government office."""
    return user_with_role("supervisor2", other_office, Role.SUPERVISOR)
