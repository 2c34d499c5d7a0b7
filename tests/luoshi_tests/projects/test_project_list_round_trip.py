"""The key-project list both ways: exported, edited in Excel (openpyxl), imported as an update
of the same projects (matched by 项目编号, else by name) with a preview of what changes, then
one all-or-nothing apply — by page and by API token."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.accounts.models import Role
from luoshi.accounts.services import api_token_create
from luoshi.core.models import ActionLog
from luoshi.core.spreadsheets.outcome import PlanChanged
from luoshi.projects import services
from luoshi.projects.excel_list_plan import projects_apply, projects_plan
from luoshi.projects.models import MonthlyInvestment, Project
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory

from .conftest import YEAR, make_project, record

pytestmark = pytest.mark.django_db

PAGE = reverse("projects:project_list_import")
APPLY = reverse("projects:project_list_import_apply")
COLUMN = {  # heading → column number in the exported list
    "项目编号": 2,
    "项目名称": 3,
    "项目类别": 4,
    "责任单位": 6,
    "总投资": 8,
    "年度计划投资": 9,
    "计划开工": 10,
    "完成率(%)": 13,
}


@pytest.fixture
def listed(supervisor, world, project):
    """甲县 2025: JX-001 (the conftest's), JX-002, and a project without a 项目编号."""
    second = make_project(supervisor, world, name="甲县冷链物流园", code="JX-002")
    plain = make_project(supervisor, world, name="甲县污水处理厂", code="", category="ecology")
    return {"JX-001": project, "JX-002": second, "plain": plain}


def state():
    return sorted(
        Project.objects.values_list(
            "region__code", "code", "name", "unit_id", "total_investment", "annual_plan"
        )
    )


def exported(client, region="930121"):
    response = client.get(reverse("projects:project_export"), {"year": YEAR, "region": region})
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def saved(book) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def line_of(sheet, name: str) -> int:
    return next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 3).value == name)


def edit(sheet, line: int, **cells) -> None:
    for heading, value in cells.items():
        sheet.cell(line, COLUMN[heading]).value = value


def edited_export(client, listed) -> bytes:
    """What an office does in Excel: a bigger plan, a later start and another unit for
    JX-001, a 项目编号 for the project that had none, a new project at the end — and a
    computed column changed, which is not read."""
    book = exported(client)
    sheet = book.active
    first = line_of(sheet, listed["JX-001"].name)
    edit(
        sheet,
        first,
        **{"年度计划投资": 7000, "计划开工": "2025-05", "责任单位": "甲县人民政府办公室"},
    )
    edit(sheet, first, **{"完成率(%)": 99})
    edit(sheet, line_of(sheet, "甲县污水处理厂"), 项目编号="JX-003")
    new = line_of(sheet, "甲县污水处理厂") + 1
    sheet.insert_rows(new)
    for heading, value in {
        "项目编号": "JX-004",
        "项目名称": "甲县智慧农业示范园",
        "项目类别": "乡村振兴",
        "责任单位": "县发改局",
        "总投资": 800,
        "年度计划投资": "300",
    }.items():
        sheet.cell(new, COLUMN[heading]).value = value
    return saved(book)


def test_an_edited_export_previews_cell_by_cell_then_updates_the_same_projects(
    client_for, supervisor, world, listed
):
    data = edited_export(client_for(supervisor), listed)
    logged = ActionLog.objects.count()
    result = projects_plan(actor=supervisor, data=data, region=world.county, year=YEAR)
    assert result.ok, [str(e) for e in result.errors]
    assert {r.key: r.label for r in result.plan.rows} == {
        "JX-001": "修改",
        "JX-002": "未变",
        "JX-003": "修改",
        "JX-004": "新增",
    }
    changes = {(r.key, c.column): (c.before, c.after) for r in result.plan.rows for c in r.changes}
    assert changes[("JX-001", "年度计划投资")] == ("6000", "7000")
    assert changes[("JX-001", "计划开工")] == ("2025年3月", "2025年5月")
    assert changes[("JX-001", "责任单位")] == ("甲县发展和改革局", "甲县人民政府办公室")
    assert len([c for c in changes if c[0] == "JX-001"]) == 3  # 完成率 is not read
    assert changes[("JX-003", "项目编号")] == ("", "JX-003")
    assert changes[("JX-004", "责任单位")] == ("", "甲县发展和改革局")  # by its short name
    assert ActionLog.objects.count() == logged  # the preview writes nothing

    applied = projects_apply(
        actor=supervisor, data=data, region=world.county, year=YEAR, digest=result.plan.digest()
    )
    assert applied.ok and (applied.created, applied.updated) == (1, 2)
    first = Project.objects.get(pk=listed["JX-001"].pk)
    assert (first.annual_plan, first.started_planned, first.unit) == (
        Decimal(7000),
        date(YEAR, 5, 1),
        world.office,
    )
    assert first.invested_before_year == Decimal(0) and first.total_investment == 12000
    assert Project.objects.get(pk=listed["plain"].pk).code == "JX-003"
    new = Project.objects.get(code="JX-004")
    assert (new.region, new.year, new.category, new.unit) == (
        world.county,
        YEAR,
        "rural",
        world.bureau,
    )
    assert ActionLog.objects.filter(verb="project.updated", target_id=str(first.pk)).exists()
    assert ActionLog.objects.filter(verb="project.created", target_id=str(new.pk)).exists()
    # Exported again, the file says what is stored: nothing to change.
    again = projects_plan(
        actor=supervisor,
        data=saved(exported(client_for(supervisor))),
        region=world.county,
        year=YEAR,
    )
    assert again.ok and not again.plan.has_work


