"""A person signs in, switches language, opens the admin, and signs out, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-button")


def test_administrator_signs_in_switches_language_opens_admin_and_signs_out(
    page, screenshot, world
):
    admin = user_with_role("admin_b", world.office, Role.ADMIN)
    admin.is_staff = True
    admin.save()

    sign_in(page, "admin_b", "wrong password")
    expect(page.locator(".form-error")).to_contain_text("请输入一个正确的")
    screenshot("login-error")

    page.fill("#id_password", TEST_PASSWORD)
    page.click("#login-button")
    expect(page.locator("h1")).to_contain_text("您好")
    expect(page.locator(".mainnav")).to_contain_text("操作日志")
    expect(page.locator("#my-roles")).to_contain_text("系统管理员")
    screenshot("home-zh-hans")

    page.select_option("#language-select", "en")
    expect(page.locator("h1")).to_contain_text("Hello")
    expect(page.locator(".mainnav")).to_contain_text("Regions")
    screenshot("home-en")
    page.select_option("#language-select", "zh-hant")
    expect(page.locator(".mainnav")).to_contain_text("行政區劃")
    page.select_option("#language-select", "zh-hans")
    expect(page.locator(".mainnav")).to_contain_text("行政区划")

    follow_menu(page, "系统后台")
    expect(page.locator("#site-name")).to_contain_text("落实")
    expect(page.locator("body")).to_contain_text("用户与权限")
    screenshot("admin-index")

    page.goto("/")
    page.click("#logout-button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))


def test_a_liaison_browses_regions_and_units_but_not_the_admin(page, screenshot, world):
    user_with_role("liaison_b", world.bureau, Role.LIAISON)
    sign_in(page, "liaison_b")
    expect(page.locator(".mainnav")).not_to_contain_text("系统后台")
    expect(page.locator(".mainnav")).not_to_contain_text("操作日志")

    follow_menu(page, "行政区划")
    page.click("text=测试省")
    page.click("#child-regions >> text=测试市")
    page.click("#child-regions >> text=甲县")
    expect(page.locator(".breadcrumbs")).to_contain_text("测试省")
    expect(page.locator("#region-units")).to_contain_text("甲县发展和改革局")
    screenshot("region-detail")

    follow_menu(page, "单位")
    page.fill("form.search input[name=q]", "乙县")
    page.click("form.search button")
    expect(page.locator("#unit-table")).to_contain_text("乙县发展和改革局")
    expect(page.locator("#unit-table")).not_to_contain_text("甲县发展和改革局")
    screenshot("unit-list")

    response = page.goto("/actions/")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_contain_text("没有权限")
