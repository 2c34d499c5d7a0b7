"""A citizen hands in an appeal on a phone-sized screen — by the county's name, with a photo —
gets its number and query code, and follows it; the county's office sees it with the contact
masked and dispatches it; the bureau signs, sees the contact in full and answers; the office
closes it and the citizen reads the answer. In a real browser."""

import re

import pytest
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.appeals.models import Appeal
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.tasks.attachment_files import JPEG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_hands_in_an_appeal_on_a_phone_and_follows_it(page, screenshot, world, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/appeals/new/")
    page.fill("#id_place", world.county.name)
    page.click("#start-form button")
    expect(page.locator("h1")).to_contain_text(world.county.name)
    page.select_option("#id_topic", label="城乡建设")
    page.fill("#id_place", "东关村")
    page.fill("#id_content", "村口的路灯坏了两个多月，晚上出行很不方便，希望尽快修好。")
    page.fill("#id_contact_name", "王小明")
    page.fill("#id_contact_phone", "13912345678")
    photo = tmp_path / "路灯.jpg"
    photo.write_bytes(JPEG)
    page.set_input_files("#id_photos", str(photo))
    screenshot("appeal-form-phone")
    page.click("#appeal-submit")
    number = page.locator("#appeal-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert re.fullmatch(r"\d{14}", number) and re.fullmatch(r"[A-Z0-9]{6}", code)
    screenshot("appeal-submitted-phone")

    page.goto("/appeals/track/")
    page.fill("#id_number", number)
    page.fill("#id_secret", code)
    page.click("#track-form button")
    expect(page.locator("#track-status")).to_have_text("已受理")
    expect(page.locator("body")).not_to_contain_text("13912345678")
    screenshot("appeal-tracked-phone")

    user_with_role("jia_office", world.office, Role.SUPERVISOR)
    page.set_viewport_size({"width": 1366, "height": 860})
    page.context.clear_cookies()
    sign_in(page, "jia_office")
    page.goto("/appeals/")
    row = page.locator(f"#appeal-table tr[data-number='{number}']")
    expect(row).to_contain_text("139****5678")
    row.get_by_role("link").click()
    expect(page.locator("#appeal-contact")).to_contain_text("王*")
    expect(page.locator("body")).not_to_contain_text("13912345678")
    assert Appeal.objects.get(number=number).photos.count() == 1
    page.select_option("#id_unit", label=world.bureau.name)
    page.click("#dispatch-form button")
    expect(page.locator("#appeal-unit")).to_have_text(world.bureau.name)
    screenshot("appeal-office-detail")

    user_with_role("jia_bureau", world.bureau, Role.LIAISON)
    page.context.clear_cookies()
    sign_in(page, "jia_bureau")
    page.goto(f"/appeals/{number}/")
    expect(page.locator("#appeal-contact")).to_contain_text("13912345678")
    page.click("#sign-form button")
    page.fill("#id_reply", "已安排维修班组，路灯于12月8日修复，今后纳入每月巡查。")
    page.click("#answer-form button")
    expect(page.locator("#appeal-reply")).to_contain_text("纳入每月巡查")
    screenshot("appeal-bureau-answered")

    page.context.clear_cookies()
    sign_in(page, "jia_office")
    page.goto(f"/appeals/{number}/")
    page.click("#close-form button")
    expect(page.locator("#appeal-events")).to_contain_text("办结")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/appeals/track/")
    page.fill("#id_number", number)
    page.fill("#id_secret", "13912345678")
    page.click("#track-form button")
    expect(page.locator("#track-status")).to_have_text("已办结")
    expect(page.locator("#track-reply")).to_contain_text("纳入每月巡查")
    screenshot("appeal-closed-phone")
