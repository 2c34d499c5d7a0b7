"""Input a client got wrong is a 4xx with one Chinese sentence, never a 500, and changes nothing.

Each case here was a 500 once (found by fuzzing the API and by hand): a multipart body without
a boundary, a NUL character (PostgreSQL refuses it), an explicit null for a required text, a
time of day with a time zone, an id beyond the column's range, control characters that broke
every Excel export containing them, and two saves of the same progress report at once.
"""

from __future__ import annotations

import json
import threading
from io import BytesIO

import pytest
from django.db import DataError, IntegrityError, connection, connections
from django.test import Client
from openpyxl import load_workbook

from luoshi.accounts.models import User
from luoshi.accounts.services import api_token_create
from luoshi.core.request_guards import database_refusal
from luoshi.core.spreadsheets.writing import csv_safe
from luoshi.core.text_input import strip_control
from luoshi.reports.models import WorkReport
from luoshi.reports.services import report_create
from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.services import progress_flow as flow
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db

JSON = "application/json"


def bearer_client(user: User) -> tuple[Client, dict[str, str]]:
    _token, key = api_token_create(actor=user, user=user, name="对接系统")
    return Client(enforce_csrf_checks=True), {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def report(world, supervisor) -> WorkReport:
    return report_create(
        actor=supervisor, region=world.county, year=2026, title="政府工作报告", speaker_title="县长"
    )


def test_a_multipart_body_without_a_boundary_is_a_400_on_the_api_and_on_pages(
    supervisor, client_for
):
    api, auth = bearer_client(supervisor)
    response = api.post(
        "/api/v1/tasks/import", b"--x--", content_type="multipart/form-data", **auth
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["detail"]

    page = client_for(supervisor).post(
        "/tasks/evaluate/", b"--x--", content_type="multipart/form-data"
    )
    assert page.status_code == 400
    assert "请求未被接受" in page.content.decode()


def test_a_nul_in_a_query_or_body_is_a_400_and_changes_nothing(supervisor, report, client_for):
    api, auth = bearer_client(supervisor)
    assert api.get("/api/v1/search", {"q": "报告\x00"}, **auth).status_code == 400
    assert api.get("/api/v1/tasks", {"q": "\x00"}, **auth).status_code == 400
    patch = api.patch(
        f"/api/v1/reports/{report.pk}", json.dumps({"title": "新\x00标题"}), JSON, **auth
    )
    assert patch.status_code == 400
    assert "空字符" in patch.json()["detail"]
    report.refresh_from_db()
    assert report.title == "政府工作报告"

    page = client_for(supervisor).get("/search/", {"q": "\x00"})
    assert page.status_code == 400


def test_null_for_a_text_field_clears_it_and_null_for_a_required_one_is_a_422(supervisor, report):
    api, auth = bearer_client(supervisor)
    url = f"/api/v1/reports/{report.pk}"
    cleared = api.patch(url, json.dumps({"speaker_title": None}), JSON, **auth)
    assert cleared.status_code == 200, cleared.content
    report.refresh_from_db()
    assert report.speaker_title == ""

    refused = api.patch(url, json.dumps({"title": None}), JSON, **auth)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "title"
    report.refresh_from_db()
    assert report.title == "政府工作报告"


def test_a_time_with_a_time_zone_is_a_422_with_a_sentence(supervisor, report):
    api, auth = bearer_client(supervisor)
    meeting = {
        "kind": "symposium",
        "title": "座谈会",
        "date": "2026-01-10",
        "time": "09:30:00Z",
        "report": report.pk,
    }
    response = api.post("/api/v1/meetings", json.dumps(meeting), JSON, **auth)
    assert response.status_code == 422, response.content
    assert "不带时区" in json.dumps(response.json(), ensure_ascii=False)
    meeting["time"] = "09:30:00"
    assert api.post("/api/v1/meetings", json.dumps(meeting), JSON, **auth).status_code == 201


def test_an_id_beyond_the_column_range_is_a_4xx(supervisor, world):
    api, auth = bearer_client(supervisor)
    huge = 10**30
    response = api.get(f"/api/v1/progress-reports/{huge}/attachments/{huge}/file", **auth)
    assert 400 <= response.status_code < 500
    task = {"region": world.county.code, "year": 2026, "title": "任务", "lead_unit": huge}
    created = api.post("/api/v1/tasks", json.dumps(task), JSON, **auth)
    assert 400 <= created.status_code < 500, created.content
    assert not Task.objects.exists()


def test_control_characters_are_removed_on_input_and_never_break_an_export(
    supervisor, world, client_for
):
    task = make_task(supervisor, world, title="新建\x0b农村公路\x07120公里")
    assert task.title == "新建农村公路120公里"

    # A row stored before input was cleaned still exports.
    Task.objects.filter(pk=task.pk).update(title="旧\x0c标题")
    response = client_for(supervisor).get("/tasks/export/", {"region": world.county.code})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "旧标题" in titles
    assert strip_control("a\x00b\tc\nd\x1fe") == "ab\tc\nde"
    assert csv_safe("=1\x0b+1") == "'=1+1"


def test_database_refusals_of_input_are_conflicts_or_bad_requests():
    assert database_refusal(IntegrityError("duplicate key"))[1] == 409
    assert database_refusal(DataError("integer out of range"))[1] == 400
    assert database_refusal(OverflowError("too large"))[1] == 400
    assert database_refusal(RuntimeError("bug")) is None


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_report_at_once_both_succeed_as_one_report(
    world, supervisor, liaison
):
    """On PostgreSQL two threads save at once (the task row lock makes the second wait, then
    update); SQLite serialises every writer itself (its in-memory test database cannot be
    shared by threads), so there the two saves come one after the other."""
    task = make_task(supervisor, world)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def save(text: str, concurrent: bool) -> None:
        try:
            if concurrent:
                start.wait()
            flow.progress_save(
                actor=liaison,
                task=task,
                unit=task.lead_unit,
                data=flow.ProgressInput(progress=text, percent="40"),
            )
            outcomes.append("saved")
        except Exception as error:
            outcomes.append(error)
        finally:
            if concurrent:
                connections.close_all()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=save, args=(f"进展{n}", True)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        save("进展0", False)
        save("进展1", False)
    assert outcomes == ["saved", "saved"]
    assert ProgressReport.objects.filter(task=task).count() == 1
