"""GET /api/v1/dashboard: the page's figures as JSON, in the same scope."""

from __future__ import annotations

import pytest

from luoshi.tasks.models import Task
from luoshi_tests.dashboard.conftest import PAST_DEADLINE, YEAR, bulk_tasks

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard"


@pytest.fixture
def tasks(world):
    own = bulk_tasks(world.county, world.bureau, 3, title="甲县任务")
    Task.objects.filter(pk=own[0].pk).update(colour="red", deadline=PAST_DEADLINE)
    bulk_tasks(world.other_county, world.other_bureau, 2, title="乙县任务")
    return own


def test_leader_gets_own_figures(client_for, leader, tasks):
    response = client_for(leader).get(URL, {"year": YEAR})
    assert response.status_code == 200
    body = response.json()
    assert body["region"] == {"code": "930121", "name": "甲县"}
    assert body["year"] == YEAR
    assert body["tasks"]["total"] == 3
    assert {b["key"]: b["count"] for b in body["tasks"]["by_colour"]}["red"] == 1
    assert body["tasks"]["overdue"] == 1
    assert [t["title"] for t in body["overdue_tasks"]] == ["甲县任务1"]
    assert body["tasks"]["by_unit"][0]["red"] == 1
    assert body["opinions"]["total"] == 0
    assert body["projects"] is None


def test_other_county_is_forbidden(client_for, other_leader, tasks):
    response = client_for(other_leader).get(URL, {"region": "930121", "year": YEAR})
    assert response.status_code == 403
    assert "甲县任务" not in response.content.decode()
    assert response.json()["detail"]
    own = client_for(other_leader).get(URL, {"year": YEAR}).json()
    assert own["tasks"]["total"] == 2


def test_unit_staff_and_anonymous_are_refused(client, client_for, liaison, tasks):
    assert client_for(liaison).get(URL).status_code == 403
    assert client.get(URL).status_code == 401


def test_bad_year_is_a_json_404(client_for, admin_user):
    response = client_for(admin_user).get(URL, {"year": "abc"})
    assert response.status_code == 404
    assert "年度" in response.json()["detail"]


def test_admin_whole_scope(client_for, admin_user, tasks):
    body = client_for(admin_user).get(URL, {"year": YEAR, "region": ""}).json()
    assert body["region"] is None
    assert body["tasks"]["total"] == 5
    assert body["targets"] is None
