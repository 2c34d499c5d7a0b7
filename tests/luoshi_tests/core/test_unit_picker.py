"""Unit pickers (a lead unit with a search box, co-units as checkboxes) and date and year inputs:
what the task form renders, and what it refuses and stores when posted with its CSRF token."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.core.widgets import ChineseDateInput, YearSelect, pinyin_initials
from luoshi.tasks.forms_tasks import AssignmentForm
from luoshi.tasks.models import Task
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_task, transport_unit

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post_with_token(client: Client, url: str, data: dict) -> tuple[int, str]:
    """Open the form, then send it with the page's CSRF token, as a browser does."""
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    response = client.post(url, {"csrfmiddlewaretoken": token.group(1), **data})
    return response.status_code, response.content.decode()


def new_task(world, **changes) -> dict:
    return {
        "region": world.county.pk,
        "year": 2026,
        "title": "建设县城污水处理厂二期",
        "lead_unit": world.bureau.pk,
        "deadline": "2026-10-31",
        "cadence": "monthly",
        **changes,
    }


def test_the_task_form_has_a_searchable_lead_and_co_unit_checkboxes(supervisor, world):
    transport = transport_unit(world)
    body = signed_in(supervisor).get("/tasks/new/").content.decode()
    assert "multiple" not in "".join(re.findall(r"<select[^>]*>", body))
    assert "按住" not in body and "Ctrl" not in body
    lead = re.search(r'<select name="lead_unit"[^>]*>', body)
    assert lead is not None and "data-unit-search" in lead.group(0)
    assert f'data-initials="{pinyin_initials(world.bureau.name)}"' in body
    # Co-units: one checkbox per unit the office may assign, a filter box, the chips' place.
    assert re.search(rf'type="checkbox" name="co_units" value="{transport.pk}"', body)
    assert re.search(r'<input type="search"[^>]*data-unit-filter', body)
    assert "data-unit-chips" in body and "<legend>配合单位</legend>" in body
    # Nothing from another county is offered.
    assert world.other_bureau.name not in body
    # Dates are date pickers with bounds; the year is a short list with this year chosen.
    assert re.search(r'<input type="date" name="deadline"[^>]*min="1978-01-01"', body)
    year = timezone.localdate().year
    assert f'<option value="{year}" selected>{year}</option>' in body


def test_the_lead_unit_ticked_as_a_co_unit_is_refused(supervisor, world):
    transport = transport_unit(world)
    data = new_task(world, co_units=[world.bureau.pk, transport.pk])
    status, body = post_with_token(signed_in(supervisor), "/tasks/new/", data)
    assert status < 500
    assert "“甲县发展和改革局”已是牵头单位，不能同时作为配合单位" in body
    assert not Task.objects.exists()


def test_editing_a_task_refuses_its_lead_as_a_co_unit_and_keeps_it(supervisor, world):
    task = make_task(supervisor, world)
    transport = transport_unit(world)
    data = {
        "title": task.title,
        "lead_unit": transport.pk,
        "co_units": [transport.pk],
        "deadline": "2026-12-31",
        "cadence": "monthly",
        "number": task.number,
    }
    _status, body = post_with_token(signed_in(supervisor), f"/tasks/{task.pk}/edit/", data)
    assert "已是牵头单位" in body
    task.refresh_from_db()
    assert task.lead_unit == world.bureau and list(task.co_units.all()) == [transport]


@pytest.mark.parametrize("field", ["lead_unit", "co_units"])
def test_a_unit_outside_the_users_reach_is_refused(supervisor, world, field):
    data = new_task(world, **{field: world.other_bureau.pk})
    if field == "co_units":
        data[field] = [world.other_bureau.pk]
    status, body = post_with_token(signed_in(supervisor), "/tasks/new/", data)
    assert status < 500 and "不在可选范围内" in body
    assert not Task.objects.exists()


def test_a_valid_post_stores_the_lead_and_the_co_units(supervisor, world):
    transport = transport_unit(world)
    water = UnitFactory(region=world.county, name="甲县水利局")
    data = new_task(world, co_units=[transport.pk, water.pk])
    status, _body = post_with_token(signed_in(supervisor), "/tasks/new/", data)
    task = Task.objects.get()
    assert status == 302
    assert task.lead_unit == world.bureau
    assert set(task.co_units.all()) == {transport, water}


def test_the_assignment_form_of_report_paragraphs_refuses_the_lead_as_co_unit(world):
    transport = transport_unit(world)
    units = world.county.units.all()
    form = AssignmentForm(
        {"lead_unit": transport.pk, "co_units": [transport.pk, world.bureau.pk]}, units=units
    )
    assert not form.is_valid() and "已是牵头单位" in form.errors["co_units"][0]
    form = AssignmentForm({"lead_unit": transport.pk, "co_units": [world.bureau.pk]}, units=units)
    assert form.is_valid() and list(form.cleaned_data["co_units"]) == [world.bureau]


def test_pinyin_initials_find_a_unit_by_its_letters():
    assert pinyin_initials("发展和改革局") == "fzhggj"
    assert pinyin_initials("县12345热线") == "x12345rx"


def test_a_year_list_keeps_an_old_year_and_a_date_input_its_bounds():
    years = YearSelect().render("year", 2019)
    assert '<option value="2019" selected>2019</option>' in years
    assert f'<option value="{timezone.localdate().year + 3}"' in years
    html = ChineseDateInput(min_date=lambda: date(2026, 3, 1)).render("due", date(2026, 3, 9))
    assert 'type="date"' in html and 'value="2026-03-09"' in html
    assert 'min="2026-03-01"' in html and 'max="2100-12-31"' in html
    assert "格式：2026-12-31" in html  # shown by the script only where there is no picker
