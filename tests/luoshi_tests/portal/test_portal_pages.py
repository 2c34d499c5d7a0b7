"""The public portal: what it shows, what it never shows, its downloads and its speed."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from luoshi.tasks.models import Task
from luoshi_tests.portal.conftest import (
    CONTACT,
    NOTICE_REASON,
    RETURN_REASON,
    SECRET_PROJECT,
    SECRET_TASK,
    YEAR,
    add_task,
)
from luoshi_tests.tasks.conftest import make_report, transport_unit

pytestmark = pytest.mark.django_db

PAGE = f"/portal/930121/{YEAR}/"
NEVER_SHOWN = (SECRET_TASK, SECRET_PROJECT, RETURN_REASON, NOTICE_REASON, CONTACT, "秘密进展")
# The published layouts, written out: a column renamed, dropped or moved is a change to the
# public disclosure, not something the test follows along.
TASK_COLUMNS = ["序号", "工作任务", "牵头单位", "完成时限", "进展情况", "完成进度", "状态"]
TARGET_COLUMNS = ["指标", "年度目标", "完成值", "单位", "增速（%）", "完成进度", "状态"]


def assert_nothing_private(text: str) -> None:
    for private in NEVER_SHOWN:
        assert private not in text, private


def test_index_lists_regions_and_years_with_public_data(client, portal_data, world):
    add_task(world, "乙县未公开任务", is_public=False, region=world.other_county)
    response = client.get("/portal/")
    assert response.status_code == 200
    content = response.content.decode()
    assert PAGE in content
    assert "甲县" in content
    assert "乙县" not in content


def test_page_needs_no_sign_in_and_shows_public_data(client, portal_data):
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "甲县2026年重点工作进展和完成情况" in content
    assert "新建改造农村公路120公里" in content
    assert "已完成路基60公里" in content  # the approved report, not the returned later one
    assert "六月进展（未审核）" not in content
    assert "年底前" in content
    assert "甲县饲料加工项目" in content
    assert portal_data.indicator.name in content
    assert f"/engagement/consult/{portal_data.report.pk}/feedback/" in content
    [(state, _label, count)] = response.context["opinions"].by_state
    assert (state, count) == ("adopted", 1)
    assert_nothing_private(content)


def test_headers_follow_the_disclosure_layout(client, portal_data):
    content = client.get(PAGE).content.decode()
    content = content[content.index('id="task-table"') :]
    positions = [
        content.index(f"<th{attrs}>{h}</th>")
        for h, attrs in zip(TASK_COLUMNS, ["", "", "", "", "", ' class="num"', ""], strict=True)
    ]
    assert positions == sorted(positions)


def test_targets_of_a_report_not_adopted_stay_unpublished(client, portal_data):
    portal_data.report.status = "consulting"
    portal_data.report.save()
    response = client.get(PAGE)
    assert response.status_code == 200  # the public tasks remain
    assert response.context["target_lines"] == []


def test_unknown_region_or_year_is_a_chinese_404(client, portal_data):
    unknown = client.get(f"/portal/999999/{YEAR}/")
    assert unknown.status_code == 404
    assert "没有这个地区" in unknown.content.decode()
    empty_year = client.get("/portal/930121/2031/")
    assert empty_year.status_code == 404
    assert "没有2031年的公开数据" in empty_year.content.decode()
    assert client.get("/portal/930121/abc/").status_code == 404
    assert client.get("/portal/abc/2026/").status_code == 404
    other = client.get(f"/portal/930122/{YEAR}/")  # 乙县 published nothing
    assert other.status_code == 404


def test_a_region_with_only_private_data_is_not_listed(client, world):
    add_task(world, SECRET_TASK, is_public=False)
    assert client.get(PAGE).status_code == 404
    assert SECRET_TASK not in client.get("/portal/").content.decode()


def test_text_is_escaped(client, portal_data, world):
    add_task(world, "<script>alert('x')</script>", number="9", order=9)
    content = client.get(PAGE).content.decode()
    assert "<script>alert('x')" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content


def test_long_lists_are_paginated(client, world):
    for number in range(1, 36):
        add_task(world, f"公开任务第{number}项", number=str(number), order=number)
    first = client.get(PAGE)
    assert len(first.context["task_lines"]) == 30
    assert "公开任务第31项" not in first.content.decode()
    second = client.get(PAGE, {"page": 2})
    assert [line.number for line in second.context["task_lines"]] == [str(n) for n in range(31, 36)]


# --- downloads -----------------------------------------------------------------------------------


def test_tasks_csv_has_a_bom_and_only_public_rows(client, portal_data):
    response = client.get(f"{PAGE}tasks.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == TASK_COLUMNS
    assert rows[1] == [
        "1",
        "新建改造农村公路120公里",
        "甲县发展和改革局",
        "年底前",
        "已完成路基60公里",
        "60%",
        "序时推进",
    ]
    assert len(rows) == 2
    assert_nothing_private(text)


def test_tasks_excel_opens_with_openpyxl(client, portal_data, world, tmp_path):
    add_task(world, '=HYPERLINK("http://x")', number="3", order=3)
    response = client.get(f"{PAGE}tasks.xlsx")
    assert response.status_code == 200
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "甲县2026年重点工作进展和完成情况"
    assert [cell.value for cell in sheet[2]] == TASK_COLUMNS
    assert [cell.value for cell in sheet[3]][:5] == [
        "1",
        "新建改造农村公路120公里",
        "甲县发展和改革局",
        "年底前",
        "已完成路基60公里",
    ]
    formula_cell = sheet["B4"]
    assert formula_cell.value == '=HYPERLINK("http://x")'
    assert formula_cell.data_type == "s"  # stored as text, never run
    every_value = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert_nothing_private(every_value)
    assert sheet.max_row == 4


def test_targets_csv_and_excel(client, portal_data, tmp_path):
    text = client.get(f"{PAGE}targets.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == TARGET_COLUMNS
    assert rows[1][0] == portal_data.indicator.name
    assert rows[1][1] == "6%左右"
    assert rows[1][4] == "6.4"
    path = tmp_path / "targets.xlsx"
    path.write_bytes(client.get(f"{PAGE}targets.xlsx").content)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "甲县2026年主要预期目标完成情况"
    assert sheet["A3"].value == portal_data.indicator.name


def test_downloads_of_unknown_subjects_are_404(client, portal_data):
    assert client.get(f"/portal/999999/{YEAR}/tasks.csv").status_code == 404
    assert client.get("/portal/930121/2031/tasks.xlsx").status_code == 404


# --- speed ---------------------------------------------------------------------------------


def _public_rows(world, count: int) -> None:
    for number in range(1, count + 1):
        task = add_task(world, f"任务{number}", number=str(number), order=number)
        make_report(
            task, world.bureau, date(YEAR, 3, 25), state="approved", progress=f"进展{number}"
        )
        make_report(
            task, world.bureau, date(YEAR, 4, 25), state="approved", progress=f"新进展{number}"
        )


def test_page_query_count_does_not_grow(client, world, portal_data, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE).status_code == 200
    _public_rows(world, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PAGE)
    lines = response.context["task_lines"]
    assert len(lines) == 26
    assert lines[-1].progress == "新进展25"


def test_download_query_count_does_not_grow(
    client, world, portal_data, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"{PAGE}tasks.csv")
    _public_rows(world, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{PAGE}tasks.csv").content.count(b"\n") == 27


def test_public_flag_off_hides_the_task_everywhere(client, portal_data):
    Task.objects.filter(pk=portal_data.public_task.pk).update(is_public=False)
    content = client.get(PAGE).content.decode()
    assert "新建改造农村公路120公里" not in content


def test_the_progress_shown_is_the_lead_units_not_a_co_units(client, portal_data, world):
    """A co-unit's part is approved with the lead unit's report (and written later): the
    portal still shows the task's own progress, the lead unit's."""
    task = portal_data.public_task
    transport = transport_unit(world)
    task.co_units.add(transport)
    make_report(task, transport, date(YEAR, 5, 25), state="approved", progress="配合单位的部分")
    content = client.get(PAGE).content.decode()
    assert "已完成路基60公里" in content
    assert "配合单位的部分" not in content
