"""Tasks from a 分解表 to the public portal, in a real browser: the office imports the table;
the lead unit, its co-unit and its head report, sign and consolidate; the office approves
one report and returns another; a task turns yellow, then red, as its deadline passes and is
sent a red notice that the unit receives and answers; an outsider unit is refused throughout.

The clock: pages keep the real today, and the colour evaluation (what the daily job runs) is
called as of later days with `tasks_evaluate(as_of=…)`; the pages show the stored colour and
its history, so moving the evaluation's day is moving the clock for everything shown."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from luoshi.tasks.models import (
    Colour,
    Notice,
    NoticeColour,
    NoticeState,
    ProgressReport,
    ReportState,
    Task,
)
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save
from luoshi.tasks.services.supervision import notice_issue
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.supervision_fixtures import (
    NOT_ALLOWED,
    People,
    decomposition_workbook,
    people_of,
    post_from_page,
    switch_to,
    task_on_track,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATER = "完成12个行政村供水管网改造"
DEPOT = "建成县域物流配送中心并投入运营"
WATER_PROGRESS = "已完成8个村的管网改造，累计铺设管道23公里。"
WATER_PROBLEMS = "部分村组施工与秋收冲突，进度偏慢。"
ROAD_PROGRESS = "配合修复施工便道5公里。"
DEPOT_PROGRESS = "选址已确定，正在办理用地手续。"
RETURN_REASON = "进展情况过于笼统，请补充用地手续办到哪一步、预计何时开工。"


@pytest.fixture
def people(world) -> People:
    return people_of(world)


def fill_progress(page: Page, *, progress: str, percent: str, problems: str = "") -> None:
    page.fill("#id_progress", progress)
    page.fill("#id_problems", problems)
    page.fill("#id_next_steps", "下月底前完成剩余工作。")
    page.fill("#id_percent", percent)
    page.get_by_role("button", name="报送单位负责人审签").click()
    expect(page.locator(".messages")).to_contain_text("已报送，等待单位负责人审签。")


def open_row(page: Page, section: str, text: str, link: str | None = None) -> None:
    """In the progress inbox, open the row of `section` that names `text`."""
    row = page.locator(f"{section} tr", has_text=text)
    if link:
        row.get_by_role("link", name=link).click()
    else:
        row.get_by_role("link").first.click()


def click_button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_a_decomposition_table_is_imported_reported_approved_returned_and_published(
    page, screenshot, world, people, tmp_path
):
    year = timezone.localdate().year
    workbook = decomposition_workbook(
        tmp_path / "分解表.xlsx",
        [
            {
                "number": "1",
                "source_text": "实施农村供水保障工程，让群众喝上放心水。",
                "title": WATER,
                "leader": "李某（副县长）",
                "lead_unit": "县发改局",
                "co_units": "甲县交通运输局",
                "deadline": "年底前",
                "milestones": "二季度：完成设计招标；三季度：完成6个村管网铺设；四季度：全部通水",
            },
            {
                "number": "2",
                "source_text": "加快县域商贸物流体系建设。",
                "title": DEPOT,
                "leader": "王某（副县长）",
                "lead_unit": "甲县发展和改革局",
                "deadline": dt.date(year, 12, 31),
            },
        ],
        title=f"甲县{year}年政府工作报告重点任务分解表",
    )

    # 1. The office imports the table and sees the tasks listed.
    switch_to(page, people.supervisor.username)
    follow_menu(page, "任务")
    page.get_by_role("link", name="导入分解表").click()
    expect(page.locator("h1")).to_contain_text("导入任务分解表")
    page.select_option("#id_region", label="甲县")
    page.fill("#id_year", str(year))
    page.set_input_files("input[name=file]", str(workbook))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#import-preview")).to_contain_text("新增 2 项")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messages")).to_contain_text("分解表已导入：新增 2 项")
    table = page.locator("#task-table")
    expect(table).to_contain_text(WATER)
    expect(table).to_contain_text(DEPOT)
    expect(table.locator("tr", has_text=WATER)).to_contain_text("县交通局")
    screenshot("supervision-imported")
    water = Task.objects.get(title=WATER)
    depot = Task.objects.get(title=DEPOT)
    assert (water.lead_unit, list(water.co_units.all())) == (people.lead_unit, [people.co_unit])
    assert water.deadline == dt.date(year, 12, 31) and water.milestones.count() == 3
    assert depot.lead_unit == people.lead_unit and not depot.co_units.exists()

    # The office opens the water task to the public (the portal shows only public tasks).
    table.get_by_role("link", name=WATER).click()
    page.get_by_role("link", name="修改", exact=True).click()
    page.check("#id_is_public")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("任务已保存。")
    expect(page.locator("#task-fields")).to_contain_text("向社会公开")

    # 2. The lead unit's liaison reports on both tasks.
    switch_to(page, people.liaison.username)
    follow_menu(page, "进展填报")
    expect(page.locator("#to-write")).to_contain_text(WATER)
    open_row(page, "#to-write", WATER, "填报")
    expect(page.locator("h1")).to_contain_text("填报进展")
    page.fill("#id_progress", WATER_PROGRESS)
    page.fill("#id_problems", WATER_PROBLEMS)
    page.fill("#id_next_steps", "调配两支施工队，月底前完成剩余4个村。")
    page.fill("#id_percent", "60")
    screenshot("supervision-progress-form")
    page.get_by_role("button", name="报送单位负责人审签").click()
    expect(page.locator(".messages")).to_contain_text("已报送，等待单位负责人审签。")
    expect(page.locator("#report .tag").first).to_have_text("待单位审签")
    follow_menu(page, "进展填报")
    open_row(page, "#to-write", DEPOT, "填报")
    fill_progress(page, progress=DEPOT_PROGRESS, percent="20")

    # The co-unit writes its part, and its head signs it.
    switch_to(page, people.co_head.username)
    follow_menu(page, "进展填报")
    open_row(page, "#to-write", WATER, "填报")
    fill_progress(page, progress=ROAD_PROGRESS, percent="70")
    click_button(page, "审签")
    expect(page.locator(".messages")).to_contain_text("已审签。")
    expect(page.locator("#report .tag").first).to_have_text("待牵头单位汇总")

    # 3. The lead unit's head signs both; the water task has a co-unit, so the lead unit
    # consolidates it before it goes to the office.
    switch_to(page, people.head.username)
    follow_menu(page, "进展填报")
    expect(page.locator("#to-sign tr", has_text=WATER)).to_contain_text("县发改局")
    open_row(page, "#to-sign", WATER)
    expect(page.locator("#report")).to_contain_text(WATER_PROGRESS)
    click_button(page, "审签")
    expect(page.locator(".messages")).to_contain_text("已审签。")
    click_button(page, "汇总并报送督查室")
    expect(page.locator(".messages")).to_contain_text("已汇总报送督查室。")
    expect(page.locator("#report")).to_contain_text("配合单位报告")
    expect(page.locator("#report")).to_contain_text(ROAD_PROGRESS)
    expect(page.locator("#report .tag").first).to_have_text("待督查室审核")
    screenshot("supervision-consolidated")
    follow_menu(page, "进展填报")
    open_row(page, "#to-sign", DEPOT)
    click_button(page, "审签")
    expect(page.locator("#report .tag").first).to_have_text("待督查室审核")

    # The office approves the water report; the task takes its percent.
    switch_to(page, people.supervisor.username)
    follow_menu(page, "进展填报")
    expect(page.locator("#to-review")).to_contain_text(DEPOT)
    open_row(page, "#to-review", WATER)
    click_button(page, "审核通过")
    expect(page.locator(".messages")).to_contain_text("已审核通过。")
    expect(page.locator("#report .tag").first).to_have_text("已审核")
    page.locator(".breadcrumbs").get_by_role("link", name=re.compile(WATER[:10])).click()
    expect(page.locator("#task-fields")).to_contain_text("进度 60.0%")
    expect(page.locator("#colour-history li")).to_have_count(1)

    # 4. …and returns the depot report with a reason.
    follow_menu(page, "进展填报")
    open_row(page, "#to-review", DEPOT)
    page.fill("#id_reason", RETURN_REASON)
    click_button(page, "退办")
    expect(page.locator(".messages")).to_contain_text("已退办。")
    expect(page.locator("#report .tag").first).to_have_text("已退办")

    lead_water = ProgressReport.objects.get(task=water, unit=people.lead_unit)
    co_water = ProgressReport.objects.get(task=water, unit=people.co_unit)
    lead_depot = ProgressReport.objects.get(task=depot, unit=people.lead_unit)
    assert lead_water.state == co_water.state == ReportState.APPROVED
    assert co_water.consolidated_into == lead_water
    assert lead_water.signed_by == people.head and lead_water.reviewed_by == people.supervisor
    assert (lead_depot.state, lead_depot.return_reason) == (ReportState.RETURNED, RETURN_REASON)
    water.refresh_from_db()
    assert water.percent == Decimal("60.0") and water.is_public

    # The liaison sees the reason, corrects the report and sends it again.
    switch_to(page, people.liaison.username)
    follow_menu(page, "进展填报")
    expect(page.locator("#to-write tr", has_text=DEPOT)).to_contain_text("已退办")
    open_row(page, "#to-write", DEPOT, "填报")
    expect(page.locator(".form-error")).to_contain_text(RETURN_REASON)
    screenshot("supervision-returned-seen-by-liaison")
    fill_progress(
        page, progress=DEPOT_PROGRESS + "已取得用地预审意见，预计明年3月开工。", percent="25"
    )
    lead_depot.refresh_from_db()
    assert (lead_depot.state, lead_depot.returned_count) == (ReportState.SUBMITTED, 1)

    # 7. The public portal, signed out, shows the approved progress of the public task only.
    page.click("#logout-button")
    page.goto("/portal/")
    page.locator("#portal-regions tr", has_text="甲县").get_by_role(
        "link", name=f"{year}年"
    ).click()
    expect(page.locator("#portal-title")).to_contain_text(f"甲县{year}年重点工作进展和完成情况")
    row = page.locator("#task-table tr", has_text=WATER)
    expect(row).to_contain_text(WATER_PROGRESS)
    expect(row).to_contain_text("甲县发展和改革局")
    expect(row).to_contain_text("60%")
    expect(page.locator("#tasks")).not_to_contain_text(WATER_PROBLEMS)
    expect(page.locator("body")).not_to_contain_text(DEPOT)
    expect(page.locator("body")).not_to_contain_text(RETURN_REASON)
    screenshot("supervision-portal")


def test_a_task_turns_yellow_then_red_and_its_red_notice_is_received_answered_and_closed(
    page, screenshot, world, people
):
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=20)
    task = task_on_track(people, world, title="建成城东污水处理厂", deadline=deadline, percent="95")
    assert task.colour == Colour.GREEN

    switch_to(page, people.supervisor.username)
    follow_menu(page, "任务")
    page.locator("#task-table").get_by_role("link", name="建成城东污水处理厂").click()
    fields, history = page.locator("#task-fields"), page.locator("#colour-history li")
    expect(fields.locator(".light-green")).to_be_visible()
    expect(history).to_have_count(1)

    # 5. Two days before the deadline the nightly evaluation turns it yellow…
    tasks_evaluate(actor=None, as_of=deadline - dt.timedelta(days=2), task_ids=[task.pk])
    page.reload()
    expect(fields.locator(".light-yellow")).to_be_visible()
    expect(fields).to_contain_text("黄")
    expect(history).to_have_count(2)
    expect(history.nth(1)).to_contain_text("黄灯")
    expect(history.nth(1)).to_contain_text("距完成时限不足 3 天")
    screenshot("supervision-task-yellow")

    # …and the day after it, red; the history keeps all three lights.
    tasks_evaluate(actor=None, as_of=deadline + dt.timedelta(days=1), task_ids=[task.pk])
    page.reload()
    expect(fields.locator(".light-red")).to_be_visible()
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("绿灯")
    expect(history.nth(1)).to_contain_text("黄灯")
    expect(history.nth(2)).to_contain_text("红灯")
    expect(history.nth(2)).to_contain_text("已超过完成时限")
    screenshot("supervision-task-red")
    page.goto("/tasks/?colour=red")
    expect(page.locator("#task-table tr", has_text="建成城东污水处理厂")).to_contain_text("红")

    # 6. The office sends the lead unit a red notice from the task page.
    page.goto(f"/tasks/{task.pk}/")
    page.get_by_role("link", name="下发督办单").click()
    expect(page.locator("#id_unit")).to_have_value(str(people.lead_unit.pk))
    page.select_option("#id_colour", NoticeColour.RED)
    page.fill("#id_reason", "已超过完成时限仍未完工。")
    page.fill("#id_requirement", "三日内报送整改措施和完工时间。")
    click_button(page, "下发")
    expect(page.locator(".messages")).to_contain_text("已下发督办单督办〔")
    expect(page.locator("h1")).to_contain_text("红色督办")
    screenshot("supervision-notice-issued")
    notice = Notice.objects.get(task=task)
    assert (notice.unit, notice.colour, notice.state) == (
        people.lead_unit,
        NoticeColour.RED,
        NoticeState.ISSUED,
    )

    # The liaison finds it among the messages, receives it and answers.
    switch_to(page, people.liaison.username)
    expect(page.locator("#messages-link")).to_contain_text("消息 (1)")
    page.click("#messages-link")
    message = page.locator("#notification-table tr", has_text=notice.number)
    expect(message).to_contain_text("建成城东污水处理厂")
    message.get_by_role("button", name="查看").click()
    expect(page.locator("h1")).to_contain_text(notice.number)
    click_button(page, "签收")
    expect(page.locator(".messages")).to_contain_text("已签收。")
    page.fill("#id_answer", "已增派施工力量，设备调试本周完成，下周组织验收。")
    click_button(page, "提交反馈")
    expect(page.locator(".messages")).to_contain_text("已反馈办理情况。")
    expect(page.locator("#notice-answer")).to_contain_text("设备调试本周完成")
    screenshot("supervision-notice-answered")

    # The office reviews the answer and closes the notice.
    switch_to(page, people.supervisor.username)
    follow_menu(page, "督查督办")
    notices = page.locator("#notice-table tr", has_text=notice.number)
    expect(notices).to_contain_text("已反馈")
    notices.get_by_role("link", name=notice.number).click()
    page.fill("#id_note", "措施具体，同意办结，请按期验收。")
    click_button(page, "办结")
    expect(page.locator(".messages")).to_contain_text("已办结。")
    expect(page.locator(".tag.notice-state-closed")).to_have_text("已办结")
    screenshot("supervision-notice-closed")
    notice.refresh_from_db()
    assert notice.state == NoticeState.CLOSED
    assert notice.received_by == people.liaison and notice.answer.startswith("已增派")
    assert notice.review_note == "措施具体，同意办结，请按期验收。"


def test_a_liaison_of_another_unit_can_neither_see_nor_change_the_task(
    page, screenshot, world, people
):
    task = task_on_track(
        people,
        world,
        title="改造城区老旧小区3个",
        deadline=timezone.localdate() + dt.timedelta(days=60),
        percent="40",
    )
    report = progress_save(
        actor=people.liaison,
        task=task,
        unit=people.lead_unit,
        data=ProgressInput(progress="已完成1个小区外墙改造。", percent="50"),
        as_of=timezone.localdate() + dt.timedelta(days=40),  # next period's report
        submit=True,
    )
    notice = notice_issue(
        actor=people.supervisor,
        task=task,
        colour=NoticeColour.YELLOW,
        reason="进度需加快。",
        due_date=timezone.localdate() + dt.timedelta(days=5),
    )
    reports_before = ProgressReport.objects.count()

    # 8. 县教育局's liaison: the task is not in their list, and its pages are refused.
    switch_to(page, people.outsider.username)
    follow_menu(page, "任务")
    expect(page.locator("#task-table")).to_contain_text("没有符合条件的任务")
    for url in (
        f"/tasks/{task.pk}/",
        f"/tasks/{task.pk}/progress/",
        f"/tasks/progress/{report.pk}/",
        f"/tasks/notices/{notice.pk}/",
        f"/tasks/{task.pk}/edit/",
    ):
        response = page.goto(url)
        assert response is not None and response.status in {403, 404}, url
        expect(page.locator("h1")).to_have_text(NOT_ALLOWED)
        expect(page.locator("main")).not_to_contain_text("改造城区老旧小区")
    screenshot("supervision-outsider-denied")

    # Hand-made POSTs from the signed-in browser are refused too. The same way of posting
    # works for what the liaison may do (their own messages), so a refusal is the rule's.
    status, _body = post_from_page(page, "/tasks/notifications/read-all/", {})
    assert status == 0  # redirected back to the messages: the token and session are good
    attempts = [
        (f"/tasks/{task.pk}/progress/", {"progress": "冒名填报", "percent": "100", "submit": "1"}),
        (f"/tasks/progress/{report.pk}/sign/", {}),
        (f"/tasks/progress/{report.pk}/return/", {"reason": "冒名退办"}),
        (f"/tasks/notices/{notice.pk}/receive/", {}),
        (f"/tasks/notices/{notice.pk}/answer/", {"answer": "冒名反馈"}),
        (
            f"/tasks/{task.pk}/notices/new/",
            {"unit": str(people.lead_unit.pk), "colour": "red", "reason": "冒名督办"},
        ),
        (f"/tasks/{task.pk}/edit/", {"title": "冒名修改", "is_public": "on"}),
    ]
    for url, data in attempts:
        status, body = post_from_page(page, url, data)
        assert status in {403, 404}, (url, status)
        assert NOT_ALLOWED.search(body), url

    report.refresh_from_db()
    notice.refresh_from_db()
    task.refresh_from_db()
    assert (report.state, report.return_reason, report.signed_by) == (
        ReportState.SUBMITTED,
        "",
        None,
    )
    assert (notice.state, notice.answer, notice.received_by) == (NoticeState.ISSUED, "", None)
    assert ProgressReport.objects.count() == reports_before
    assert not ProgressReport.objects.filter(unit=people.outsider_unit).exists()
    assert Notice.objects.count() == 1
    assert (task.title, task.is_public) == ("改造城区老旧小区3个", False)
