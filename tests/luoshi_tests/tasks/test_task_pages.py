"""Decomposition pages: list (scoped, filtered, paged), detail, forms, sources, Excel."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.engagement.models import Meeting, MeetingKind
from luoshi.engagement.services import referral_create
from luoshi.indicators.models import Indicator
from luoshi.indicators.services import target_set
from luoshi.tasks.models import Colour, Task
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_task
from luoshi_tests.tasks.test_decomposition_sources import PARAGRAPHS, adopted  # noqa: F401
from luoshi_tests.tasks.test_task_excel import GOOD_ROWS, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(world):
    return UnitFactory(region=world.county, name="甲县水利局", short_name="县水利局")


@pytest.fixture
def water_task(supervisor, world, water):
    return make_task(
        supervisor, world, title="实施水库除险加固", lead_unit=water, co_units=[], number="2"
    )


def test_the_office_sees_every_task_of_its_county(client_for, supervisor, task, water_task):
    response = client_for(supervisor).get("/tasks/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "新建改造农村公路120公里" in body and "实施水库除险加固" in body
    assert 'class="light light-green"' in body and "绿" in body  # the word beside the dot


def test_a_liaison_sees_only_tasks_of_their_unit(
    client_for, liaison, transport_liaison, other_liaison, task, water_task
):
    for user in (liaison, transport_liaison):  # lead unit, co-unit
        body = client_for(user).get("/tasks/").content.decode()
        assert "新建改造农村公路120公里" in body and "实施水库除险加固" not in body
    assert (
        "新建改造农村公路120公里" not in client_for(other_liaison).get("/tasks/").content.decode()
    )
    assert client_for(liaison).get(f"/tasks/{water_task.pk}/").status_code == 403
    assert client_for(liaison).get(f"/tasks/{task.pk}/").status_code == 200


def test_a_liaison_cannot_create_or_change_tasks(client_for, liaison, task, world):
    client = client_for(liaison)
    form = {
        "region": world.county.pk,
        "year": 2026,
        "title": "偷偷加的任务",
        "lead_unit": world.bureau.pk,
        "deadline": "2026-12-31",
        "cadence": "monthly",
    }
    assert client.get("/tasks/new/").status_code == 403
    assert client.post("/tasks/new/", form).status_code == 403
    assert client.post(f"/tasks/{task.pk}/edit/", {**form, "title": "改掉"}).status_code == 403
    assert client.post(f"/tasks/{task.pk}/delete/").status_code == 403
    assert client.post(f"/tasks/{task.pk}/children/new/", form).status_code == 403
    assert list(Task.objects.values_list("title", flat=True)) == ["新建改造农村公路120公里"]


def test_filters(client_for, supervisor, task, water_task):
    Task.objects.filter(pk=water_task.pk).update(colour=Colour.RED, deadline=date(2020, 1, 1))
    client = client_for(supervisor)
    red = client.get("/tasks/", {"colour": "red"}).content.decode()
    assert "实施水库除险加固" in red and "新建改造农村公路120公里" not in red
    overdue = client.get("/tasks/", {"overdue": "on"}).content.decode()
    assert "实施水库除险加固" in overdue and "新建改造农村公路120公里" not in overdue
    text = client.get("/tasks/", {"q": "公路"}).content.decode()
    assert "新建改造农村公路120公里" in text and "实施水库除险加固" not in text
    unit = client.get("/tasks/", {"unit": task.lead_unit_id, "year": 2026}).content.decode()
    assert "新建改造农村公路120公里" in unit and "实施水库除险加固" not in unit


def test_the_list_costs_the_same_queries_for_one_task_or_many(
    client_for, supervisor, world, django_assert_max_num_queries
):
    client = client_for(supervisor)
    make_task(supervisor, world)
    client.get("/tasks/")
    with django_assert_max_num_queries(12) as one:
        client.get("/tasks/")
    for n in range(15):
        make_task(supervisor, world, number=str(n + 2))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/tasks/")
    assert response.content.decode().count('class="light light-') == 16


def test_detail_shows_source_tree_milestones_and_progress_block(
    client_for, supervisor, task, world
):
    child = make_task(
        supervisor, world, title="完成路基工程", parent=task, number="1.1", milestones=[]
    )
    body = client_for(supervisor).get(f"/tasks/{task.pk}/").content.decode()
    assert "完成路基工程" in body and f"/tasks/{child.pk}/" in body
    assert "完成60公里" in body and "task-milestones" in body


def test_the_office_creates_edits_and_adds_a_sub_item(client_for, supervisor, world, transport):
    client = client_for(supervisor)
    form = {
        "region": world.county.pk,
        "year": 2026,
        "number": "",
        "title": "建设县城污水处理厂二期",
        "lead_unit": world.bureau.pk,
        "co_units": [transport.pk],
        "deadline": "",
        "deadline_text": "三季度末",
        "cadence": "monthly",
        "q2": "完成主体工程",
    }
    response = client.post("/tasks/new/", form)
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    assert task.deadline == date(2026, 9, 30) and task.deadline_text == "三季度末"
    assert task.milestones.get().quarter == 2
    edit = {
        **form,
        "number": task.number,
        "title": "建设县城污水处理厂二期工程",
        "deadline": "2026-10-31",
        "q2": "",
        "q3": "通水试运行",
    }
    assert client.post(f"/tasks/{task.pk}/edit/", edit).status_code == 302
    task.refresh_from_db()
    assert task.title == "建设县城污水处理厂二期工程" and task.deadline == date(2026, 10, 31)
    assert [m.quarter for m in task.milestones.all()] == [3]
    sub = {
        "number": "",
        "title": "铺设配套管网",
        "lead_unit": transport.pk,
        "deadline": "2026-08-31",
        "cadence": "monthly",
    }
    assert client.post(f"/tasks/{task.pk}/children/new/", sub).status_code == 302
    assert task.number == "1" and task.children.get().number == "1.1"


def test_a_bad_form_says_why_and_stores_nothing(client_for, supervisor, world):
    form = {
        "region": world.county.pk,
        "year": 2026,
        "title": "建设口袋公园",
        "lead_unit": world.bureau.pk,
        "deadline_text": "尽快",
        "cadence": "monthly",
    }
    response = client_for(supervisor).post("/tasks/new/", form)
    assert response.status_code == 400 and "无法识别“尽快”" in response.content.decode()
    assert not Task.objects.exists()


def test_delete_from_the_detail_page(client_for, supervisor, task):
    assert client_for(supervisor).post(f"/tasks/{task.pk}/delete/").status_code == 302
    assert not Task.objects.exists()


def test_import_page_lists_errors_or_reports_success(
    tmp_path, client_for, supervisor, world, water, transport
):
    client = client_for(supervisor)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_bytes([["1", "", "修路", "", "县城管局", "", "2026年2月30日", ""]]))
    with bad.open("rb") as handle:
        response = client.post(
            "/tasks/import/", {"region": world.county.pk, "year": 2026, "file": handle}
        )
    body = response.content.decode()
    assert response.status_code == 400 and "整个文件未保存" in body
    assert "县城管局" in body and "2026年2月30日" in body and not Task.objects.exists()
    text = tmp_path / "notes.txt"
    text.write_text("不是表格")
    with text.open("rb") as handle:
        response = client.post(
            "/tasks/import/", {"region": world.county.pk, "year": 2026, "file": handle}
        )
    assert "文件不是 Excel 工作簿" in response.content.decode()
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_bytes(GOOD_ROWS, merges=["B3:B5"]))
    with good.open("rb") as handle:
        preview = client.post(
            "/tasks/import/", {"region": world.county.pk, "year": 2026, "file": handle}
        )
    assert "新增 4 项" in preview.content.decode() and not Task.objects.exists()
    response = client.post(
        "/tasks/import/apply/",
        {
            "token": preview.context["token"],
            "digest": preview.context["digest"],
            "region": world.county.pk,
            "year": 2026,
        },
        follow=True,
    )
    assert "分解表已导入：新增 4 项，修改 0 项。" in response.content.decode()
    assert Task.objects.count() == 4


def test_a_liaison_cannot_import(tmp_path, client_for, liaison, world):
    path = tmp_path / "good.xlsx"
    path.write_bytes(workbook_bytes(GOOD_ROWS))
    with path.open("rb") as handle:
        response = client_for(liaison).post(
            "/tasks/import/", {"region": world.county.pk, "year": 2026, "file": handle}
        )
    assert response.status_code == 403 and not Task.objects.exists()


def test_export_downloads_the_filtered_list(client_for, supervisor, liaison, task, water_task):
    response = client_for(supervisor).get("/tasks/export/", {"year": 2026})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:3] == ["序号", "报告任务原文", "具体工作"]
    assert {sheet["C3"].value, sheet["C4"].value} == {"新建改造农村公路120公里", "实施水库除险加固"}
    own = load_workbook(BytesIO(client_for(liaison).get("/tasks/export/").content)).active
    assert own["C3"].value == "新建改造农村公路120公里" and own["C4"].value is None


def test_tasks_from_the_report_page(client_for, supervisor, world, adopted):  # noqa: F811
    client = client_for(supervisor)
    page = client.get("/tasks/from-report/")
    assert PARAGRAPHS[1] in page.content.decode()
    anchor = adopted.paragraphs.order_by("order").first().anchor
    response = client.post(
        "/tasks/from-report/",
        {"report": adopted.report_id, "anchor": [anchor], "lead_unit": world.bureau.pk},
    )
    assert response.status_code == 302
    assert Task.objects.get().source_text == PARAGRAPHS[0]
    again = client.post(
        "/tasks/from-report/",
        {"report": adopted.report_id, "anchor": [anchor], "lead_unit": world.bureau.pk},
    )
    assert "不能重复分解" in again.content.decode() and Task.objects.count() == 1


def test_tasks_from_targets_page(client_for, supervisor, world):
    gdp = Indicator.objects.get(name="地区生产总值")
    target = target_set(
        actor=None,
        region=world.county,
        year=2026,
        indicator=gdp,
        measure="growth",
        low=Decimal("6"),
        high=None,
        qualifier="about",
    )
    client = client_for(supervisor)
    assert (
        "地区生产总值增长6%左右"
        in client.get("/tasks/from-targets/", {"region": "930121", "year": 2026}).content.decode()
    )
    response = client.post(
        "/tasks/from-targets/",
        {"region": "930121", "year": 2026, f"lead_{target.pk}": world.bureau.pk},
    )
    assert response.status_code == 302 and Task.objects.get().target == target


def test_task_from_referral_page(client_for, supervisor, world, transport):
    meeting = Meeting.objects.create(
        kind=MeetingKind.SYMPOSIUM, title="企业家座谈会", region=world.county
    )
    deadline = timezone.localdate().replace(month=12, day=31)
    referral = referral_create(
        actor=supervisor,
        summary="优化工程建设项目审批流程",
        units=[world.bureau, transport],
        deadline=deadline,
        meeting=meeting,
    )
    client = client_for(supervisor)
    assert "优化工程建设项目审批流程" in client.get("/tasks/from-referral/").content.decode()
    response = client.post("/tasks/from-referral/", {"referral": referral.pk})
    task = Task.objects.get()
    assert response["Location"] == f"/tasks/{task.pk}/" and task.referral == referral
    assert "优化工程建设项目审批流程" not in client.get("/tasks/from-referral/").content.decode()
