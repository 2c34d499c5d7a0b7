"""Lists on a phone (390 px) and on a laptop (1366 px), in a real browser on the demo county
(issue 13): the public portal's tasks and projects, the liaison's 进展填报 inbox, the task
list, the key projects, the notices and the missing reports.

On a phone a page is no wider than the screen (nothing off to the right) and a task's title
takes at least half of it (no column one character wide); the buttons of a row go under its
title. On a laptop a status tag, a button or a date never breaks over two lines.
Screenshots of each page at both widths go to test-artifacts/ (phone-*.png, laptop-*.png)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from luoshi.accounts.models import User
from luoshi.demo import dataset
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load
from luoshi.projects.models import Project
from luoshi.tasks.models import Task
from luoshi_tests.browser.supervision_fixtures import switch_to
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 860}

LIAISON = "fgj_lianluo"  # 县发改局's liaison: the inbox of a department
SUPERVISOR = "duchayuan"  # 县政府督查室: every button over the task list

# Elements of `selector` (visible ones, in the page's content) that take more than one line:
# each is measured against a copy of itself holding a single character.
MORE_THAN_ONE_LINE = """selector => [...document.querySelectorAll(selector)]
  .filter(element => element.offsetParent !== null && element.textContent.trim())
  .map(element => {
    const probe = element.cloneNode(false);
    probe.textContent = "一";
    element.after(probe);
    const line = probe.getBoundingClientRect().height;
    probe.remove();
    const height = element.getBoundingClientRect().height;
    return {text: element.textContent.trim(), height: height, line: line};
  })
  .filter(found => found.height > found.line + 1)"""

# Date cells whose date (their first words) is broken over two lines.
BROKEN_DATES = """() => [...document.querySelectorAll("td.date")]
  .filter(cell => cell.offsetParent !== null)
  .map(cell => {
    const text = [...cell.childNodes].find(node => node.nodeType === 3 && node.textContent.trim());
    if (!text) return null;
    const range = document.createRange();
    range.selectNodeContents(text);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    return lines.size > 1 ? cell.textContent.trim() : null;
  })
  .filter(Boolean)"""

WIDTHS = (
    "selector => [...document.querySelectorAll(selector)].map(e => e.getBoundingClientRect().width)"
)


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    """The demo county (tasks with their reports, notices, key projects, a public portal)
    with every demo user's password set to the test password."""
    demo_load()
    load_cycle()
    load_engagement()
    load_implementation()
    for user in User.objects.all():
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])
    county = dataset.DEMO_COUNTY_CODE
    public = Task.objects.filter(region__code=county, is_public=True).order_by("-year").first()
    assert public is not None, "the demo publishes no task"
    year = public.year
    # The demo publishes a few; the portal's lists are read here with all of the year's rows.
    Task.objects.filter(region__code=county, year=year).update(is_public=True)
    Project.objects.filter(region__code=county, year=year).update(is_public=True)
    return {
        "portal": f"/portal/{county}/{year}/",
        "public_tasks": Task.objects.filter(region__code=county, year=year, is_public=True).count(),
        "public_projects": Project.objects.filter(
            region__code=county, year=year, is_public=True
        ).count(),
    }


