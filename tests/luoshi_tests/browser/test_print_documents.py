"""Printed documents in a real browser: the office drafts last month's 督查通报, edits a
sentence, issues it and opens its print view with print media emulated; the 督办单, a task
and a key project print without the site's header, menus or buttons.

Screenshots go to /tmp/s22/shots (or $LUOSHI_SHOTS) to be looked at: the list and the edit
page at 390 px, the printed pages at 1366 px."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from luoshi.projects import services as project_services
from luoshi.tasks.models import SupervisionBulletin, Task
from luoshi.tasks.selectors.bulletin_figures import default_period
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi.tasks.services.supervision import notice_issue
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.supervision_fixtures import People, people_of, switch_to
from luoshi_tests.browser.test_content_policy import LISTENER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("LUOSHI_SHOTS", "/tmp/s22/shots"))
DESK = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}
A4_TEXT = {"width": 627, "height": 900}  # 21 cm less 2 × 2.2 cm, at 96 px an inch
OWN_WORDS = "各乡镇人民政府，县政府各部门："
# The print dialog cannot be seen headless: the page's window.print is recorded instead.
PRINT_RECORDER = "window.__printed = 0; window.print = function () { window.__printed += 1; };"


@pytest.fixture
def people(world) -> People:
    return people_of(world)


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def tasks_of_last_month(people: People, world) -> tuple[Task, Task]:
    """Two tasks of the year last month belongs to: one red, one green."""
    year, _month = default_period("monthly", timezone.localdate())
    made = [
        task_create(
            actor=people.supervisor,
            data=TaskInput(
                region=world.county,
                year=year,
                title=title,
                lead_unit=people.lead_unit,
                deadline=dt.date(year, 12, 31),
                start_date=dt.date(year, 1, 1),
                leader="赵某（副县长）",
                number=str(number),
                source_text="新建改造农村公路120公里，实施危桥改造8座。",
            ),
        )
        for number, title in enumerate(("新建改造农村公路120公里", "建成县域物流配送中心"), 1)
    ]
    Task.objects.filter(pk=made[0].pk).update(colour="red", status="lagging")
    return made[0], made[1]


def expect_no_chrome(page: Page) -> None:
    """Print media: the site's header, menus, buttons and footer are not on the paper."""
    for selector in (".topbar", ".footer", ".breadcrumbs"):
        if page.locator(selector).count():
            expect(page.locator(selector).first).to_be_hidden()
    for button in page.locator("button, .button").all():
        expect(button).to_be_hidden()
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)",
        "rgba(0, 0, 0, 0)",
    )


def test_the_office_drafts_edits_issues_and_prints_last_months_bulletin(
    page: Page, people: People, world
) -> None:
    red, _green = tasks_of_last_month(people, world)
    year, month = default_period("monthly", timezone.localdate())
    page.add_init_script(LISTENER)
    page.add_init_script(PRINT_RECORDER)
    switch_to(page, people.supervisor.username)

    follow_menu(page, "督查通报")
    expect(page.locator("h1")).to_contain_text("督查通报")
    page.get_by_role("link", name="起草上月督查通报").click()
    expect(page.locator("#id_period")).to_have_value(str(month))
    page.get_by_role("button", name="起草", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已起草")
    body = page.locator("#id_body")
    drafted = body.input_value()
    assert "一、总体情况" in drafted and "红灯1项" in drafted and red.title in drafted

    shot(page, "a_bulletin_edit_1366")
    page.set_viewport_size(PHONE)
    shot(page, "a_bulletin_edit_390")
    page.set_viewport_size(DESK)

    body.fill(drafted.replace("各有关单位：", OWN_WORDS))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#bulletin-issue").get_by_role("button", name="印发").click()
    number = f"督查通报〔{timezone.localdate().year}〕1期"
    expect(page.locator(".messages")).to_contain_text(number)
    expect(page.locator("#bulletin-state")).to_have_text("已印发")
    expect(page.locator("#id_body")).to_have_count(0)  # no longer editable
    stored = SupervisionBulletin.objects.get()
    assert stored.body.startswith(OWN_WORDS) and stored.number == number
    assert (stored.year, stored.period) == (year, month)

    page.get_by_role("link", name="打印版").click()
    expect(page.locator("#print-button")).to_be_visible()  # shown by print_button.js
    page.locator("#print-button").click()
    assert page.evaluate("() => window.__printed") == 1
    assert page.evaluate("() => window.__cspViolations") == []
    page.emulate_media(media="print")
    expect(page.locator("#bulletin-number")).to_have_text(number)
    expect(page.locator("#bulletin-body p").first).to_have_text(OWN_WORDS)
    expect(page.locator("#bulletin-date")).to_contain_text("年")
    expect_no_chrome(page)
    indent = page.evaluate(
        "() => getComputedStyle(document.querySelectorAll('#bulletin-body p')[1]).textIndent"
    )
    assert indent not in ("0px", "")
    shot(page, "a_bulletin_print_1366")
    page.set_viewport_size(A4_TEXT)  # the width of an A4 page inside its margins
    shot(page, "a_bulletin_print_a4")
    page.set_viewport_size(DESK)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    page.set_viewport_size(PHONE)
    follow_menu(page, "督查通报")
    expect(page.locator("#bulletin-table")).to_contain_text(number)
    shot(page, "a_bulletin_list_390")
    page.set_viewport_size(DESK)


def test_a_notice_a_task_and_a_project_print_without_the_site_around_them(
    page: Page, people: People, world
) -> None:
    red, _green = tasks_of_last_month(people, world)
    notice = notice_issue(
        actor=people.supervisor,
        task=red,
        colour="red",
        reason="该任务已落后序时进度，且连续两个月未报送进展。",
        requirement="请于反馈时限前签收，并书面反馈整改措施和完成时间。",
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )
    project = project_services.project_create(
        actor=people.supervisor,
        data=project_services.ProjectInput(
            region=world.county,
            year=red.year,
            name="甲县年产10万吨饲料加工项目",
            unit=world.bureau,
            total_investment=Decimal("12000"),
            annual_plan=Decimal("6000"),
            started_planned=dt.date(red.year, 3, 1),
            code="JX-001",
        ),
    )
    page.add_init_script(LISTENER)
    switch_to(page, people.liaison.username)
    page.goto(reverse("tasks:notice_detail", args=[notice.pk]))
    page.get_by_role("link", name="打印督办单").click()
    page.emulate_media(media="print")
    expect(page.locator("#notice-number")).to_have_text(notice.number)
    expect(page.locator("#doc-unit")).to_have_text(people.lead_unit.name)
    expect(page.locator("#doc-due")).to_contain_text(f"{notice.due_date.year}年")
    expect_no_chrome(page)
    assert page.evaluate("() => window.__cspViolations") == []
    shot(page, "a_notice_print_1366")
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    shot(page, "a_notice_print_screen_390")
    page.set_viewport_size(DESK)

    switch_to(page, people.supervisor.username)
    for name, url in (
        ("a_task_print_1366", reverse("tasks:task_detail", args=[red.pk])),
        ("a_project_print_1366", reverse("projects:project_detail", args=[project.pk])),
    ):
        page.goto(url)
        page.emulate_media(media="print")
        expect(page.locator("h1").first).to_be_visible()
        expect_no_chrome(page)
        shot(page, name)
        page.emulate_media(media="screen")
