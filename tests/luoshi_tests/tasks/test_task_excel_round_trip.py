"""The 分解表 both ways: export, edit in Excel (openpyxl), import as an update with a preview of
what changes, then one all-or-nothing apply — by page and by API token."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from luoshi.accounts.services import api_token_create
from luoshi.core.models import ActionLog
from luoshi.core.spreadsheets.outcome import PlanChanged
from luoshi.tasks.excel.applying import tasks_apply, tasks_plan
from luoshi.tasks.excel.exporting import tasks_workbook
from luoshi.tasks.models import Task
from luoshi.tasks.selectors.task_queries import TaskFilters, task_list
from luoshi.tasks.services.decomposition import task_update
from luoshi_tests.tasks.test_task_excel import GOOD_ROWS, water, workbook_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(supervisor, world, water, transport):  # noqa: F811
    data = workbook_bytes(GOOD_ROWS, merges=["B3:B5"])
    assert tasks_apply(actor=supervisor, data=data, region=world.county, year=2026).ok
    return {t.number: t for t in Task.objects.all()}


def exported(supervisor):
    tasks = list(task_list(TaskFilters(year=2026), supervisor))
    return load_workbook(BytesIO(tasks_workbook(title="2026年甲县任务分解表", tasks=tasks)))


def saved(book) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(sheet, number: str) -> int:
    return next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == number)


def edited_export(supervisor, transport):
    """What an office does in Excel: a later deadline, another lead unit, new wording, a
    milestone rewritten, and a new sub-item and a new task added at the end."""
    book = exported(supervisor)
    sheet = book.active
    first_sub = row_of(sheet, "1.1")
    sheet.cell(first_sub, 7).value = "9月底前"
    sheet.cell(first_sub, 3).value = "完成水厂扩建并试运行"
    second = row_of(sheet, "2")
    sheet.cell(second, 5).value = "县水利局"
    sheet.cell(second, 8).value = "二季度：完成40公里"
    last = sheet.max_row
    sheet.cell(last + 1, 1).value = "2.1"
    sheet.cell(last + 1, 3).value = "完成危桥改造5座"
    sheet.cell(last + 1, 7).value = "10月底前"
    sheet.cell(last + 2, 1).value = "3"
    sheet.cell(last + 2, 2).value = "办好民生实事。"
    sheet.cell(last + 2, 3).value = "新建口袋公园3个"
    sheet.cell(last + 2, 5).value = transport.name
    sheet.cell(last + 2, 7).value = "年底前"
    return saved(book)


def test_an_edited_export_previews_cell_by_cell_then_updates_the_same_tasks(
    supervisor,
    world,
    water,  # noqa: F811
    transport,
    imported,
):
    data = edited_export(supervisor, transport)
    logged = ActionLog.objects.count()
    result = tasks_plan(actor=supervisor, data=data, region=world.county, year=2026)
    assert result.ok, [str(e) for e in result.errors]
    actions = {r.key: r.action for r in result.plan.rows}
    assert actions == {
        "1": "unchanged",
        "1.1": "changed",
        "1.2": "unchanged",
        "2": "changed",
        "2.1": "added",
        "3": "added",
    }
    changes = {(r.key, c.column): (c.before, c.after) for r in result.plan.rows for c in r.changes}
    assert changes[("1.1", "完成时限")] == ("2026年6月30日", "9月底前")
    assert changes[("1.1", "具体工作")] == ("完成水厂扩建", "完成水厂扩建并试运行")
    assert changes[("2", "牵头单位")] == ("甲县交通运输局", "甲县水利局")
    assert changes[("2", "季度节点")] == ("二季度：完成30公里", "二季度：完成40公里")
    # The preview writes nothing.
    assert ActionLog.objects.count() == logged and Task.objects.count() == 4

    applied = tasks_apply(
        actor=supervisor, data=data, region=world.county, year=2026, digest=result.plan.digest()
    )
    assert applied.ok and (applied.created, applied.updated) == (2, 2)
    sub = Task.objects.get(pk=imported["1.1"].pk)
    assert (sub.deadline, sub.deadline_text, sub.title) == (
        date(2026, 9, 30),
        "9月底前",
        "完成水厂扩建并试运行",
    )
    second = Task.objects.get(pk=imported["2"].pk)
    assert second.lead_unit == water
    assert [(m.quarter, m.text) for m in second.milestones.all()] == [(2, "完成40公里")]
    new_sub = Task.objects.get(number="2.1")
    assert new_sub.parent_id == second.pk and new_sub.lead_unit == water  # inherited
    assert Task.objects.get(number="3").parent is None
    assert Task.objects.count() == 6
    # Each change went through the logged services.
    assert ActionLog.objects.filter(verb="task.updated", target_id=str(sub.pk)).exists()


def test_tasks_the_file_leaves_out_are_kept_and_counted(supervisor, world, transport, imported):
    book = exported(supervisor)
    sheet = book.active
    sheet.delete_rows(row_of(sheet, "2"))
    result = tasks_plan(actor=supervisor, data=saved(book), region=world.county, year=2026)
    assert result.ok and result.plan.untouched == 1 and not result.plan.has_work


def test_a_bad_row_refuses_the_whole_file_and_nothing_changes(
    supervisor, world, transport, imported
):
    book = exported(supervisor)
    sheet = book.active
    sheet.cell(row_of(sheet, "1.1"), 3).value = "改了措施"
    sheet.cell(row_of(sheet, "2"), 7).value = "13月底前"
    sheet.cell(row_of(sheet, "1.2"), 1).value = "2.5"  # moves a sub-item to another parent
    result = tasks_apply(actor=supervisor, data=saved(book), region=world.county, year=2026)
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert (row_of(sheet, "2"), "完成时限") in found
    reasons = " ".join(e.reason for e in result.errors)
    assert "不是有效的月份" in reasons
    assert Task.objects.get(pk=imported["1.1"].pk).title == "完成水厂扩建"
    assert Task.objects.count() == 4

    book = exported(supervisor)
    sheet = book.active
    moved = row_of(sheet, "1.2")
    sheet.move_range(f"A{moved}:H{moved}", rows=sheet.max_row - moved + 1)
    sheet.cell(sheet.max_row, 1).value = "1.2"
    result = tasks_plan(actor=supervisor, data=saved(book), region=world.county, year=2026)
    assert not result.ok
    assert "调整上下级请在任务页面操作" in " ".join(e.reason for e in result.errors)


def test_a_change_after_the_preview_is_not_overwritten_unseen(
    supervisor, world, transport, imported
):
    data = edited_export(supervisor, transport)
    preview = tasks_plan(actor=supervisor, data=data, region=world.county, year=2026)
    task_update(actor=supervisor, task=imported["1.2"], changes={"title": "同时有人改了这项"})
    with pytest.raises(PlanChanged):
        tasks_apply(
            actor=supervisor,
            data=data,
            region=world.county,
            year=2026,
            digest=preview.plan.digest(),
        )
    assert not Task.objects.filter(number="3").exists()


def test_text_that_looks_like_a_formula_is_exported_as_text(supervisor, world, imported):
    task_update(
        actor=supervisor,
        task=imported["2"],
        changes={"title": '=HYPERLINK("http://evil.example","点我")', "leader": "+1-2"},
    )
    sheet = exported(supervisor).active
    line = row_of(sheet, "2")
    title, leader = sheet.cell(line, 3), sheet.cell(line, 4)
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    assert leader.data_type == "s" and leader.value == "+1-2"
    # And it imports back as the same words: nothing to change.
    data = saved(exported(supervisor))
    result = tasks_plan(actor=supervisor, data=data, region=world.county, year=2026)
    assert result.ok and not result.plan.has_work


def test_the_page_previews_holds_the_file_and_applies_once(
    client_for, supervisor, world, transport, imported
):
    client = client_for(supervisor)
    upload = BytesIO(edited_export(supervisor, transport))
    upload.name = "分解表.xlsx"
    page = client.post("/tasks/import/", {"region": world.county.pk, "year": 2026, "file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-preview"' in html and "新增 2 项" in html and "修改 2 项" in html
    assert "<del>2026年6月30日</del> → <ins>9月底前</ins>" in html
    assert Task.objects.count() == 4
    form = {
        "token": page.context["token"],
        "digest": page.context["digest"],
        "region": world.county.pk,
        "year": 2026,
    }
    applied = client.post("/tasks/import/apply/", form, follow=True)
    assert "新增 2 项，修改 2 项" in applied.content.decode()
    assert Task.objects.count() == 6
    again = client.post("/tasks/import/apply/", form, follow=True)
    assert "预览已过期或文件已导入" in again.content.decode()
    assert Task.objects.count() == 6


def test_another_users_token_or_a_forged_one_applies_nothing(
    client_for, supervisor, world, transport, imported, admin_user
):
    page = client_for(supervisor).post(
        "/tasks/import/",
        {
            "region": world.county.pk,
            "year": 2026,
            "file": _named(edited_export(supervisor, transport)),
        },
    )
    form = {
        "token": page.context["token"],
        "digest": page.context["digest"],
        "region": world.county.pk,
        "year": 2026,
    }
    response = client_for(admin_user).post("/tasks/import/apply/", form, follow=True)
    assert "预览已过期或文件已导入" in response.content.decode()
    forged = client_for(supervisor).post(
        "/tasks/import/apply/", {**form, "token": "../../etc/passwd"}, follow=True
    )
    assert "预览信息不完整" in forged.content.decode()
    assert Task.objects.count() == 4


def _named(data: bytes) -> BytesIO:
    upload = BytesIO(data)
    upload.name = "分解表.xlsx"
    return upload


def test_another_system_previews_and_applies_through_the_api_with_a_token(
    supervisor, world, transport, imported
):
    _token, token = api_token_create(actor=supervisor, user=supervisor, name="督查系统")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    data = edited_export(supervisor, transport)
    form = {"region": world.county.code, "year": 2026, "preview": "true"}
    preview = client.post("/api/v1/tasks/import", {**form, "file": _named(data)})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["added"], body["changed"], body["unchanged"]) == (2, 2, 2)
    changed = next(r for r in body["rows"] if r["key"] == "1.1")
    assert {"column": "完成时限", "before": "2026年6月30日", "after": "9月底前"} in changed[
        "changes"
    ]
    assert Task.objects.count() == 4
    apply = client.post(
        "/api/v1/tasks/import",
        {**form, "preview": "false", "digest": body["digest"], "file": _named(data)},
    )
    assert apply.status_code == 201, apply.content
    assert apply.json() == {"created": 2, "updated": 2}
    assert Task.objects.count() == 6
