"""The indicator pages in a real browser: plotly.js (served locally) draws the charts, and a
bad import lists its errors."""

import re

import pytest
from playwright.sync_api import expect

from luoshi_tests.browser.conftest import chromium_browser, page  # noqa: F401  (fixtures)
from luoshi_tests.browser.test_sign_in_journey import sign_in

from .conftest import OBSERVATION_HEADER, stored_state, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_reads_the_table_opens_charts_and_meets_a_bad_import(
    page,  # noqa: F811
    supervisor,
    figures,
    tmp_path,
):
    sign_in(page, "supervisor1")
    page.goto("/indicators/")
    expect(page.locator("#table-title")).to_have_text("甲县2025年1–11月主要经济指标完成情况")
    expect(page.locator("#indicator-table")).to_contain_text("全市第2、前进1位")

    page.click("#indicator-table >> text=地区生产总值")
    expect(page).to_have_url(re.compile(r"/indicators/930121/gdp/$"))
    expect(page.locator("#chart .main-svg").first).to_be_visible()
    expect(page.locator("#chart .scatterlayer .trace")).to_have_count(1)

    page.click("text=与同级地区对比")
    expect(page.locator("#chart .main-svg").first).to_be_visible()
    expect(page.locator("#chart .barlayer .point")).to_have_count(2)

    before = stored_state()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([OBSERVATION_HEADER, ["930121", 2025, 13, "地区生产总值", 1, "亿元", 1]]))
    page.goto("/indicators/import/observations/")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#import-errors")).to_contain_text("整个文件未保存")
    expect(page.locator(".import-errors")).to_contain_text("截至月份 13 超出范围")
    assert stored_state() == before