def test_projects_the_file_leaves_out_are_kept_and_counted(client_for, supervisor, world, listed):
    book = exported(client_for(supervisor))
    book.active.delete_rows(line_of(book.active, "甲县冷链物流园"))
    result = projects_plan(actor=supervisor, data=saved(book), region=world.county, year=YEAR)
    assert result.ok and result.plan.untouched == 1 and not result.plan.has_work


def test_a_bad_row_refuses_the_whole_file_with_its_row_and_column(
    client_for, supervisor, world, listed
):
    book = exported(client_for(supervisor))
    sheet = book.active
    first, second = line_of(sheet, listed["JX-001"].name), line_of(sheet, "甲县冷链物流园")
    plain = line_of(sheet, "甲县污水处理厂")
    edit(sheet, first, 年度计划投资=20000)  # more than the total
    edit(sheet, second, 总投资="很多", 项目类别="农业")
    edit(sheet, plain, 项目名称="甲县冷链物流园")  # the name of another project
    before, logged = state(), ActionLog.objects.count()
    result = projects_apply(actor=supervisor, data=saved(book), region=world.county, year=YEAR)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (first, "年度计划投资"),
        (second, "项目类别"),
        (second, "总投资"),
        (plain, "项目名称"),
    ]
    reasons = " ".join(e.reason for e in result.errors)
    assert "年度计划投资不能大于总投资" in reasons and "“很多”不是数字" in reasons
    assert "与第" in reasons  # the same name twice in the file
    assert state() == before and ActionLog.objects.count() == logged


def test_a_row_cannot_change_a_projects_code_or_bring_another_regions_project(
    client_for, supervisor, world, listed, other_project
):
    book = exported(client_for(supervisor))
    sheet = book.active
    edit(sheet, line_of(sheet, "甲县冷链物流园"), 项目编号="JX-009")
    result = projects_plan(actor=supervisor, data=saved(book), region=world.county, year=YEAR)
    assert [(e.column, e.reason) for e in result.errors] == [
        ("项目编号", "系统中“甲县冷链物流园”的项目编号是 JX-002；修改项目编号请在项目页面操作")
    ]
    city_office = UnitFactory(region=world.city, name="测试市人民政府督查室")
    city = user_with_role("citysup", city_office, Role.SUPERVISOR)
    city_wide = client_for(city).get(reverse("projects:project_export"), {"year": YEAR}).content
    result = projects_plan(actor=city, data=city_wide, region=world.county, year=YEAR)
    assert [e.reason for e in result.errors] == [
        "“乙县城乡供水一体化项目”是乙县的项目，请选择乙县导入"
    ]
    assert not Project.objects.filter(region=world.county, name=other_project.name).exists()


def test_a_change_after_the_preview_is_not_overwritten_unseen(
    client_for, supervisor, world, listed
):
    data = edited_export(client_for(supervisor), listed)
    preview = projects_plan(actor=supervisor, data=data, region=world.county, year=YEAR)
    second = listed["JX-002"]
    services.project_update(
        actor=supervisor,
        project=second,
        data=services.ProjectInput(
            region=world.county,
            year=YEAR,
            name="甲县冷链物流园（一期）",
            unit=world.bureau,
            total_investment=second.total_investment,
            annual_plan=second.annual_plan,
            code="JX-002",
        ),
    )
    with pytest.raises(PlanChanged):
        projects_apply(
            actor=supervisor,
            data=data,
            region=world.county,
            year=YEAR,
            digest=preview.plan.digest(),
        )
    assert not Project.objects.filter(code="JX-004").exists()
    assert Project.objects.get(pk=listed["JX-001"].pk).annual_plan == Decimal(6000)


