"""Fixtures for the Django side: a small region tree, units, and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from luoshi.accounts.models import Role, User
from luoshi.core.models import Region, RegionLevel, Unit
from luoshi_tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts with an empty cache: figures cached per scope and day (opinion
    statistics, the office's count of reports never started) must not leak between tests
    that build the same regions on the same day — nor between runs sharing one Redis."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def indicator_catalogue(request: pytest.FixtureRequest) -> None:
    """The built-in indicator catalogue, as a data migration loads it.

    Transactional tests end by flushing every table, migration data included; this puts the
    catalogue back for whichever database test runs next, whatever the order.
    """
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from luoshi.indicators.services import catalogue_load

    catalogue_load()


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        bool(marker and marker.kwargs.get("transaction"))
        or "transactional_db" in request.fixturenames
    )


@dataclass
class World:
    province: Region
    city: Region
    county: Region
    other_county: Region
    office: Unit
    bureau: Unit
    other_bureau: Unit


@pytest.fixture
def world(db: None) -> World:
    province = RegionFactory(code="930000", name="测试省", level=RegionLevel.PROVINCE, kind="省")
    city = RegionFactory(
        code="930100", name="测试市", level=RegionLevel.CITY, kind="地级市", parent=province
    )
    county = RegionFactory(code="930121", name="甲县", parent=city)
    other_county = RegionFactory(code="930122", name="乙县", parent=city)
    return World(
        province=province,
        city=city,
        county=county,
        other_county=other_county,
        office=UnitFactory(region=county, name="甲县人民政府办公室"),
        bureau=UnitFactory(region=county, name="甲县发展和改革局", short_name="县发改局"),
        other_bureau=UnitFactory(region=other_county, name="乙县发展和改革局"),
    )


def user_with_role(username: str, unit: Unit, role: str) -> User:
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def admin_user(world: World) -> User:
    user = user_with_role("admin1", world.office, Role.ADMIN)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def supervisor(world: World) -> User:
    return user_with_role("supervisor1", world.office, Role.SUPERVISOR)


@pytest.fixture
def liaison(world: World) -> User:
    return user_with_role("liaison1", world.bureau, Role.LIAISON)


@pytest.fixture
def other_liaison(world: World) -> User:
    return user_with_role("liaison2", world.other_bureau, Role.LIAISON)


@pytest.fixture
def leader(world: World) -> User:
    return user_with_role("leader1", world.office, Role.LEADER)


@pytest.fixture
def representative(world: World) -> User:
    return user_with_role("deputy1", world.office, Role.REPRESENTATIVE)


@pytest.fixture
def unit_head(world: World) -> User:
    return user_with_role("head1", world.bureau, Role.UNIT_HEAD)


@pytest.fixture
def client_for():
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def own_media_root(settings, tmp_path) -> None:
    """Uploads of this test in a folder of their own, so that leftover files can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"


__all__ = ["TEST_PASSWORD"]
