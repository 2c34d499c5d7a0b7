"""Draft → consultation → answer → revised version, in a real browser."""

import pytest
from playwright.sync_api import expect

from luoshi.accounts.models import Role
from luoshi.engagement.models import Opinion
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "一、今年安排\n建设苹果产业园区，带动农民增收。\n新建改造农村公路120公里。"
REVISED = (
    "一、今年安排\n建设苹果产业园区，带动农民增收。\n新建改造农村公路150公里，优先安排山区乡镇。"
)


def select_in_paragraph(page, anchor: str, start: int, end: int) -> None:
    """Select characters start..end of a paragraph's text, as a mouse drag would."""
    page.evaluate(
        """([anchor, start, end]) => {
            const node = document.querySelector(`p[data-anchor="${anchor}"]`).firstChild;
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, end);
            const selection = window.getSelection();
            selection.removeAllRanges(); selection.addRange(range);
            const text = document.getElementById('consult-text');
            text.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        [anchor, start, end],
    )


def test_a_representatives_opinion_is_answered_and_shows_in_feedback_and_diff(
    page, screenshot, world, supervisor
):
    report = report_create(actor=supervisor, region=world.county, year=2026)
    draft = report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    report_version_publish(actor=supervisor, version=draft)
    road = draft.paragraphs.get(text__startswith="新建")
    user_with_role("deputy_a", world.office, Role.REPRESENTATIVE)
    user_with_role("deputy_b", world.office, Role.REPRESENTATIVE)

    sign_in(page, "deputy_a")
    page.goto(f"/engagement/consult/{report.pk}/")
    select_in_paragraph(page, road.anchor, 4, 10)
    expect(page.locator("#quote-text")).to_have_text("农村公路12")
    page.fill("textarea[name=text]", "山区乡镇路况差，建议增加里程并优先安排。")
    page.fill("input[name=contact]", "13700001111")
    screenshot("consult-selected")
    page.click("#submit-opinion")
    expect(page.locator(".messages")).to_contain_text("感谢您的意见")
    opinion = Opinion.objects.get()
    assert (opinion.anchor, opinion.quote, opinion.start, opinion.end) == (
        road.anchor,
        "农村公路12",
        4,
        10,
    )

    # The second representative cannot open it, let alone see the contact.
    page.click("#logout-button")
    sign_in(page, "deputy_b")
    response = page.goto(f"/engagement/opinions/{opinion.pk}/")
    assert response is not None and response.status == 403
    expect(page.locator("body")).not_to_contain_text("13700001111")
    page.click("#logout-button")

    # Staff revise the draft, answer 采纳 and link the changed paragraph.
    revised = report_version_create(
        actor=supervisor, report=report, kind="revised", blocks=split_report_text(REVISED)
    )
    sign_in(page, supervisor.username)
    page.goto(f"/engagement/opinions/{opinion.pk}/")
    expect(page.locator("#contact")).to_contain_text("13700001111")
    page.select_option("select[name=state]", "adopted")
    page.fill("textarea[name=reply]", "采纳，调整为150公里并优先山区。")
    page.check("input[name=is_public]")
    page.click("#answer-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已答复")
    page.select_option("#id_change_anchor", road.anchor)
    page.click("#change-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已记录")
    screenshot("opinion-answered")

    page.goto(f"/engagement/consult/{report.pk}/feedback/")
    expect(page.locator("#feedback-list")).to_contain_text("山区乡镇路况差")
    expect(page.locator("#feedback-list")).to_contain_text("采纳")
    expect(page.locator("body")).not_to_contain_text("13700001111")
    screenshot("feedback")
    page.goto(f"/reports/{report.pk}/compare/?from=1&to={revised.number}")
    expect(page.locator(f"#p-{road.anchor}")).to_contain_text("因意见修改")
    screenshot("diff-with-opinion")
