"""Hand-overs between the office and a unit, in a real browser: a report the office returns
reaches the liaison, who corrects and resends it; a report never started is listed,
reminded and counted against the unit's on-time rate; notices planned by rule are previewed
and issued as ticked; an extension is asked for, approved, and rewrites the deadline words.

What each journey is not about is set up through the services; each hand-over is driven
through the pages, asserting what each person sees and what was stored. Screenshots of the
key pages are taken at 1366 px and at a phone's 390 px (test-artifacts/handover-*.png)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from luoshi.tasks.models import (
    Cadence,
    ChangeKind,
    ChangeRequest,
    DecisionState,
    Notice,
    NoticeColour,
    ProgressReport,
    ReportState,
    Task,
)
from luoshi.tasks.periods import period_containing, periods_due_between, previous_period
from luoshi.tasks.services.change_requests import change_request_create
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save, progress_sign
from luoshi.tasks.services.reminders import MISSING_DAYS_AFTER
from luoshi.tasks.services.supervision import notice_issue
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.supervision_fixtures import People, people_of, switch_to, task_on_track
from luoshi_tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_REASON = "未写明用地手续办到哪一步，请补充预计开工时间。"


@pytest.fixture
def people(world: World) -> People:
    return people_of(world)


def new_task(people: People, world: World, title: str, **fields: Any) -> Task:
    fields.setdefault("year", timezone.localdate().year)
    fields.setdefault("lead_unit", people.lead_unit)
    return task_create(
        actor=people.supervisor, data=TaskInput(region=world.county, title=title, **fields)
    )


def report(task: Task, people: People, *, as_of: dt.date | None = None) -> ProgressReport:
    """The lead unit's report on `task` for the period of `as_of`, sent on that day."""
    writer = people.liaison if task.lead_unit == people.lead_unit else people.co_head
    return progress_save(
        actor=writer,
        task=task,
        unit=task.lead_unit,
        data=ProgressInput(progress="选址已确定，正在办理用地手续。", percent="20"),
        as_of=as_of,
        submit=True,
    )


def nav(page: Page, name: str) -> None:
    follow_menu(page, name)