def test_the_page_previews_holds_the_file_and_applies_once(client_for, supervisor, world, listed):
    client = client_for(supervisor)
    upload = SimpleUploadedFile("项目清单.xlsx", edited_export(client, listed))
    page = client.post(PAGE, {"region": world.county.pk, "year": YEAR, "file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-preview"' in html and "新增 1 项" in html and "修改 2 项" in html
    assert "<del>6000</del> → <ins>7000</ins>" in html
    assert "完成率(%)、开工情况" in html  # the page says which columns are not read
    assert Project.objects.count() == 3
    form = {
        "token": page.context["token"],
        "digest": page.context["digest"],
        "region": world.county.pk,
        "year": YEAR,
    }
    applied = client.post(APPLY, form, follow=True)
    assert "项目清单已导入：新增 1 个项目，修改 2 个项目" in applied.content.decode()
    assert Project.objects.count() == 4
    again = client.post(APPLY, form, follow=True)
    assert "预览已过期或文件已导入" in again.content.decode()
    assert Project.objects.count() == 4


def test_another_countys_office_cannot_apply_into_this_county(
    client_for, supervisor, world, listed
):
    data = edited_export(client_for(supervisor), listed)
    page = client_for(supervisor).post(
        PAGE,
        {"region": world.county.pk, "year": YEAR, "file": SimpleUploadedFile("x.xlsx", data)},
    )
    form = {"token": page.context["token"], "digest": page.context["digest"], "year": YEAR}
    other = user_with_role("supervisor2", world.other_bureau, Role.SUPERVISOR)
    _token, token = api_token_create(actor=other, user=other, name="乙县系统")
    before, logged = state(), ActionLog.objects.count()
    with pytest.raises(PermissionDenied):
        projects_apply(actor=other, data=data, region=world.county, year=YEAR)
    response = client_for(other).post(APPLY, {**form, "region": world.county.pk}, follow=True)
    assert "预览信息不完整" in response.content.decode()
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    refused = api.post(
        "/api/v1/projects/import",
        {"region": "930121", "year": YEAR, "file": SimpleUploadedFile("x.xlsx", data)},
    )
    assert refused.status_code == 403
    assert state() == before and ActionLog.objects.count() == logged


def test_another_system_previews_and_applies_through_the_api_with_a_token(
    client_for, supervisor, world, listed
):
    _token, token = api_token_create(actor=supervisor, user=supervisor, name="项目系统")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    data = edited_export(client_for(supervisor), listed)
    form = {"region": "930121", "year": YEAR}
    preview = client.post(
        "/api/v1/projects/import",
        {**form, "preview": "true", "file": SimpleUploadedFile("清单.xlsx", data)},
    )
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["added"], body["changed"], body["unchanged"], body["untouched"]) == (1, 2, 1, 0)
    first = next(r for r in body["rows"] if r["key"] == "JX-001")
    assert {"column": "年度计划投资", "before": "6000", "after": "7000"} in first["changes"]
    assert Project.objects.count() == 3
    apply = client.post(
        "/api/v1/projects/import",
        {**form, "digest": body["digest"], "file": SimpleUploadedFile("清单.xlsx", data)},
    )
    assert apply.status_code == 201, apply.content
    assert apply.json() == {"created": 1, "updated": 2}
    assert Project.objects.count() == 4


def test_formula_like_text_is_exported_as_text_and_imports_back_unchanged(
    client_for, supervisor, world, listed
):
    services.project_update(
        actor=supervisor,
        project=listed["JX-002"],
        data=services.ProjectInput(
            region=world.county,
            year=YEAR,
            name='=HYPERLINK("http://evil.example","点我")',
            unit=world.bureau,
            total_investment=Decimal("1234.5"),
            annual_plan=Decimal(600),
            code="-JX-002",
            content="@SUM(1,2)",
            leader="+86-123",
        ),
    )
    book = exported(client_for(supervisor))
    sheet = book.active
    line = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 2).value == "-JX-002")
    for column in (2, 3, 5, 7):
        assert sheet.cell(line, column).data_type == "s"
    assert sheet.cell(line, 3).value.startswith("=HYPERLINK")
    total = sheet.cell(line, 8)
    assert total.data_type == "n" and total.value == 1234.5
    result = projects_plan(actor=supervisor, data=saved(book), region=world.county, year=YEAR)
    assert result.ok and not result.plan.has_work


def test_the_investment_template_writes_text_as_text_and_amounts_as_numbers(
    client_for, supervisor, liaison, world, project
):
    services.project_update(
        actor=supervisor,
        project=project,
        data=services.ProjectInput(
            region=world.county,
            year=YEAR,
            name="@某项目",
            unit=world.bureau,
            total_investment=project.total_investment,
            annual_plan=project.annual_plan,
            code="-7",
        ),
    )
    record(liaison, project, 5, "70.5", planned=Decimal(90))
    MonthlyInvestment.objects.filter(month=5).update(note="=1+1")
    response = client_for(liaison).get(
        reverse("projects:investment_template"), {"year": YEAR, "month": 5}
    )
    row = next(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    for cell, text in ((row[0], "-7"), (row[1], "@某项目"), (row[8], "=1+1")):
        assert (cell.data_type, cell.value) == ("s", text)
    assert (row[4].data_type, row[4].value, row[5].value) == ("n", 90, 70.5)
