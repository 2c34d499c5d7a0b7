"""A citizen hands in an appeal on a phone-sized screen — by the county's name, with a photo —
gets its number and query code, and follows it; the county's office sees it with the contact
masked and dispatches it; the bureau signs, sees the contact in full and answers; the office
the citizen, not satisfied, has it reopened; the bureau answers again, another county's
bureau never sees it, and the citizen's 满意 closes it; the office's rates and the portal
show the result, the portal without the contact. In a real browser."""

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
    row.get_by_role("link", name=number).click()
    expect(page.locator("#appeal-contact")).to_contain_text("王*")
    expect(page.locator("body")).not_to_contain_text("13912345678")
    assert Appeal.objects.get(number=number).photos.count() == 1
    screenshot("appeal-office-dispatch")
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

    # The citizen, on the phone, is not satisfied: the case goes back to the bureau once.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    _follow(page, number, "13912345678")
    expect(page.locator("#track-reply")).to_contain_text("纳入每月巡查")
    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("未解决").check()
    page.fill("#id_reason", "路灯修好两天又坏了，晚上还是一片漆黑。")
    screenshot("appeal-rate-phone")
    page.click("#rate-form button")
    expect(page.locator("body")).to_contain_text("谢谢您的评价")
    expect(page.locator("#track-status")).to_have_text("已派单")
    expect(page.locator("#track-events")).to_contain_text("重办")

    page.set_viewport_size({"width": 1366, "height": 860})
    page.context.clear_cookies()
    sign_in(page, "jia_bureau")
    page.goto("/appeals/?mine=1")
    expect(page.locator(f"#appeal-table tr[data-number='{number}']")).to_contain_text("签收")
    page.goto(f"/appeals/{number}/")
    expect(page.locator("#appeal-clock")).to_contain_text("重办")
    page.click("#sign-form button")
    page.fill("#id_reply", "已更换整条线路的老化电缆，并请村委会每周巡查一次。")
    page.click("#answer-form button")

    # Another county's bureau sees none of it.
    user_with_role("yi_bureau", world.other_bureau, Role.LIAISON)
    page.context.clear_cookies()
    sign_in(page, "yi_bureau")
    page.goto("/appeals/")
    expect(page.locator("#appeal-table")).not_to_contain_text(number)
    assert page.goto(f"/appeals/{number}/").status == 404

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    _follow(page, number, "13912345678")
    page.get_by_label("满意", exact=True).check()
    page.click("#rate-form button")
    expect(page.locator("#track-status")).to_have_text("已办结")
    expect(page.locator("#track-reply")).to_contain_text("老化电缆")
    expect(page.locator("#track-satisfaction")).to_have_text("满意")
    screenshot("appeal-closed-phone")
    appeal = Appeal.objects.get(number=number)
    assert appeal.reopened == 1 and appeal.satisfaction == "satisfied"

    # The rates follow: satisfied at the end, reopened once; the portal shows them, no contact.
    page.set_viewport_size({"width": 1366, "height": 860})
    sign_in(page, "jia_office")
    page.goto("/appeals/rates/")
    total = page.locator("#rates-total")
    expect(total).to_contain_text("满意率")
    expect(total).to_contain_text("100.0%")
    expect(page.locator("#rates-table")).to_contain_text(world.bureau.name)
    screenshot("appeal-rates")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/portal/{world.county.code}/{appeal.created_at.year}/")
    expect(page.locator("#appeals")).to_contain_text("满意率")
    expect(page.locator("body")).not_to_contain_text("13912345678")
    expect(page.locator("body")).not_to_contain_text("王小明")
    screenshot("appeal-portal-phone")


def _follow(page, number: str, secret: str) -> None:
    page.goto("/appeals/track/")
    page.fill("#id_number", number)
    page.fill("#id_secret", secret)
    page.click("#track-form button")
