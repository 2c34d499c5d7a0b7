"""Supervision through the API: notices and their flow, generation, ranking, messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from luoshi.tasks.models import Notice, NoticeState, Notification, Task
from luoshi.tasks.services.notifications import notify
from luoshi_tests.tasks.conftest import issue_notice, make_report, make_task

pytestmark = pytest.mark.django_db

JSON = "application/json"
API = "/api/v1"


def post(client, path, data=None):
    return client.post(f"{API}{path}", data or {}, content_type=JSON)


def test_issue_and_run_the_flow(client_for, supervisor, liaison, task):
    office, unit = client_for(supervisor), client_for(liaison)
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    response = post(
        office,
        "/notices",
        {"task": task.pk, "colour": "red", "reason": "逾期未完成", "due_date": due},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["colour_label"] == "红色督办（逾期）"
    assert body["unit_name"] == "甲县发展和改革局" and body["number"].startswith("督办〔")
    notice_id = body["id"]

    assert post(unit, f"/notices/{notice_id}/receive").json()["state"] == "received"
    response = post(unit, f"/notices/{notice_id}/answer", {"answer": "已整改"})
    assert response.json()["state_label"] == "已反馈"
    response = post(office, f"/notices/{notice_id}/review", {"close": True, "note": "同意办结"})
    assert response.json()["state"] == "closed" and response.json()["closed_at"]


def test_out_of_order_and_bad_input_answer_422_and_change_nothing(
    client_for, supervisor, liaison, notice, task
):
    unit, office = client_for(liaison), client_for(supervisor)
    response = post(unit, f"/notices/{notice.pk}/answer", {"answer": "已整改"})
    assert response.status_code == 422
    assert "请先签收" in response.json()["errors"][0]["message"]
    response = post(office, f"/notices/{notice.pk}/review", {"close": True})
    assert response.status_code == 422
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = post(
        office, "/notices", {"task": task.pk, "colour": "red", "reason": "x", "due_date": past}
    )
    assert response.status_code == 422
    response = post(
        office, "/notices", {"task": task.pk, "colour": "green", "reason": "x", "due_date": past}
    )
    assert response.status_code == 422
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED and Notice.objects.count() == 1


def test_denied_users_get_403_and_change_nothing(
    client_for, notice, task, other_liaison, liaison, transport_liaison
):
    assert client_for(other_liaison).get(f"{API}/notices/{notice.pk}").status_code == 403
    assert post(client_for(transport_liaison), f"/notices/{notice.pk}/receive").status_code == 403
    assert (
        post(client_for(liaison), f"/notices/{notice.pk}/review", {"close": True}).status_code
        == 403
    )
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    response = post(
        client_for(liaison),
        "/notices",
        {"task": task.pk, "colour": "red", "reason": "x", "due_date": due},
    )
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED and Notice.objects.count() == 1
    assert client_for(other_liaison).get(f"{API}/notices").json()["count"] == 0


def test_the_list_filters_and_queries_do_not_grow(
    client_for, supervisor, world, task, django_assert_max_num_queries
):
    issue_notice(supervisor, task)
    client = client_for(supervisor)
    with django_assert_max_num_queries(12) as one:
        assert client.get(f"{API}/notices").json()["count"] == 1
    for i in range(10):
        issue_notice(supervisor, make_task(supervisor, world, title=f"任务{i}"), colour="red")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(f"{API}/notices?page_size=50").json()["count"] == 11
    assert client.get(f"{API}/notices?colour=red").json()["count"] == 10
    assert client.get(f"{API}/notices?colour=purple").status_code == 422


def test_generate_is_idempotent(client_for, supervisor, world, liaison):
    task = make_task(supervisor, world, milestones=[])
    Task.objects.filter(pk=task.pk).update(percent=40)  # 序时 78.9% on 15 October
    client = client_for(supervisor)
    scope = {"region": world.county.code, "as_of": "2026-10-15"}
    body = post(client, "/notices/generate", scope).json()
    assert body["issued"] == 1 and body["by_colour"]["yellow"] == 1 and not body["preview"]
    assert body["planned"][0]["number"].startswith("督办〔2026〕")
    body = post(client, "/notices/generate", scope).json()
    assert (body["issued"], body["skipped_open"]) == (0, 1)
    assert body["skipped"][0]["cause"] == "open_notice"
    assert post(client_for(liaison), "/notices/generate", scope).status_code == 403
    assert post(client, "/notices/generate", {"region": "999999"}).status_code == 404
    assert Notice.objects.count() == 1


def test_ranking(client_for, supervisor, world, liaison):
    # Reports are expected from the start date: May's is the one due by 1 June.
    task = make_task(supervisor, world, start_date=date(2026, 5, 1))
    make_report(
        task, world.bureau, date(2026, 5, 25), state="approved", submitted_on=date(2026, 5, 1)
    )
    url = f"{API}/ranking?region={world.county.code}&year=2026&as_of=2026-06-01"
    body = client_for(supervisor).get(url).json()
    assert body["results"][0]["unit_name"] == "甲县发展和改革局"
    assert float(body["results"][0]["on_time_rate"]) == 100.0
    assert "按时报送率" in body["formula"] and body["honour"][0]["rank"] == 1
    assert client_for(liaison).get(url).status_code == 403
    assert (
        client_for(supervisor).get(f"{API}/ranking?region={world.county.code}&year=1").status_code
        == 422
    )


def test_notifications(client_for, liaison, unit_head):
    notify([liaison], "一")
    notify([liaison], "二")
    notify([unit_head], "三")
    client = client_for(liaison)
    body = client.get(f"{API}/notifications").json()
    assert [n["text"] for n in body["items"]] == ["二", "一"]
    theirs = Notification.objects.get(user=unit_head)
    assert post(client, f"/notifications/{theirs.pk}/read").status_code == 404
    first = body["items"][0]["id"]
    assert post(client, f"/notifications/{first}/read").json()["read_at"]
    assert client.get(f"{API}/notifications?unread=true").json()["count"] == 1
    assert post(client, "/notifications/read-all").json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
