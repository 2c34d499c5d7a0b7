"""The header on a phone and on a desk (issue 13), in a real browser.

At 390 px the header is one short line (brand, messages, the user's name, 菜单): 菜单 opens
every group of the menu and a link in it leads to its page; the user's name opens the
account, the language switch and 退出. At 1366 px the office's menu is one row; a group opens
its dropdown by mouse and by keyboard (Enter, Tab, Escape)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 860}


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("#login-button")
    expect(page.locator("h1")).to_contain_text("您好")


def height(page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return float(box["height"])


def fits_the_width(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_on_a_phone_the_header_is_one_short_line_and_its_menus_open(page, screenshot, world):
    user_with_role("office_p", world.office, Role.SUPERVISOR)
    page.set_viewport_size(PHONE)
    sign_in(page, "office_p")

    assert height(page, ".topbar") <= 64
    assert fits_the_width(page)
    expect(page.locator(".mainnav")).to_be_hidden()
    expect(page.locator("#language-select")).to_be_hidden()
    screenshot("header-390-closed")

    toggle = page.locator("#menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    # Every group is open in the panel: its name, then its entries.
    for group, entry in (("报告", "工作报告"), ("落实", "红黑榜"), ("系统", "操作日志")):
        expect(page.locator(".navgroup-heading", has_text=group)).to_be_visible()
        expect(page.locator(".mainnav a", has_text=entry)).to_be_visible()
    expect(page.locator("#topsearch-q")).to_be_visible()
    assert fits_the_width(page)
    screenshot("header-390-menu")

    page.locator(".mainnav a", has_text="红黑榜").click()
    expect(page).to_have_url(re.compile(r"/tasks/ranking/"))
    expect(page.locator(".mainnav")).to_be_hidden()

    # The user's name: account, language and 退出.
    page.click("#usermenu-toggle")
    expect(page.locator("#usermenu-panel .who")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()
    screenshot("header-390-user")
    # Opening one menu closes the other.
    toggle.click()
    expect(page.locator("#usermenu-toggle")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#language-select")).to_be_hidden()
    page.click("#usermenu-toggle")
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("#usermenu-toggle")
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.click("#usermenu-toggle")
    page.click("#logout-button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_on_a_desk_the_office_menu_is_one_row_of_groups(page, screenshot, world):
    user_with_role("office_d", world.office, Role.SUPERVISOR)
    page.set_viewport_size(DESK)
    sign_in(page, "office_d")

    row = page.locator(".navrow")
    # One line: no taller than one entry (an entry is one line of text and its padding).
    assert height(page, ".navrow") <= height(page, ".navrow > li:first-child") + 2
    assert height(page, ".topbar") <= 64
    expect(page.locator("#menu-toggle")).to_be_hidden()
    expect(page.locator("#language-select")).to_be_visible()
    expect(page.locator("#logout-button")).to_be_visible()
    assert row.locator(":scope > li").count() <= 6

    # By mouse: a group opens its dropdown, a link in it leads to its page.
    implement = page.locator("#navgroup-implement-button")
    implement.click()
    expect(implement).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#navgroup-implement a", has_text="督查督办")).to_be_visible()
    screenshot("header-1366-group")
    # A click elsewhere closes it.
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(implement).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#navgroup-implement")).to_be_hidden()

    # By keyboard: Enter opens, Tab reaches the first entry, Escape closes and returns.
    implement.focus()
    page.keyboard.press("Enter")
    expect(implement).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.locator("#navgroup-implement a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(implement).to_have_attribute("aria-expanded", "false")
    expect(implement).to_be_focused()
    # Tabbing past a group's last entry closes it.
    page.keyboard.press("Enter")
    for _ in range(page.locator("#navgroup-implement a").count()):
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(implement).to_have_attribute("aria-expanded", "false")

    follow_menu(page, "红黑榜")
    expect(page).to_have_url(re.compile(r"/tasks/ranking/"))
    expect(page.locator("#navgroup-implement-button")).to_have_text("落实")
    expect(page.locator(".navgroup.active")).to_have_count(1)


def test_a_signed_out_visitor_finds_each_language_named_in_itself(page, world):
    for width in (PHONE, DESK):
        page.set_viewport_size(width)
        page.goto("/accounts/login/")
        select = page.locator("#language-select")
        expect(select).to_be_visible()
        expect(select.locator("option")).to_have_text(["简体中文", "繁體中文", "English"])
