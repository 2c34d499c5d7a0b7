"""GET /api/v1/open-data/{region}/{year}/tasks and /targets: public, only public data."""

from __future__ import annotations

import csv
import io

import pytest

from luoshi_tests.portal.conftest import (
    CONTACT,
    NOTICE_REASON,
    RETURN_REASON,
    SECRET_TASK,
    YEAR,
    add_task,
)

pytestmark = pytest.mark.django_db

BASE = f"/api/v1/open-data/930121/{YEAR}"


def test_tasks_json_without_sign_in(client, portal_data):
    response = client.get(f"{BASE}/tasks")
    assert response.status_code == 200
    body = response.json()
    assert (body["region_code"], body["year"], body["count"]) == ("930121", YEAR, 1)
    [item] = body["items"]
    assert item == {
        "number": "1",
        "title": "新建改造农村公路120公里",
        "lead_unit": "甲县发展和改革局",
        "deadline": "年底前",
        "progress": "已完成路基60公里",
        "progress_period": f"{YEAR}年5月",
        "percent": 60.0,
        "status": "序时推进",
    }
    text = response.content.decode()
    for private in (SECRET_TASK, RETURN_REASON, NOTICE_REASON, CONTACT):
        assert private not in text


def test_tasks_csv(client, portal_data):
    response = client.get(f"{BASE}/tasks", {"format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["新建改造农村公路120公里"]
    assert SECRET_TASK not in response.content.decode("utf-8-sig")


def test_tasks_are_paged(client, world):
    for number in range(1, 6):
        add_task(world, f"任务{number}", number="", order=number)
    body = client.get(f"{BASE}/tasks", {"page": 2, "page_size": 2}).json()
    assert (body["count"], body["pages"]) == (5, 3)
    # Without a number of its own a task is numbered by its place in the whole list.
    assert [item["number"] for item in body["items"]] == ["3", "4"]


def test_targets_json_and_csv(client, portal_data):
    body = client.get(f"{BASE}/targets").json()
    assert body["period"] == f"{YEAR}年1–6月"
    [item] = body["items"]
    assert item["indicator"] == portal_data.indicator.name
    assert item["target"] == "6%左右"
    # Figures are JSON numbers (growth 6.4 %), and null where there is none (no value yet).
    assert item["growth"] == 6.4 and item["value"] is None
    csv_response = client.get(f"{BASE}/targets", {"format": "csv"})
    assert portal_data.indicator.name in csv_response.content.decode("utf-8-sig")


def test_unknown_subjects_are_json_404(client, portal_data):
    response = client.get(f"/api/v1/open-data/999999/{YEAR}/tasks")
    assert response.status_code == 404
    assert "没有这个地区" in response.json()["detail"]
    assert client.get("/api/v1/open-data/930121/2031/targets").status_code == 404
    assert client.get(f"{BASE}/tasks", {"format": "pdf"}).status_code == 422


def test_private_only_region_is_404(client, world):
    add_task(world, SECRET_TASK, is_public=False)
    response = client.get(f"{BASE}/tasks")
    assert response.status_code == 404
    assert SECRET_TASK not in response.content.decode()
