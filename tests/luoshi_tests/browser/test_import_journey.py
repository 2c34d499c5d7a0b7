"""A supervisor turns a raw report page into a reviewed report with its figures, in a real
browser; a liaison is refused and nothing changes."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.imports.models import ImportBatch
from luoshi.indicators.models import Observation
from luoshi.reports.models import WorkReport
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jixian(db):
    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE, kind="省")
    city = RegionFactory(
        code="141000", name="临汾市", level=RegionLevel.CITY, kind="地级市", parent=province
    )
    county = RegionFactory(code="141028", name="吉县", parent=city)
    RegionFactory(code="141029", name="乡宁县", parent=city)
    return county


def test_supervisor_imports_seed_003_and_sees_the_table_and_a_chart(
    page, screenshot, jixian, seeds_dir
):
    user_with_role("jx_sup", UnitFactory(region=jixian, name="吉县人民政府督查室"), Role.SUPERVISOR)
    sign_in(page, "jx_sup")
    follow_menu(page, "文档导入")
    page.set_input_files("input[name=file]", str(next(seeds_dir.glob("003_*.txt"))))
    page.click("#upload-button")
    expect(page.locator("#progress")).to_be_visible()
    screenshot("import-progress")

    call_command("worker", burst=True)  # the background worker reads the document
    expect(page.locator("#meta-form")).to_be_visible(timeout=15_000)
    expect(page.locator(".review-meta")).to_contain_text("临汾市 吉县")
    expect(page.locator("mark.hl-indicator").first).to_be_visible()
    screenshot("import-review")

    # Reject one target by hand (HTMX swaps the row), then accept the rest in bulk.
    first_target = page.locator("li.item[data-kind=target]").filter(has_text="地区生产总值").first
    first_target.get_by_role("button", name=re.compile("不采用")).click()
    expect(page.locator("li.item-rejected").first).to_be_visible()
    for button in page.get_by_role("button", name="接受本类未处理的").all():
        button.click()
    page.click("#commit-button")
    expect(page.locator(".messages")).to_contain_text("已入库")
    expect(page.locator("h1")).to_contain_text("吉县")
    screenshot("import-committed-report")

    report = WorkReport.objects.get(region=jixian, year=2024)
    assert report.versions.count() == 1
    assert Observation.objects.filter(region=jixian, year=2023, indicator__code="gdp").exists()

    page.goto("/indicators/?region=141028&year=2023&period=year")
    expect(page.locator("table")).to_contain_text("地区生产总值")
    expect(page.locator("table")).to_contain_text("40.3")
    screenshot("indicator-table")
    page.goto("/indicators/141028/gdp/")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=15_000)
    screenshot("indicator-chart")


def test_a_liaison_cannot_import(page, jixian, seeds_dir):
    user_with_role("jx_liaison", UnitFactory(region=jixian, name="吉县发展和改革局"), Role.LIAISON)
    sign_in(page, "jx_liaison")
    expect(page.locator(".mainnav")).not_to_contain_text("文档导入")
    response = page.goto("/imports/")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_contain_text("没有权限")
    assert not ImportBatch.objects.exists()
    assert not WorkReport.objects.exists()
