"""An analyst loads ten counties' reports in one zip, commits them in bulk, and compares their
targets in a table, a bar chart and a map; the city's own table rolls its counties up — in a
real browser, on a desktop and on a phone-sized screen."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.indicators.models import Target
from luoshi.indicators.services import catalogue_load
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory
from luoshi_tests.imports.test_corpus import COUNTIES, make_linfen, report_text, zip_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Five more counties of 临汾市 (GB/T 2260) beside the five of the corpus tests, with their
# growth figures (target this year, result last year) and revenue growth.
MORE = {
    "尧都区": ("141002", "5.5", "6"),
    "曲沃县": ("141021", "6.2", "7"),
    "翼城县": ("141022", "5", "5.5"),
    "襄汾县": ("141023", "7.5", "8"),
    "洪洞县": ("141024", "6.1", "6.5"),
}


@pytest.fixture
def linfen(db):
    catalogue_load()
    city = make_linfen()
    for name, (code, _growth, _revenue) in MORE.items():
        RegionFactory(code=code, name=name, parent=city)
    return city


def test_ten_reports_are_compared_in_table_chart_and_map(page, screenshot, linfen, tmp_path):
    user_with_role(
        "lf_analyst", UnitFactory(region=linfen, name="临汾市政府研究室"), Role.SUPERVISOR
    )
    counties = {**COUNTIES, **MORE}
    archive = tmp_path / "临汾十县2025年政府工作报告.zip"
    archive.write_bytes(
        zip_of(
            {
                f"{name}.txt": report_text(name, growth, revenue)
                for name, (_code, growth, revenue) in counties.items()
            }
        )
    )
    sign_in(page, "lf_analyst")
    follow_menu(page, "文档导入")
    page.set_input_files("input[name=file]", str(archive))
    page.click("#upload-button")
    expect(page.locator("#corpus-tally")).to_contain_text("识别中 10")
    call_command("worker", burst=True)
    expect(page.locator("#corpus-tally")).to_contain_text("待审核 10", timeout=15_000)
    page.click("#corpus-commit button")
    expect(page.locator("#corpus-tally")).to_contain_text("已入库 10")
    assert Target.objects.filter(indicator__code="gdp", year=2025).count() == 10

    # 指标完成情况 › 地区对比: the city's counties, their 2025 targets by default.
    page.goto("/indicators/?region=141000")
    page.click("#compare-tab")
    expect(page.locator("#compare-title")).to_contain_text(
        "临汾市各县（市、区） · 地区生产总值 · 2025年"
    )
    rows = page.locator("#compare-table tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("襄汾县")  # 7.5%左右, the highest target
    expect(rows.first).to_contain_text("7.5%左右")
    expect(page.locator("#compare-bar .main-svg").first).to_be_visible()
    expect(page.locator("#compare-map .main-svg").first).to_be_visible()
    # Ten outlines drawn (five fill classes at most), each county's marker carrying its name.
    figure = page.evaluate("document.getElementById('compare-map').data.map(t => t.name)")
    assert "地区" in figure and len(figure) >= 3
    screenshot("comparison-targets")

    # Sorted by target, lowest first, with a click on the column.
    page.click("#compare-table th a[data-sort=target]")
    expect(page.locator("#compare-table tbody tr").first).to_contain_text("7.5%左右")
    page.click("#compare-table th a[data-sort=target]")
    expect(page.locator("#compare-table tbody tr").first).to_contain_text("5%左右")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("comparison-targets-phone")
    page.set_viewport_size({"width": 1366, "height": 860})

    # The city's own table: nothing of its own, its counties rolled up, drilling down.
    page.goto("/indicators/?region=141000&year=2025")
    expect(page.locator("#rollup-table")).to_be_visible()
    gdp = page.locator("#rollup-table tr[data-indicator=gdp]")
    expect(gdp).to_contain_text("10")
    expect(gdp).to_contain_text("5%至7.5%")
    screenshot("city-rollup")
    gdp.get_by_role("link").click()
    expect(page.locator("#compare-table tbody tr")).to_have_count(10)
