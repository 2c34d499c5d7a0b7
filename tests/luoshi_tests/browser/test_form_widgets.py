"""The unit pickers and date inputs in a real browser, on a desk and on a phone: a lead unit
found by typing, two co-units ticked from a filtered list, a date from the date picker."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.tasks.models import Task
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/s22/shots")
BUREAUS = [
    "交通运输局",
    "水利局",
    "教育局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "农业农村局",
]
BUREAUS += ["商务局", "文化和旅游局", "卫生健康局", "生态环境局", "应急管理局", "市场监督管理局"]
BUREAUS += ["民政局", "人力资源和社会保障局", "统计局"]


@pytest.fixture
def county_units(world):
    return {name: UnitFactory(region=world.county, name=f"甲县{name}") for name in BUREAUS}


@pytest.mark.parametrize("width", [1366, 390])
def test_a_task_gets_its_units_by_search_and_ticks_and_a_picked_date(
    page, world, county_units, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    user_with_role("widgets_sup", world.office, Role.SUPERVISOR)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "widgets_sup")
    page.goto("/tasks/new/")
    expect(page.locator("select[multiple]")).to_have_count(0)
    page.screenshot(path=str(SHOTS / f"task-form-{width}.png"), full_page=True)

    # 牵头单位: type 发改, the list offers the bureau, Enter picks it.
    search = page.locator("#id_lead_unit-search")
    expect(search).to_be_visible()
    search.fill("发改")
    listbox = page.locator("#id_lead_unit-list")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox.get_by_role("option").first).to_have_text("甲县发展和改革局")
    page.screenshot(path=str(SHOTS / f"task-form-lead-search-{width}.png"))
    search.press("Enter")
    expect(page.locator("#id_lead_unit")).to_have_value(str(world.bureau.pk))
    expect(search).to_have_value("甲县发展和改革局")
    expect(listbox).to_be_hidden()

    # 配合单位: the lead unit is not offered; filter by pinyin initials, tick two.
    options = page.locator("#id_co_units")
    expect(options.locator("label", has_text="甲县发展和改革局")).to_be_hidden()
    co_filter = page.locator("input[data-unit-filter]")
    co_filter.fill("jt")  # 交通
    expect(options.locator("label:visible")).to_have_count(1)
    options.get_by_label("甲县交通运输局").check()
    co_filter.fill("水利")
    options.get_by_label("甲县水利局").check()
    co_filter.fill("")
    chips = page.locator("[data-unit-chips] .unit-chip")
    expect(chips).to_have_count(2)
    expect(chips.first).to_contain_text("甲县交通运输局")

    # A chip's × unticks its unit; tick it again.
    chips.filter(has_text="甲县水利局").click()
    expect(options.get_by_label("甲县水利局")).not_to_be_checked()
    options.get_by_label("甲县水利局").check()
    expect(chips).to_have_count(2)

    page.fill("#id_title", "建设县城污水处理厂二期")
    deadline = page.locator("#id_deadline")
    assert deadline.evaluate("input => input.type") == "date"  # the browser's date picker
    expect(page.locator("[data-date-hint]").first).to_be_hidden()
    deadline.fill("2026-10-31")
    page.screenshot(path=str(SHOTS / f"task-form-filled-{width}.png"), full_page=True)
    page.get_by_role("button", name="保存").click()

    expect(page.locator(".messages")).to_contain_text("任务已建立")
    task = Task.objects.get()
    assert task.lead_unit == world.bureau
    names = {"甲县交通运输局", "甲县水利局"}
    assert {u.name for u in task.co_units.all()} == names
    body = page.locator("main")
    for name in ["甲县发展和改革局", *names]:
        expect(body).to_contain_text(name)
    page.screenshot(path=str(SHOTS / f"task-detail-{width}.png"), full_page=True)
