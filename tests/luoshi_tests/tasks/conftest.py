from __future__ import annotations

from datetime import date

import pytest
from django.urls import get_resolver

from luoshi.accounts.models import Role, User
from luoshi.core.models import Unit
from luoshi.tasks.models import Task
from luoshi.tasks.services.decomposition import MilestoneInput, TaskInput, task_create
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory


def transport_unit(world) -> Unit:
    """A second unit of 甲县 (a co-unit of the default task)."""
    unit = Unit.objects.filter(region=world.county, name="甲县交通运输局").first()
    return unit or UnitFactory(region=world.county, name="甲县交通运输局", short_name="县交通局")


def make_task(actor, world, **overrides) -> Task:
    """A task of 甲县 for 2026, led by world.bureau (县发改局), co-unit world.transport."""
    data = {
        "region": world.county,
        "year": 2026,
        "title": "新建改造农村公路120公里",
        "lead_unit": world.bureau,
        "co_units": [transport_unit(world)],
        "deadline": date(2026, 12, 31),
        "leader": "王某",
        "number": "1",
        "milestones": [MilestoneInput(2, "完成60公里", date(2026, 6, 30))],
    }
    data.update(overrides)
    return task_create(actor=actor, data=TaskInput(**data))


@pytest.fixture
def transport(world) -> Unit:
    return transport_unit(world)


@pytest.fixture
def transport_liaison(transport) -> User:
    return user_with_role("liaison_transport", transport, Role.LIAISON)


@pytest.fixture
def transport_head(transport) -> User:
    return user_with_role("head_transport", transport, Role.UNIT_HEAD)


@pytest.fixture
def task(supervisor, world) -> Task:
    return make_task(supervisor, world)


# --- supervision (督查督办) helpers -----------------------------------------------------------


def make_report(task, unit, due, *, state="draft", submitted_on=None, returned_count=None, **extra):
    """A progress report written straight to the table (the flow's services are tested
    elsewhere); `submitted_on` is the day it was submitted. A returned one has been returned
    once unless told otherwise (the table requires a returned report's return counted)."""
    if returned_count is None:
        returned_count = int(state == "returned")
    from datetime import datetime, time

    from django.utils import timezone

    from luoshi.tasks.models import ProgressReport

    submitted_at = (
        timezone.make_aware(datetime.combine(submitted_on, time(10, 0))) if submitted_on else None
    )
    return ProgressReport.objects.create(
        task=task,
        unit=unit,
        period_start=due.replace(day=1),
        period_end=due,
        period_label=f"{due.year}年{due.month}月",
        due_date=due,
        state=state,
        submitted_at=submitted_at,
        returned_count=returned_count,
        **extra,
    )


def issue_notice(actor, task, **overrides):
    from datetime import timedelta

    from django.utils import timezone

    from luoshi.tasks.services.supervision import notice_issue

    data = {
        "colour": "yellow",
        "reason": "进度滞后于序时进度",
        "requirement": "三日内反馈整改措施",
        "due_date": timezone.localdate() + timedelta(days=5),
    }
    data.update(overrides)
    return notice_issue(actor=actor, task=task, **data)


@pytest.fixture
def notice(supervisor, task, liaison, unit_head):
    """A yellow notice to the task's lead unit (县发改局), whose liaison and head exist."""
    return issue_notice(supervisor, task)


@pytest.fixture
def other_supervisor(world) -> User:
    """The supervision office of 乙县: no rights in 甲县."""
    other_office = UnitFactory(region=world.other_county, name="乙县人民政府办公室")
    return user_with_role("supervisor_other", other_office, Role.SUPERVISOR)


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen() -> None:
    """Tests of this app freeze the clock with freezegun; the API's pydantic schemas must not
    first be built under a fake date class (the URLconf imports them), so load it first."""
    get_resolver().url_patterns  # noqa: B018
