"""Dashboard data: tasks of 甲县 (930121) and 乙县 (930122) for 2026, written straight to the
tables (the flows that produce them are tested in the tasks app)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from luoshi.accounts.models import Role, User
from luoshi.tasks.models import Task
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory

YEAR = 2026
PAST_DEADLINE = date(2026, 1, 31)  # passed whenever the suite runs


def bulk_tasks(region, unit, count, *, year=YEAR, title="任务", **fields) -> list[Task]:
    """`count` tasks in one insert: the shape of a province-scale table, without the
    services' per-task work."""
    defaults = {"deadline": date(year, 12, 31), "status": "on_schedule", "colour": "green"}
    defaults.update(fields)
    return Task.objects.bulk_create(
        Task(
            region=region,
            year=year,
            lead_unit=unit,
            title=f"{title}{number}",
            number=str(number),
            order=number,
            percent=Decimal("50"),
            **defaults,
        )
        for number in range(1, count + 1)
    )


@pytest.fixture
def other_leader(world) -> User:
    """A leader of 乙县: no rights in 甲县."""
    office = UnitFactory(region=world.other_county, name="乙县人民政府办公室")
    return user_with_role("leader_other", office, Role.LEADER)


@pytest.fixture
def city_leader(world) -> User:
    office = UnitFactory(region=world.city, name="测试市人民政府办公室")
    return user_with_role("leader_city", office, Role.LEADER)
