"""领导批示 in a real browser: a leader gives an instruction on a task's page at 1366 px; the
lead unit's liaison, on a 390 px phone, finds it on the start page, opens it, clicks 已阅 and
answers how it was carried out; the leader's start page then counts one unit less to answer.
Screenshots: /tmp/s22/shots/instructions-*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from luoshi.accounts.models import Role
from luoshi.tasks.models import InstructionReceipt, Notification, Task
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi_tests.browser.supervision_fixtures import People, people_of, switch_to
from luoshi_tests.conftest import World, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/s22/shots")
LAPTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}
TEXT = "请发改局抓紧协调用地指标，月底前报进展；交通局做好施工组织配合。"
ANSWER = "已与县自然资源局对接，用地指标月底前落实，施工图审查同步推进。"


@pytest.fixture
def people(world: World) -> People:
    people = people_of(world)
    user_with_role("leader1", world.office, Role.LEADER)
    return people


@pytest.fixture
def task(people: People, world: World) -> Task:
    today = timezone.localdate()
    return task_create(
        actor=people.supervisor,
        data=TaskInput(
            region=world.county,
            year=today.year,
            title="新建改造农村公路120公里，完成危桥改造8座",
            number="1",
            lead_unit=people.lead_unit,
            co_units=[people.co_unit],
            start_date=dt.date(today.year, 1, 1),
            deadline=dt.date(today.year, 12, 31),
            leader="赵某（副县长）",
        ),
    )


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"instructions-{name}.png"), full_page=True)


def fits_the_phone(page: Page, name: str) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{name} is {wide} px wide on a 390 px phone"


def test_a_leader_gives_and_the_liaison_reads_and_answers_on_a_phone(
    page: Page, people: People, task: Task
) -> None:
    page.set_viewport_size(LAPTOP)
    switch_to(page, "leader1")
    page.goto(f"/tasks/{task.pk}/")
    section = page.locator("#instructions")
    expect(section).to_be_visible()
    expect(section).to_contain_text("批示将送达县发改局、县交通局的联络员和审核人")
    page.fill("#id_instruction_text", TEXT)
    shot(page, "leader-form-1366")
    page.get_by_role("button", name="作出批示").click()
    expect(page.locator(".message.success")).to_contain_text("批示已送达 2 个单位")
    instruction = section.locator(".instruction").first
    expect(instruction).to_contain_text(TEXT)
    expect(instruction.locator(".receipt-unread")).to_have_count(2)
    shot(page, "leader-given-1366")
    assert Notification.objects.filter(user=people.liaison).count() == 1

    # The lead unit's liaison, on a phone: the start page, then the task's page.
    switch_to(page, people.liaison.username)
    page.set_viewport_size(PHONE)
    page.goto("/")
    panel = page.locator("#home-tasks-instructions")
    expect(panel).to_be_visible()
    expect(panel.locator(".home-count")).to_have_text("1")
    expect(panel).to_contain_text(TEXT[:20])
    fits_the_phone(page, "the liaison's start page")
    shot(page, "liaison-home-390")
    panel.locator(".home-row-title").first.click()
    section = page.locator("#instructions")
    expect(section).to_have_class("card instructions instructions-unread")
    expect(section).to_contain_text("本单位待阅 1 条")
    # Right under the title: on screen without scrolling.
    box = section.bounding_box()
    assert box is not None and box["y"] < PHONE["height"] * 0.6, box
    fits_the_phone(page, "the task's page")
    shot(page, "liaison-task-390")
    mine = section.locator(".receipt-mine")
    mine.get_by_role("button", name="已阅").click()
    expect(page.locator(".message.success")).to_contain_text("已阅")
    expect(mine.locator(".receipt-state")).to_have_text("已阅")
    expect(mine.get_by_role("button", name="已阅")).to_have_count(0)
    mine.locator("textarea").fill(ANSWER)
    mine.get_by_role("button", name="提交落实情况").click()
    expect(page.locator(".message.success")).to_contain_text("落实情况已反馈")
    expect(mine.locator(".receipt-state")).to_have_text("已反馈")
    expect(mine.locator(".receipt-answer")).to_contain_text(ANSWER)
    fits_the_phone(page, "the task's page once answered")
    shot(page, "liaison-answered-390")
    receipt = InstructionReceipt.objects.get(unit=people.lead_unit)
    assert receipt.acknowledged_by == people.liaison and receipt.answer == ANSWER
    page.goto("/tasks/instructions/")
    expect(page.locator("#instruction-unread-count")).to_have_text("0")
    expect(page.locator("#instruction-table")).to_contain_text("已反馈")
    fits_the_phone(page, "the unit's list")
    shot(page, "liaison-list-390")

    # The leader is told, and the start page counts the one unit still to answer.
    page.set_viewport_size(LAPTOP)
    switch_to(page, "leader1")
    figure = page.locator("#home-dashboard-leader-instructions-unanswered .home-figure-count")
    expect(figure).to_have_text("1")
    shot(page, "leader-home-1366")
    page.locator("#home-dashboard-leader-instructions-unanswered").click()
    expect(page.locator("#instruction-unanswered-count")).to_have_text("1")
    expect(page.locator("#instruction-table")).to_contain_text("1/2")
    shot(page, "leader-list-1366")
    page.set_viewport_size(PHONE)
    page.reload()
    fits_the_phone(page, "the leader's list")
    shot(page, "leader-list-390")

    # The office follows: the section is there, folded, and opens on a click.
    page.set_viewport_size(LAPTOP)
    switch_to(page, people.supervisor.username)
    page.goto(f"/tasks/{task.pk}/")
    details = page.locator("#instructions details")
    expect(details).not_to_have_attribute("open", "")
    shot(page, "office-task-folded-1366")
    page.locator("#instructions summary").click()
    expect(details.locator(".receipt-answer")).to_contain_text(ANSWER)
    shot(page, "office-task-open-1366")
