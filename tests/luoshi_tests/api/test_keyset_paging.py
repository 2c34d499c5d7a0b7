"""Cursor paging: `after` = the `next` of the page before, read through the list's own order.

Walking a list by cursor gives the same rows in the same order as walking it by page number,
for every viewer's own scope; NULLs and mixed directions keep their place; a cursor that was
altered or comes from another list is a 400 with one sentence.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from luoshi.accounts.models import Role
from luoshi.api import keyset
from luoshi.core.models import Region
from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.selectors import progress_queries
from luoshi_tests.conftest import user_with_role
from luoshi_tests.tasks.conftest import make_report, make_task, transport_unit

pytestmark = pytest.mark.django_db


def _walk_by_cursor(client: Client, url: str, size: int) -> list[int]:
    seen: list[int] = []
    body = client.get(url, {"page_size": size}).json()
    while True:
        assert len(body["items"]) <= size
        seen += [item["id"] for item in body["items"]]
        if body["next"] is None:
            return seen
        body = client.get(url, {"page_size": size, "after": body["next"]}).json()
        assert body["page"] is body["count"] is body["pages"] is None  # not counted again


def _walk_by_page(client: Client, url: str, size: int) -> list[int]:
    first = client.get(url, {"page_size": size}).json()
    seen = [item["id"] for item in first["items"]]
    for page in range(2, first["pages"] + 1):
        seen += [
            item["id"]
            for item in client.get(url, {"page_size": size, "page": page}).json()["items"]
        ]
    return seen


@pytest.fixture
def reports(supervisor, world) -> list[ProgressReport]:
    made = []
    for number in range(3):
        task = make_task(supervisor, world, number=str(number + 1), title=f"任务{number}")
        for month in range(1, 9):
            due = dt.date(2026, month, 28)
            made.append(make_report(task, world.bureau, due))
            if number:  # the co-unit reports on two of the three
                made.append(make_report(task, transport_unit(world), due))
    return made


def test_walking_by_cursor_gives_the_rows_of_walking_by_page(
    reports, supervisor, world, client_for
):
    transport = user_with_role("liaison_transport", transport_unit(world), Role.LIAISON)
    for user in (supervisor, transport):
        client = client_for(user)
        by_cursor = _walk_by_cursor(client, "/api/v1/progress-reports", 5)
        assert by_cursor == _walk_by_page(client, "/api/v1/progress-reports", 5)
        visible = progress_queries.progress_reports_visible(user)
        assert len(by_cursor) == len(set(by_cursor)) == visible.count()
    # The co-unit's cursor pages hold fewer than the office's: its own scope, not everything.
    assert 0 < len(by_cursor) < len(reports)


def test_the_last_page_has_no_next_and_a_full_list_fits_one_page(reports, client_for, supervisor):
    client = client_for(supervisor)
    body = client.get("/api/v1/progress-reports", {"page_size": 200}).json()
    assert body["next"] is None and body["page"] == 1 and len(body["items"]) == len(reports)
    last = client.get("/api/v1/progress-reports", {"page_size": 10, "page": 4}).json()
    assert last["next"] is None and len(last["items"]) == len(reports) - 30


def test_nulls_and_mixed_directions_keep_their_place(supervisor, world):
    starts = [None, dt.date(2026, 3, 1), None, dt.date(2026, 1, 1), dt.date(2026, 3, 1)] * 3
    for number, start in enumerate(starts):
        make_task(
            supervisor, world, number=str(number + 1), title=f"事项{number}", start_date=start
        )
    for ordering in (("start_date", "-order"), ("-start_date", "order"), ("-start_date", "-pk")):
        rows, keys = keyset.ordered(Task.objects.order_by(*ordering))
        everything = list(rows.values_list("pk", flat=True))
        walked: list[int] = []
        page = list(rows[:4])
        while page:
            walked += [task.pk for task in page]
            page = list(keyset.after(rows, keyset.cursor_after(page[-1], keys))[:4])
        assert walked == everything, ordering


@pytest.mark.parametrize("kind", ["altered", "other list", "garbage"])
def test_a_cursor_not_made_by_this_list_is_a_400_sentence(reports, supervisor, world, kind):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    own = client.get("/api/v1/progress-reports", {"page_size": 5}).json()["next"]
    regions = keyset.ordering_keys(Region.objects.all())  # another list's order
    cursor = {
        "altered": own[:-3] + ("abc" if not own.endswith("abc") else "xyz"),
        "other list": keyset.cursor_after(world.county, regions),
        "garbage": "后一页",
    }[kind]
    response = client.get("/api/v1/progress-reports", {"after": cursor})
    assert response.status_code == 400
    assert response.json()["detail"] == "翻页游标无效：请传回上一页返回的 next。"
