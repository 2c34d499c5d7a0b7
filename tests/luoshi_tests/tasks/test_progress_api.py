"""The progress flow through the API: transitions, refusals that change nothing, lists."""

import json

import pytest
from freezegun import freeze_time

from luoshi.tasks.models import ProgressReport, ReportState
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db


def post(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


@freeze_time("2026-05-20")
def test_a_quarter_of_reporting_through_the_api(
    client_for,
    supervisor,
    world,
    liaison,
    unit_head,
    transport,
    transport_liaison,
    transport_head,
):
    task = make_task(supervisor, world)
    lead = post(
        client_for(liaison),
        f"/api/v1/tasks/{task.pk}/progress",
        {"progress": "完成路基50公里。", "percent": 40, "submit": True},
    )
    assert lead.status_code == 201, lead.content
    lead_id = lead.json()["id"]
    co = post(
        client_for(transport_liaison),
        f"/api/v1/tasks/{task.pk}/progress",
        {"progress": "配合完成征地。", "percent": 45, "submit": True},
    ).json()
    assert co["unit_id"] == transport.pk
    assert (
        post(client_for(unit_head), f"/api/v1/progress-reports/{lead_id}/sign").status_code == 200
    )
    post(client_for(transport_head), f"/api/v1/progress-reports/{co['id']}/sign")
    early = post(client_for(supervisor), f"/api/v1/progress-reports/{lead_id}/approve")
    assert early.status_code == 422 and "待牵头单位汇总" in early.json()["detail"]
    post(client_for(liaison), f"/api/v1/progress-reports/{lead_id}/consolidate")
    done = post(client_for(supervisor), f"/api/v1/progress-reports/{lead_id}/approve").json()
    assert done["state"] == "approved"
    task.refresh_from_db()
    assert task.percent == 40
    # A co-unit lists what it may open: its own part, not the lead unit's report.
    listed = client_for(transport_liaison).get("/api/v1/progress-reports", {"task": task.pk})
    assert [item["unit_id"] for item in listed.json()["items"]] == [transport.pk]
    lead_list = client_for(liaison).get("/api/v1/progress-reports", {"task": task.pk})
    assert lead_list.json()["count"] == 2


@freeze_time("2026-05-20")
def test_refusals_through_the_api_change_nothing(
    client_for, supervisor, world, liaison, other_liaison
):
    task = make_task(supervisor, world, co_units=[])
    stranger = client_for(other_liaison)
    assert post(stranger, f"/api/v1/tasks/{task.pk}/progress", {"progress": "x"}).status_code == 403
    bad = post(
        client_for(liaison), f"/api/v1/tasks/{task.pk}/progress", {"progress": "x", "percent": 150}
    )
    assert bad.status_code == 422
    report = post(
        client_for(liaison),
        f"/api/v1/tasks/{task.pk}/progress",
        {"progress": "推进", "percent": 10, "submit": True},
    ).json()
    assert post(stranger, f"/api/v1/progress-reports/{report['id']}/sign").status_code == 403
    assert (
        post(
            client_for(supervisor),
            f"/api/v1/progress-reports/{report['id']}/return",
            {"reason": ""},
        ).status_code
        == 422
    )
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED
    assert stranger.get(f"/api/v1/progress-reports/{report['id']}").status_code == 403
    assert stranger.get("/api/v1/progress-reports").json()["count"] == 0


def test_the_office_evaluates_a_region_through_the_api(client_for, supervisor, liaison, world):
    make_task(supervisor, world)
    assert (
        post(
            client_for(liaison), "/api/v1/tasks/evaluate", {"region": world.county.code}
        ).status_code
        == 403
    )
    result = post(
        client_for(supervisor),
        "/api/v1/tasks/evaluate",
        {"region": world.county.code, "as_of": "2026-07-01"},
    )
    assert result.json() == {"changed": 1, "recoloured": 1}
