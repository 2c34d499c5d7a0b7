"""Projects of 甲县 (930121) and 乙县 (930122) for 2025, a year wholly in the past, so that
every month can be reported and the figures do not depend on the day the suite runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from luoshi.accounts.models import Role, User
from luoshi.core.models import Unit
from luoshi.projects import services
from luoshi.projects.investment_rules import MonthFigures
from luoshi.projects.models import Project
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory

YEAR = 2025
TODAY = date(2026, 1, 15)


def make_project(actor, world, **overrides) -> Project:
    data = {
        "region": world.county,
        "year": YEAR,
        "name": "甲县年产10万吨饲料加工项目",
        "unit": world.bureau,
        "total_investment": Decimal("12000"),
        "annual_plan": Decimal("6000"),
        "started_planned": date(YEAR, 3, 1),
        "code": "JX-001",
    }
    data.update(overrides)
    return services.project_create(actor=actor, data=services.ProjectInput(**data))


def record(actor, project, month, completed, **figures) -> None:
    services.investment_record(
        actor=actor,
        project=project,
        figures=MonthFigures(month=month, completed=Decimal(str(completed)), **figures),
        today=TODAY,
    )


@pytest.fixture
def project(supervisor, world) -> Project:
    return make_project(supervisor, world)


@pytest.fixture
def other_project(supervisor, world) -> Project:
    """A project of 乙县 (another county, another unit)."""
    return make_project(
        None,
        world,
        region=world.other_county,
        unit=world.other_bureau,
        name="乙县城乡供水一体化项目",
        code="YX-001",
        category="infrastructure",
    )


@pytest.fixture
def statistics_bureau(world) -> Unit:
    return UnitFactory(region=world.county, name="甲县统计局")


@pytest.fixture
def statistician(statistics_bureau) -> User:
    return user_with_role("stat1", statistics_bureau, Role.LIAISON)


def xlsx(rows, title_rows=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [*title_rows, *rows]:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
