"""A city office uploads one zip of its counties' reports, watches them being read, settles
the doubtful one and commits the clean ones at once — in a real browser, on a desktop and
on a phone-sized screen."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.imports.models import ImportBatch
from luoshi.reports.models import WorkReport
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory
from luoshi_tests.imports.test_corpus import COUNTIES, make_linfen, report_text, zip_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def linfen(db):
    return make_linfen()


def test_a_zip_of_county_reports_is_read_reviewed_and_committed(page, screenshot, linfen, tmp_path):
    user_with_role(
        "lf_office", UnitFactory(region=linfen, name="临汾市政府督查室"), Role.SUPERVISOR
    )
    files = {
        f"各县/{name}.txt": report_text(name, growth, revenue)
        for name, (_code, growth, revenue) in COUNTIES.items()
    }
    files["各县/未署名.txt"] = report_text("某某县", "6", "7").replace("某某县".encode(), b"")
    files["扫描件.jpg"] = b"\xff\xd8\xff\xe0"
    archive = tmp_path / "临汾各县2025年政府工作报告.zip"
    archive.write_bytes(zip_of(files))

    sign_in(page, "lf_office")
    follow_menu(page, "文档导入")
    page.set_input_files("input[name=file]", str(archive))
    page.click("#upload-button")
    expect(page.locator("#corpus-tally")).to_contain_text("识别中 6")
    expect(page.locator("#corpus-table")).to_contain_text("不是可识别的文档")

    call_command("worker", burst=True)  # the background worker reads every document
    expect(page.locator("#corpus-tally")).to_contain_text("待审核 6", timeout=15_000)
    expect(page.locator("#corpus-doubtful")).to_contain_text("未署名.txt")
    screenshot("corpus-in-review")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("corpus-in-review-phone")
    page.set_viewport_size({"width": 1366, "height": 860})

    page.click("#corpus-commit button")
    expect(page.locator(".messages")).to_contain_text("已入库 5 份报告；1 份需要逐份核对。")
    expect(page.locator("#corpus-tally")).to_contain_text("已入库 5")
    screenshot("corpus-committed")
    assert set(WorkReport.objects.values_list("region__name", flat=True)) == set(COUNTIES)

    # The doubtful one opens on its review page, where the region is settled by hand.
    page.locator("#corpus-doubtful a").click()
    expect(page.locator("#meta-form")).to_be_visible()
    assert ImportBatch.objects.filter(region=None).count() == 1
