"""The progress-report list shows exactly what the detail lets each user open: a co-unit's
liaison never lists another co-unit's part (it once listed other units' reports with their
full text while the detail refused them)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.tasks.models import ProgressReport
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory
from luoshi_tests.tasks.conftest import make_report, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(supervisor, world, transport):
    """A task led by 县发改局 with two co-units, each with its own report; and a task of
    乙县 that nobody here may read."""
    water = UnitFactory(region=world.county, name="甲县水利局", short_name="县水利局")
    task = make_task(supervisor, world, co_units=[transport, water])
    due = date(2026, 5, 31)
    other_task = make_task(
        None, world, region=world.other_county, lead_unit=world.other_bureau, co_units=[]
    )
    return {
        "lead": make_report(task, world.bureau, due, progress="牵头单位的进展"),
        "transport": make_report(task, transport, due, progress="交通局的配合情况"),
        "water": make_report(task, water, due, progress="水利局的配合情况"),
        "other": make_report(other_task, world.other_bureau, due, progress="乙县的进展"),
        "water_unit": water,
    }


def _listed(user) -> set[int]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.get("/api/v1/progress-reports", {"page_size": 200})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def _openable(user) -> set[int]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return {
        report.pk
        for report in ProgressReport.objects.all()
        if client.get(f"/api/v1/progress-reports/{report.pk}").status_code == 200
    }


def test_each_role_lists_exactly_what_it_may_open(
    reports, world, transport, supervisor, leader, liaison, unit_head, other_supervisor
):
    transport_liaison = user_with_role("liaison_t", transport, Role.LIAISON)
    water_head = user_with_role("head_w", reports["water_unit"], Role.UNIT_HEAD)
    outsider = user_with_role("liaison_x", UnitFactory(region=world.county), Role.LIAISON)
    ids = {key: r.pk for key, r in reports.items() if isinstance(r, ProgressReport)}
    expected = {
        supervisor: {ids["lead"], ids["transport"], ids["water"]},
        leader: {ids["lead"], ids["transport"], ids["water"]},
        liaison: {ids["lead"], ids["transport"], ids["water"]},  # the lead unit consolidates
        unit_head: {ids["lead"], ids["transport"], ids["water"]},
        transport_liaison: {ids["transport"]},  # never the other co-unit's part
        water_head: {ids["water"]},
        outsider: set(),
        other_supervisor: {ids["other"]},
    }
    for user, wanted in expected.items():
        assert _openable(user) == wanted, user.username
        assert _listed(user) == wanted, user.username


def test_the_list_keeps_a_constant_number_of_queries(
    reports, transport, django_assert_max_num_queries
):
    transport_liaison = user_with_role("liaison_t", transport, Role.LIAISON)
    client = Client()
    client.force_login(transport_liaison)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/progress-reports").status_code == 200


def test_an_office_lists_its_region_and_everything_below_by_the_reports_region_code(reports, world):
    """The office's scope is read from the report's own region code (copied from its task):
    a city's office lists both its counties' reports, another province's office none, and the
    list still agrees with the detail."""
    city_office = user_with_role("city_office", UnitFactory(region=world.city), Role.SUPERVISOR)
    elsewhere = RegionFactory(code="940000", name="别省", level=RegionLevel.PROVINCE, kind="省")
    foreign_office = user_with_role(
        "foreign_office", UnitFactory(region=elsewhere), Role.SUPERVISOR
    )
    every = {r.pk for r in reports.values() if isinstance(r, ProgressReport)}
    assert _listed(city_office) == _openable(city_office) == every
    assert _listed(foreign_office) == _openable(foreign_office) == set()
    assert {r.region_code for r in ProgressReport.objects.all()} == {
        world.county.code,
        world.other_county.code,
    }


def test_a_returned_report_always_has_its_return_counted(reports):
    """The return figures read only reports with returned_count > 0: the table refuses a
    returned report whose return was not counted."""
    report = reports["lead"]
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(state="returned", returned_count=0)
    ProgressReport.objects.filter(pk=report.pk).update(state="returned", returned_count=1)
