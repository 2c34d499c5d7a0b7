"""Each role's start page in a real browser (issue 13), at 1366 px and at a phone's 390 px:
the liaison's reports due with the returned one and its reason first, the office's figures,
the leader's headline and red tasks — every panel visible, nothing wider than the phone.
Screenshots: test-artifacts/home-<user>-<width>.png."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from luoshi.accounts.models import Role
from luoshi.tasks.models import Colour, Task
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi.tasks.services.progress_flow import ProgressInput, progress_return, progress_save
from luoshi.tasks.services.supervision import notice_issue
from luoshi_tests.browser.supervision_fixtures import People, people_of, switch_to
from luoshi_tests.conftest import World, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_REASON = "未写明用地手续办到哪一步，请补充预计开工时间。"
WIDTHS = ((1366, 860), (390, 844))


@pytest.fixture
def people(world: World) -> People:
    people = people_of(world)
    user_with_role("leader1", world.office, Role.LEADER)
    today = timezone.localdate()

    def task(title: str, number: str) -> Task:
        return task_create(
            actor=people.supervisor,
            data=TaskInput(
                region=world.county,
                year=today.year,
                title=title,
                number=number,
                lead_unit=people.lead_unit,
                start_date=dt.date(today.year, 1, 1),
                deadline=dt.date(today.year + 1, 6, 30),
            ),
        )

    road = task("新建改造农村公路120公里，完成危桥改造8座", "1")
    report = progress_save(
        actor=people.liaison,
        task=road,
        unit=people.lead_unit,
        data=ProgressInput(progress="已完成路线勘察。", percent=Decimal("30")),
        submit=True,
    )
    progress_return(actor=people.head, report=report, reason=RETURN_REASON)
    red = task("推进老旧小区改造，惠及居民3200户", "2")
    Task.objects.filter(pk=red.pk).update(colour=Colour.RED)
    notice_issue(
        actor=people.supervisor,
        task=red,
        colour="red",
        reason="完成时限已过，请说明原因并报送整改计划。",
        due_date=today + dt.timedelta(days=5),
    )
    return people


def look_at_both_widths(page: Page, screenshot, name: str, panels: list[str]) -> None:  # type: ignore[no-untyped-def]
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/")
        for panel in panels:
            expect(page.locator(f"#home-{panel}")).to_be_visible()
        if width == 390:
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"{name}'s start page is {wide} px wide on a 390 px phone"
        screenshot(f"home-{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 860})  # signing out uses the laptop's bar
    page.goto("/")


def test_each_role_lands_on_its_own_work_on_a_laptop_and_a_phone(page, screenshot, people):
    switch_to(page, people.liaison.username)
    look_at_both_widths(
        page, screenshot, "liaison", ["tasks-reports-due", "tasks-notices", "tasks-deadlines"]
    )
    first = page.locator("#home-tasks-reports-due .home-row").first
    expect(first).to_contain_text("新建改造农村公路")
    expect(first).to_contain_text(RETURN_REASON)
    expect(page.locator("#home-tasks-notices")).to_contain_text("待签收 1 份")
    first.get_by_role("link", name="重新填报").click()
    expect(page.locator("textarea").first).to_be_visible()

    switch_to(page, people.supervisor.username)
    look_at_both_widths(page, screenshot, "office", ["dashboard-office", "core-recent-actions"])
    expect(page.locator("#home-dashboard-office-red .home-figure-count")).to_have_text("1")
    expect(page.locator("#home-dashboard-office-returned .home-figure-count")).to_have_text("1")
    page.locator("#home-dashboard-office-red").click()
    expect(page.locator("#task-table tbody tr")).to_have_count(1)
    expect(page.locator("#task-table")).to_contain_text("老旧小区改造")

    switch_to(page, "leader1")
    look_at_both_widths(page, screenshot, "leader", ["dashboard-leader", "dashboard-leader-reds"])
    expect(page.locator("#home-dashboard-leader-reds")).to_contain_text("老旧小区改造")
    expect(page.locator("#home-dashboard-leader-total .home-figure-count")).to_have_text("2")
    # Nobody's start page offers another role's panels.
    expect(page.locator("#home-tasks-reports-due")).to_have_count(0)
    expect(page.locator("#home-dashboard-office")).to_have_count(0)
