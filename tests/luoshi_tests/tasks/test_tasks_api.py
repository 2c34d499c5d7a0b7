"""Tasks through the API: list (scoped, paged), detail, create, change, import, export."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from luoshi.tasks.models import Task
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_task
from luoshi_tests.tasks.test_task_excel import GOOD_ROWS, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(world):
    return UnitFactory(region=world.county, name="甲县水利局", short_name="县水利局")


def test_list_is_scoped_filtered_and_paged(
    client_for, supervisor, liaison, other_liaison, task, world, water
):
    make_task(supervisor, world, title="实施水库除险加固", lead_unit=water, co_units=[], number="2")
    body = client_for(supervisor).get("/api/v1/tasks", {"year": 2026, "page_size": 1}).json()
    assert body["count"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    item = body["items"][0]
    assert item["number"] == "1" and item["lead_unit"]["name"] == "甲县发展和改革局"
    assert item["co_units"][0]["name"] == "甲县交通运输局" and item["colour_label"] == "绿"
    assert item["milestones"][0]["text"] == "完成60公里"
    own = client_for(liaison).get("/api/v1/tasks").json()
    assert [t["title"] for t in own["items"]] == ["新建改造农村公路120公里"]
    assert client_for(other_liaison).get("/api/v1/tasks").json()["count"] == 0
    filtered = client_for(supervisor).get("/api/v1/tasks", {"unit": water.pk}).json()
    assert [t["number"] for t in filtered["items"]] == ["2"]
    assert client_for(supervisor).get("/api/v1/tasks", {"colour": "purple"}).status_code == 422


def test_list_queries_do_not_grow_with_rows(
    client_for, supervisor, world, django_assert_max_num_queries
):
    client = client_for(supervisor)
    make_task(supervisor, world)
    client.get("/api/v1/tasks")
    with django_assert_max_num_queries(12) as one:
        client.get("/api/v1/tasks")
    for n in range(15):
        make_task(supervisor, world, number=str(n + 2))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/api/v1/tasks").json()["count"] == 16


def test_detail_with_children_and_denial(client_for, supervisor, other_liaison, task, world):
    make_task(supervisor, world, title="完成路基", parent=task, number="1.1", milestones=[])
    body = client_for(supervisor).get(f"/api/v1/tasks/{task.pk}").json()
    assert [c["title"] for c in body["children"]] == ["完成路基"]
    assert client_for(other_liaison).get(f"/api/v1/tasks/{task.pk}").status_code == 403
    assert client_for(supervisor).get("/api/v1/tasks/999999").status_code == 404


def test_create_a_task_and_a_sub_item(client_for, supervisor, world, transport):
    client = client_for(supervisor)
    payload = {
        "region": "930121",
        "year": 2026,
        "title": "建设县城污水处理厂二期",
        "lead_unit": world.bureau.pk,
        "co_units": [transport.pk],
        "deadline": "2026-09-30",
        "deadline_text": "三季度末",
        "milestones": [{"quarter": 2, "text": "完成主体工程"}],
    }
    response = client.post("/api/v1/tasks", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "1" and body["milestones"][0]["due_date"] == "2026-06-30"
    child = client.post(
        "/api/v1/tasks",
        {**payload, "title": "铺设管网", "parent": body["id"], "milestones": []},
        content_type="application/json",
    ).json()
    assert child["number"] == "1.1" and child["parent_id"] == body["id"]


def test_bad_input_is_refused_and_nothing_changes(client_for, supervisor, world):
    client = client_for(supervisor)
    payload = {
        "region": "930121",
        "year": 2026,
        "title": "建设口袋公园",
        "lead_unit": world.bureau.pk,
        "deadline": "2026-02-30",
    }
    assert client.post("/api/v1/tasks", payload, content_type="application/json").status_code == 422
    other = {**payload, "deadline": "2026-06-30", "lead_unit": world.other_bureau.pk}
    response = client.post("/api/v1/tasks", other, content_type="application/json")
    assert response.status_code == 422 and "不属于甲县" in response.content.decode()
    assert not Task.objects.exists()


def test_patch_by_the_office_and_denial_for_a_liaison(client_for, supervisor, liaison, task, world):
    response = client_for(liaison).patch(
        f"/api/v1/tasks/{task.pk}", {"title": "改掉"}, content_type="application/json"
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title == "新建改造农村公路120公里"
    response = client_for(supervisor).patch(
        f"/api/v1/tasks/{task.pk}",
        {"leader": "孙某", "co_units": []},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["co_units"] == []
    task.refresh_from_db()
    assert task.leader == "孙某" and task.title == "新建改造农村公路120公里"
    assert (
        client_for(supervisor)
        .patch(f"/api/v1/tasks/{task.pk}", {"title": None}, content_type="application/json")
        .status_code
        == 422
    )


def test_a_liaison_cannot_create(client_for, liaison, world):
    payload = {
        "region": "930121",
        "year": 2026,
        "title": "偷偷加",
        "lead_unit": world.bureau.pk,
        "deadline": "2026-06-30",
    }
    assert (
        client_for(liaison)
        .post("/api/v1/tasks", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert not Task.objects.exists()


def test_import_lists_row_errors_or_creates_all(
    tmp_path, client_for, supervisor, liaison, world, water, transport
):
    client = client_for(supervisor)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_bytes([["1", "", "修路", "", "县城管局", "", "2026年2月30日", ""]]))
    with bad.open("rb") as handle:
        response = client.post(
            "/api/v1/tasks/import", {"file": handle, "region": "930121", "year": 2026}
        )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(3, "牵头单位"), (3, "完成时限")}
    text = tmp_path / "a.txt"
    text.write_text("hello")
    with text.open("rb") as handle:
        response = client.post(
            "/api/v1/tasks/import", {"file": handle, "region": "930121", "year": 2026}
        )
    assert response.status_code == 422 and "不是 Excel" in response.json()["detail"]
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_bytes(GOOD_ROWS, merges=["B3:B5"]))
    with good.open("rb") as handle:
        assert (
            client_for(liaison)
            .post("/api/v1/tasks/import", {"file": handle, "region": "930121", "year": 2026})
            .status_code
            == 403
        )
    assert not Task.objects.exists()
    with good.open("rb") as handle:
        response = client.post(
            "/api/v1/tasks/import", {"file": handle, "region": "930121", "year": 2026}
        )
    assert response.status_code == 201 and response.json() == {"created": 4, "updated": 0}


def test_export(client_for, supervisor, task):
    response = client_for(supervisor).get("/api/v1/tasks/export", {"year": 2026})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["C3"].value == "新建改造农村公路120公里" and sheet["F3"].value == "甲县交通运输局"