def fits_the_phone(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{where} is {width} px wide on a {PHONE['width']} px phone"


def titles_take_the_width(page: Page, selector: str, where: str) -> None:
    widths = page.evaluate(WIDTHS, selector)
    assert widths, f"{where}: no {selector} on the page"
    narrowest = min(widths)
    assert narrowest >= PHONE["width"] / 2, (
        f"{where}: a title ({selector}) is {narrowest:.0f} px wide on a {PHONE['width']} px phone"
    )


def on_one_line(page: Page, selector: str, where: str) -> None:
    broken = page.evaluate(MORE_THAN_ONE_LINE, selector)
    assert not broken, f"{where}: {selector} over more than one line: {broken}"


def no_broken_dates(page: Page, where: str) -> None:
    broken = page.evaluate(BROKEN_DATES)
    assert not broken, f"{where}: dates broken over two lines: {broken}"


def both_widths(page: Page, screenshot: Any, path: str, name: str, title: str) -> None:
    """The page at 1366 px (tags, buttons, dates on one line) and at 390 px (no wider than
    the phone, titles at least half of it), with a screenshot of each."""
    page.set_viewport_size(LAPTOP)
    page.goto(path)
    on_one_line(page, ".page .tag", f"{path} at 1366 px")
    on_one_line(page, ".page .button, .page a.small-button", f"{path} at 1366 px")
    no_broken_dates(page, f"{path} at 1366 px")
    screenshot(f"laptop-{name}")

    page.set_viewport_size(PHONE)
    page.goto(path)
    fits_the_phone(page, path)
    titles_take_the_width(page, title, path)
    on_one_line(page, ".page .tag", f"{path} at 390 px")
    on_one_line(page, ".page .button, .page a.small-button", f"{path} at 390 px")
    screenshot(f"phone-{name}")


def test_the_portal_reads_on_a_phone_as_cards(page: Page, screenshot: Any, demo: dict) -> None:
    assert demo["public_tasks"] >= 5 and demo["public_projects"] >= 3, demo
    path = demo["portal"]
    both_widths(page, screenshot, path, "portal-tasks", "#task-table td.card-title")
    titles_take_the_width(page, "#project-table td.card-title", path)

    # On the phone each task is a card with its title, lead unit, deadline, status and
    # progress, all within the screen; the table's header row is not shown.
    expect(page.locator("#task-table thead")).to_be_hidden()
    card = page.locator("#task-table tbody tr").first
    for cell in ("td.card-title", "td.lead-unit", "td.date", "td.state .tag", "td.percent"):
        box = card.locator(cell).bounding_box()
        assert box is not None, cell
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (cell, box)
    # Each cell is labelled with its column's name (the header row being hidden).
    label = card.locator("td.date").evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "完成时限" in label, label
    expect(card.locator("td.percent progress")).to_be_visible()
    project = page.locator("#project-table tbody tr").first
    for cell in ("td.card-title", "td.lead-unit", "td.state .tag", "td.percent"):
        box = project.locator(cell).bounding_box()
        assert box is not None, cell
        assert box["x"] + box["width"] <= PHONE["width"], (cell, box)

    # On the laptop it is the disclosure table again, one row per task.
    page.set_viewport_size(LAPTOP)
    expect(page.locator("#task-table thead")).to_be_visible()
    first = page.locator("#task-table tbody tr").first
    tops = {round(box["y"]) for box in (c.bounding_box() for c in first.locator("td").all()) if box}
    assert len(tops) == 1, "on a laptop a task's cells stand side by side"


def test_the_liaisons_inbox_and_task_list_fit_a_phone(
    page: Page, screenshot: Any, demo: dict
) -> None:
    switch_to(page, LIAISON)
    both_widths(page, screenshot, "/tasks/progress/", "inbox-liaison", "#to-write td.card-title")
    # The row's button sits under the task's title, not beside it.
    row = page.locator("#to-write tbody tr").first
    title, button = (
        row.locator("td.card-title").bounding_box(),
        row.locator("a.small-button").bounding_box(),
    )
    assert title is not None and button is not None
    assert button["y"] >= title["y"] + title["height"] - 1, (title, button)

    both_widths(page, screenshot, "/tasks/", "tasks-liaison", "#task-table td.card-title")


def test_the_supervision_offices_lists_fit_both_widths(
    page: Page, screenshot: Any, demo: dict
) -> None:
    switch_to(page, SUPERVISOR)
    both_widths(page, screenshot, "/tasks/", "tasks-supervisor", "#task-table td.card-title")
    both_widths(page, screenshot, "/tasks/progress/", "inbox-supervisor", ".page td.card-title")
    both_widths(page, screenshot, "/projects/", "projects", "#project-table td.card-title")
    both_widths(page, screenshot, "/tasks/notices/", "notices", "#notice-table td.card-title")
    both_widths(
        page, screenshot, "/tasks/missing-reports/", "missing", "#missing-table td.card-title"
    )
    # The requests awaiting a decision: each a card with its decision form under it.
    both_widths(
        page,
        screenshot,
        "/tasks/change-requests/",
        "change-requests",
        "#change-request-table td.card-title",
    )


def test_the_checks_catch_a_wrapped_tag_and_a_wide_page(page: Page) -> None:
    """The measures themselves: a tag squeezed into a narrow cell, a date broken over two
    lines, a one-character column and a page wider than the phone are each caught."""
    page.set_viewport_size(PHONE)
    page.set_content(
        '<main class="page"><table><tr><td style="width:2em"><span class="tag">已退办待重报</span>'
        '</td><td class="date" style="width:3em">2026-12-31</td>'
        '<td class="card-title" style="width:1em">任务</td></tr></table>'
        '<div style="width:800px">宽</div></main>'
    )
    assert page.evaluate(MORE_THAN_ONE_LINE, ".page .tag")
    assert page.evaluate(BROKEN_DATES)
    with pytest.raises(AssertionError):
        titles_take_the_width(page, "td.card-title", "sample")
    with pytest.raises(AssertionError):
        fits_the_phone(page, "sample")