def shots(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    """The page as a clerk sees it at a desk, then on a phone, where wide tables scroll
    inside their card rather than widening the page."""
    screenshot(f"{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1366, "height": 860})


def test_a_returned_report_reaches_the_liaison_who_corrects_and_resends_it(
    page, screenshot, world, people
):
    today = timezone.localdate()
    depot = new_task(people, world, "建成县域物流配送中心", deadline=today + dt.timedelta(days=90))
    new_task(people, world, "新建城北农贸市场", deadline=today + dt.timedelta(days=120))
    sent = report(depot, people)
    progress_sign(actor=people.head, report=sent)  # no co-units: on to the office

    # The office returns it with a reason.
    switch_to(page, people.supervisor.username)
    nav(page, "进展填报")
    page.locator("#to-review tr", has_text="建成县域物流配送中心").get_by_role("link").click()
    page.fill("#id_reason", RETURN_REASON)
    page.get_by_role("button", name="退办", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已退办。")
    sent.refresh_from_db()
    assert (sent.state, sent.return_reason, sent.returned_count) == (
        ReportState.RETURNED,
        RETURN_REASON,
        1,
    )

    # The liaison is told, with the reason…
    switch_to(page, people.liaison.username)
    expect(page.locator("#messages-link")).to_contain_text("消息 (1)")
    page.click("#messages-link")
    message = page.locator("#notification-table tbody tr").first
    expect(message).to_contain_text("建成县域物流配送中心")
    expect(message).to_contain_text("被督查室退办")
    expect(message).to_contain_text(RETURN_REASON)
    shots(page, screenshot, "handover-returned-message")

    # …and finds it first among the reports to write, with the reason and a link.
    nav(page, "进展填报")
    first = page.locator("#to-write tbody tr").first
    expect(first).to_have_id(f"returned-{sent.pk}")
    expect(first).to_contain_text("已退办")
    expect(first.locator(".form-error")).to_contain_text(RETURN_REASON)
    expect(page.locator("#to-write tbody tr", has_text="新建城北农贸市场")).to_contain_text(
        "未填报"
    )
    shots(page, screenshot, "handover-returned")
    first.get_by_role("link", name="重新填报").click()
    expect(page).to_have_url(re.compile(rf"/tasks/{depot.pk}/progress/\?report={sent.pk}$"))
    expect(page.locator("#revising")).to_contain_text(sent.period_label)
    expect(page.locator(".form-error")).to_contain_text(RETURN_REASON)
    expect(page.locator("#id_progress")).to_have_value("选址已确定，正在办理用地手续。")
    shots(page, screenshot, "handover-returned-form")
    page.fill("#id_progress", "已取得用地预审意见，预计明年3月开工。")
    page.fill("#id_percent", "25")
    page.get_by_role("button", name="报送单位负责人审签").click()
    expect(page.locator(".messages")).to_contain_text("已报送，等待单位负责人审签。")
    expect(page.locator("#report .tag").first).to_have_text("待单位审签")
    sent.refresh_from_db()
    assert (sent.state, sent.percent) == (ReportState.SUBMITTED, Decimal("25.0"))
    assert sent.progress.startswith("已取得用地预审意见")
    assert ProgressReport.objects.filter(task=depot).count() == 1  # corrected in place

    # The head signs again (the signing hand-over is the supervision journey's); the office
    # finds the report waiting again, marked as returned once.
    progress_sign(actor=people.head, report=sent)
    switch_to(page, people.supervisor.username)
    nav(page, "进展填报")
    row = page.locator("#to-review tr", has_text="建成县域物流配送中心")
    expect(row).to_contain_text("待督查室审核")
    expect(row).to_contain_text("退办 1 次")
    expect(row).to_contain_text("25.0%")
    shots(page, screenshot, "handover-waiting-again")


def test_a_report_never_started_is_chased_and_lowers_the_units_on_time_rate(
    page, screenshot, world, people
):
    today = timezone.localdate()
    monthly = Cadence.MONTHLY
    last = period_containing(monthly, today)
    if last.due >= today:  # the latest period whose due day has passed
        last = previous_period(monthly, last)
    periods = [last]
    for _ in range(3):
        periods.insert(0, previous_period(monthly, periods[0]))
    year, start, deadline = last.due.year, periods[0].start, today + dt.timedelta(days=120)
    water = new_task(
        people, world, "农村供水管网改造", year=year, deadline=deadline, start_date=start
    )
    road = new_task(
        people,
        world,
        "城乡公交一体化",
        year=year,
        deadline=deadline,
        start_date=start,
        lead_unit=people.co_unit,
    )
    for period in periods[:2]:  # 县发改局 reported on time, then stopped
        report(water, people, as_of=period.due)
    for period in periods:  # 县交通局 never missed one
        report(road, people, as_of=period.due)
    days = (today - last.due).days

    # The office's 未报送 list names the missing periods, with the days overdue.
    switch_to(page, people.supervisor.username)
    nav(page, "未报送")
    page.select_option("#missing-year", str(year))
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#missing-by-unit tbody tr").first).to_contain_text("甲县发展和改革局")
    missing = page.locator("#missing-table tbody tr", has_text="农村供水管网改造")
    expect(missing.filter(has_text=last.label)).to_contain_text(f"逾期 {days} 天")
    expect(missing.filter(has_text=periods[2].label)).to_have_class(re.compile("overdue"))
    for period in periods[:2]:
        expect(missing.filter(has_text=period.label)).to_have_count(0)
    expect(page.locator("#missing-table tr.overdue", has_text="城乡公交一体化")).to_have_count(0)
    shots(page, screenshot, "handover-missing")

    # The day's reminders (cron runs `luoshi remind`) tell the liaison.
    remind_day = min(today, last.due + dt.timedelta(days=MISSING_DAYS_AFTER))
    call_command("remind", date=remind_day.isoformat(), stdout=StringIO())
    switch_to(page, people.liaison.username)
    page.click("#messages-link")
    reminder = page.locator("#notification-table tbody tr", has_text=last.label)
    expect(reminder).to_contain_text("进展报告逾期未报送：农村供水管网改造")
    expect(reminder).to_contain_text(f"已逾期{(remind_day - last.due).days}天，请尽快补报")
    shots(page, screenshot, "handover-reminder")

    # The reminder opens the 补报 page; the report is started and sent, late.
    reminder.get_by_role("button", name="查看").click()
    expect(page.locator("h1")).to_have_text("补报进展")
    expect(page.locator("#missing-report")).to_contain_text(f"已逾期 {days} 天")
    page.get_by_role("button", name="开始填报").click()
    expect(page.locator("#revising")).to_contain_text(last.label)
    page.fill("#id_progress", "已完成8个村的管网改造。")
    page.get_by_role("button", name="报送单位负责人审签").click()
    expect(page.locator(".messages")).to_contain_text("已报送")
    late = ProgressReport.objects.get(task=water, period_end=last.end)
    assert late.state == ReportState.SUBMITTED and late.submitted_at is not None
    assert timezone.localdate(late.submitted_at) > late.due_date  # sent late, and counted so

    # The 红黑榜 counts every expected report: the late one and the one never started are
    # not on time.
    switch_to(page, people.supervisor.username)
    nav(page, "红黑榜")
    page.select_option("#ranking-filter select[name=year]", str(year))
    page.get_by_role("button", name="查看").click()
    due = len(periods_due_between(monthly, start, today))
    shown = {}
    for unit, on_time in (("甲县发展和改革局", 2), ("甲县交通运输局", len(periods))):
        cell = page.locator("#ranking-table tr", has_text=unit).locator("td").nth(3)
        expect(cell).to_contain_text(f"{on_time}/{due}")
        rate = re.search(r"([\d.]+)%", cell.inner_text())
        assert rate is not None, unit
        shown[unit] = Decimal(rate.group(1))
        expected = (Decimal(100 * on_time) / due).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert shown[unit] == expected, unit
    assert shown["甲县发展和改革局"] < Decimal(100)
    assert shown["甲县发展和改革局"] < shown["甲县交通运输局"]
    shots(page, screenshot, "handover-ranking")


def test_notices_planned_by_rule_are_previewed_and_only_the_ticked_ones_issued(
    page, screenshot, world, people
):
    today = timezone.localdate()
    overdue = new_task(people, world, "完成老旧小区改造", deadline=today - dt.timedelta(days=10))
    behind = new_task(
        people,
        world,
        "建成城乡公交首末站",
        lead_unit=people.co_unit,
        start_date=today - dt.timedelta(days=200),
        deadline=today + dt.timedelta(days=100),
    )
    near = task_on_track(
        people,
        world,
        title="城东污水处理厂通水",
        deadline=today + dt.timedelta(days=4),
        percent="95",
    )
    asked = new_task(
        people,
        world,
        "建设智慧停车平台",
        start_date=today - dt.timedelta(days=200),
        deadline=today + dt.timedelta(days=100),
    )
    change_request_create(
        actor=people.liaison,
        task=asked,
        kind=ChangeKind.EXTENSION,
        reason="招标流标，需重新招标。",
        new_deadline=asked.deadline + dt.timedelta(days=60),
    )
    held = new_task(people, world, "完成河道清淤", deadline=today - dt.timedelta(days=5))
    manual = notice_issue(
        actor=people.supervisor,
        task=held,
        colour=NoticeColour.RED,
        reason="已逾期。",
        due_date=today + dt.timedelta(days=3),
    )

    switch_to(page, people.supervisor.username)
    nav(page, "督查督办")
    expect(page.locator("#generate-year")).to_have_value(str(today.year))
    page.locator("#generate-form").get_by_role("button", name="预览").click()
    expect(page.locator("h1")).to_contain_text("按规则生成督办单")
    planned = page.locator("#plan-table tbody tr")
    expect(planned).to_have_count(3)
    expect(page.locator("#plan-notices h2")).to_contain_text("红色 1、黄色 1、蓝色 1")
    red = planned.filter(has_text="完成老旧小区改造")
    expect(red).to_contain_text("红色督办（逾期）")
    expect(red).to_contain_text("已逾期10天，进度0%")
    yellow = planned.filter(has_text="建成城乡公交首末站")
    expect(yellow).to_contain_text("县交通局")
    expect(yellow).to_contain_text("落后序时")
    blue = planned.filter(has_text="城东污水处理厂通水")
    expect(blue).to_contain_text("还有4天到期")
    skipped = page.locator("#skipped-table tbody tr")
    expect(skipped).to_have_count(2)
    expect(skipped.filter(has_text="建设智慧停车平台")).to_contain_text(
        "有待审批的延期申请，审批前不督办"
    )
    expect(skipped.filter(has_text="完成河道清淤")).to_contain_text(
        f"已有未办结的督办单：{manual.number}"
    )
    shots(page, screenshot, "handover-notice-plan")

    # The office unticks the reminder and issues the other two.
    blue.locator("input[name=task]").uncheck()
    expect(page.locator("[data-selected-count=task]")).to_have_text("2")
    page.get_by_role("button", name="下发所选督办单").click()
    expect(page.locator(".messages")).to_contain_text(
        "已按规则下发 2 份督办单（红色 1、黄色 1、蓝色 0）"
    )
    by_rule = page.locator("#notice-table tbody tr", has_text="按规则")
    expect(by_rule).to_have_count(2)
    expect(by_rule.filter(has_text="完成老旧小区改造")).to_contain_text("红色")
    expect(by_rule.filter(has_text="建成城乡公交首末站")).to_contain_text("县交通局")
    expect(page.locator("#notice-table")).not_to_contain_text("城东污水处理厂通水")
    expect(page.locator("#notice-table tbody tr")).to_have_count(3)  # with the manual one
    shots(page, screenshot, "handover-notices-issued")
    issued = Notice.objects.exclude(rule="")
    assert {(n.task_id, n.unit_id, n.colour) for n in issued} == {
        (overdue.pk, people.lead_unit.pk, NoticeColour.RED),
        (behind.pk, people.co_unit.pk, NoticeColour.YELLOW),
    }
    assert not Notice.objects.filter(task__in=[near, asked]).exists()
    assert Notice.objects.filter(task=held).count() == 1


def test_an_extension_is_requested_approved_and_rewrites_the_deadline_words(
    page, screenshot, world, people
):
    today = timezone.localdate()
    year = today.year if today < dt.date(today.year, 9, 30) else today.year + 1
    task = new_task(
        people,
        world,
        "完成城区雨污分流改造",
        year=year,
        deadline=dt.date(year, 9, 30),
        deadline_text="9月底前",
    )
    new_deadline = dt.date(year, 11, 30)

    # The liaison asks, from the task page.
    switch_to(page, people.liaison.username)
    nav(page, "任务")
    page.locator("#task-table").get_by_role("link", name="完成城区雨污分流改造").click()
    expect(page.locator("#task-fields")).to_contain_text(f"{year}年9月30日（9月底前）")
    page.get_by_role("link", name="申请延期或调整").click()
    page.select_option("#id_kind", ChangeKind.EXTENSION)
    page.fill("#id_reason", "管线迁改涉及燃气管道，需与燃气公司协调，工期顺延两个月。")
    page.fill("#id_new_deadline", new_deadline.isoformat())
    shots(page, screenshot, "handover-extension-form")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("申请已提交，等待审批。")
    expect(page.locator("#change-requests")).to_contain_text("待审批")
    change = ChangeRequest.objects.get(task=task)
    assert (change.unit, change.requested_by) == (people.lead_unit, people.liaison)

    # The office finds it in 延期审批, with the words the new date will have, and approves.
    switch_to(page, people.supervisor.username)
    nav(page, "延期审批")
    row = page.locator(f"#request-{change.pk}")
    expect(row).to_contain_text(f"原时限 {year}年9月30日（9月底前）")
    expect(row).to_contain_text(f"申请延至 {year}年11月30日（11月底前）")
    expect(row).to_contain_text("管线迁改涉及燃气管道")
    shots(page, screenshot, "handover-extension-queue")
    row.get_by_label("审批意见").fill("同意延期，请倒排工期。")
    row.get_by_role("button", name="同意", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已同意该申请。")
    expect(page.locator("#queue-count")).to_contain_text("待审批 0 份")
    page.goto(f"/tasks/{task.pk}/")
    expect(page.locator("#task-fields")).to_contain_text(f"{year}年11月30日（11月底前）")
    expect(page.locator(f"#change-requests #request-{change.pk}")).to_contain_text("已同意")
    shots(page, screenshot, "handover-extension-task")
    task.refresh_from_db()
    change.refresh_from_db()
    assert (task.deadline, task.deadline_text) == (new_deadline, "11月底前")
    assert (change.state, change.decided_by) == (DecisionState.APPROVED, people.supervisor)

    # The liaison is told the new deadline, in its words.
    switch_to(page, people.liaison.username)
    page.click("#messages-link")
    message = page.locator("#notification-table tbody tr", has_text="延期申请已同意")
    expect(message).to_contain_text(
        f"“完成城区雨污分流改造”的延期申请已同意，完成时限调整为{year}年11月30日（11月底前）。"
    )
    expect(message).to_contain_text("审批意见：同意延期，请倒排工期。")
    shots(page, screenshot, "handover-extension-approved")
