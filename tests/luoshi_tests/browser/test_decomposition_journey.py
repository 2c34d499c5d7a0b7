"""The hand-overs of decomposition in a real browser: an imported report's commitments become
tasks; the exported 分解表, edited in Excel, comes back as a previewed update."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.tasks.models import Task
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jixian(db):
    """A county that is not the demo's, with its own office and two bureaus."""
    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE, kind="省")
    city = RegionFactory(
        code="141000", name="临汾市", level=RegionLevel.CITY, kind="地级市", parent=province
    )
    county = RegionFactory(code="141028", name="吉县", parent=city)
    office = UnitFactory(region=county, name="吉县人民政府督查室")
    UnitFactory(region=county, name="吉县财政局")
    UnitFactory(region=county, name="吉县教育科技局")
    user_with_role("jx_sup", office, Role.SUPERVISOR)
    return county


def test_an_imported_report_becomes_a_draft_decomposition_and_an_excel_revision(
    page, screenshot, jixian, seeds_dir, tmp_path
):
    sign_in(page, "jx_sup")
    # 1. Import the report, accept its commitments with the rest, commit, publish the text.
    follow_menu(page, "文档导入")
    page.set_input_files("input[name=file]", str(next(seeds_dir.glob("003_*.txt"))))
    page.click("#upload-button")
    call_command("worker", burst=True)
    expect(page.locator("#meta-form")).to_be_visible(timeout=15_000)
    expect(page.locator("#write-refusal")).to_have_count(0)
    for button in page.get_by_role("button", name="接受本类未处理的").all():
        button.click()
    page.click("#commit-button")
    expect(page.locator(".messages")).to_contain_text("项承诺事项")
    page.click("#publish-v1")
    expect(page.locator(".messages")).to_be_visible()

    # 2. 从报告分解: the commitments are ready drafts; the one naming 县财政 has its unit.
    page.goto("/tasks/from-report/")
    drafts = page.locator("#commitment-form li.draft-row")
    expect(drafts.first).to_be_visible()
    screenshot("decompose-commitments-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("decompose-commitments-390")
    page.set_viewport_size({"width": 1366, "height": 860})

    def draft(words: str):  # the row whose 具体工作 begins with the words
        return page.locator("#commitment-form li.draft-row").filter(
            has=page.locator("textarea", has_text=words)
        )

    funded = draft("县财政再投入")
    expect(funded.locator("select")).to_have_value(str(jixian.units.get(name="吉县财政局").pk))
    funded.locator("input[type=checkbox]").check()
    teachers = draft("招聘教师")
    teachers.locator("input[type=checkbox]").check()
    page.click("#commitment-form button[type=submit]")
    # The teachers' row names no unit: the page says so on that row and keeps the ticks.
    expect(page.locator("#commitment-form [role=alert]")).to_contain_text("标红的行")
    expect(page.locator("#commitment-form li.draft-row-error")).to_contain_text("请选择牵头单位")
    teachers = draft("招聘教师")
    teachers.locator("select").select_option(label="吉县教育科技局")
    teachers.locator("input[name^=deadline_]").fill("9月底前")
    page.click("#commitment-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已将 2 项承诺事项建为任务")
    expect(page.locator("#task-table")).to_contain_text("招聘教师")
    hired = Task.objects.get(region=jixian, title__startswith="招聘教师")
    assert (hired.deadline, hired.deadline_text) == (dt.date(2024, 9, 30), "9月底前")
    assert hired.commitment is not None and hired.source_anchor

    # 3. Export the 分解表, change a deadline in Excel, upload: preview, then apply.
    page.goto("/tasks/?year=2024")
    with page.expect_download() as download_info:
        page.click("#task-export")
    exported = tmp_path / "分解表.xlsx"
    download_info.value.save_as(exported)
    book = load_workbook(exported)
    sheet = book.active
    line = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == hired.number)
    sheet.cell(line, 7).value = "11月底前"
    buffer = BytesIO()
    book.save(buffer)
    edited = tmp_path / "分解表-修改.xlsx"
    edited.write_bytes(buffer.getvalue())

    page.goto("/tasks/import/")
    page.select_option("#id_region", label="吉县")
    page.fill("#id_year", "2024")
    page.set_input_files("input[name=file]", str(edited))
    page.get_by_role("button", name="上传并预览").click()
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("修改 1 项")
    expect(preview).to_contain_text("11月底前")
    screenshot("task-import-preview-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("task-import-preview-390")
    page.set_viewport_size({"width": 1366, "height": 860})
    hired.refresh_from_db()
    assert hired.deadline_text == "9月底前"  # the preview changed nothing
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messages")).to_contain_text("修改 1 项")
    hired.refresh_from_db()
    assert (hired.deadline, hired.deadline_text) == (dt.date(2024, 11, 30), "11月底前")
