"""Meetings and deputies in a real browser: the office records a symposium with its people,
speeches and instructions, refers an instruction choosing the lead unit and makes its task
from the meeting; an imported summary meeting's date without a year is settled on the review
screen; a deputy hands in a written suggestion, the office hands it to a unit, the unit
answers it and the deputy rates the answer; a summary meeting's cooperation item becomes a
key project that points back. Screenshots at 1366 px and 390 px (test-artifacts/meeting-*)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.engagement.meeting_services import InsightInput, MeetingInput, meeting_create
from luoshi.engagement.models import CooperationItem, Meeting, Opinion, Referral
from luoshi.imports.models import ItemKind
from luoshi.imports.services import import_batch_create, import_batch_read
from luoshi.projects.models import Project
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text
from luoshi.tasks.models import Task
from luoshi_tests.browser.menu_helpers import follow_menu
from luoshi_tests.browser.supervision_fixtures import switch_to
from luoshi_tests.conftest import World, user_with_role
from luoshi_tests.engagement.conftest import DRAFT
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def shoot(page: Page, screenshot, name: str) -> None:
    """The page at a desk's width, then at a phone's (back to the desk afterwards)."""
    screenshot(f"meeting-{name}-1366")
    page.set_viewport_size(PHONE)
    screenshot(f"meeting-{name}-390")
    page.set_viewport_size({"width": 1366, "height": 860})


def pick_unit(page: Page, field: str, typed: str) -> None:
    search = page.locator(f"#id_{field}-search")
    search.fill(typed)
    page.locator(f"#id_{field}-list").get_by_role("option").first.click()


def test_a_symposium_by_hand_its_instruction_referred_to_the_chosen_lead_and_its_task(
    page: Page, screenshot, world: World
):
    user_with_role("office_mt", world.office, Role.SUPERVISOR)
    UnitFactory(region=world.county, name="甲县财政局", short_name="县财政局")
    switch_to(page, "office_mt")
    follow_menu(page, "会议")
    page.locator("#meeting-new").click()
    page.select_option("#id_kind", "symposium")
    page.fill("#id_title", "甲县优化营商环境座谈会")
    page.fill("#id_date", "2026-05-11")
    page.select_option("#id_region", str(world.county.pk))
    page.fill("#id_place", "县政府三楼会议室")
    page.fill("#id_people-0-name", "王某")
    page.fill("#id_people-0-titles", "县委副书记、县长")
    page.select_option("#id_people-0-role", "host")
    page.fill("#id_people-1-name", "李某")
    page.fill("#id_people-1-titles", "县发改局局长")
    page.fill("#id_groups-0-sector", "企业家代表")
    page.fill("#id_speeches-0-speaker_name", "赵某")
    page.fill("#id_speeches-0-speaker_title", "某科技公司董事长")
    page.fill("#id_speeches-0-summary", "建议设立中小企业转贷应急资金。")
    page.fill("#id_instructions-0-text", "县财政局研究设立转贷应急资金。")
    page.fill("#id_instructions-1-text", "县发改局牵头梳理企业反映的审批堵点，一个月内拿出清单。")
    page.locator("#meeting-save").click()
    expect(page.locator(".messages")).to_contain_text("会议已登记")
    meeting = Meeting.objects.get()
    assert [p.name for p in meeting.people.all()] == ["王某", "李某"]
    expect(page.locator("main")).to_contain_text("建议设立中小企业转贷应急资金")

    # Refer the second instruction: the bureau leads (picked by search), finance assists.
    page.locator("#refer-2").click()
    pick_unit(page, "lead_unit", "发改")
    page.locator("#id_co_units").get_by_label("甲县财政局").check()
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="交办").click()
    referral = Referral.objects.get()
    assert referral.lead_unit == world.bureau
    assert {u.name for u in referral.units.all()} == {"甲县发展和改革局", "甲县财政局"}
    page.goto(f"/engagement/meetings/{meeting.pk}/")
    row = page.locator(f"#referral-{referral.pk}")
    expect(row).to_contain_text("县发改局")
    shoot(page, screenshot, "symposium")

    # Its task, from the meeting, by the one path of 从交办事项.
    page.locator(f"#task-from-referral-{referral.pk}").click()
    task = Task.objects.get(referral=referral)
    expect(page).to_have_url(f"{page.url.split('/tasks/')[0]}/tasks/{task.pk}/")
    assert task.lead_unit == world.bureau
    page.goto(f"/engagement/meetings/{meeting.pk}/")
    expect(row).to_contain_text(task.title[:10])


def test_an_imported_summary_meeting_gets_its_year_on_the_review_screen(
    page: Page, screenshot, seeds_dir
):
    province = RegionFactory(code="210000", name="辽宁省", level=RegionLevel.PROVINCE, kind="省")
    office = UnitFactory(region=province, name="辽宁省人民政府办公厅")
    reviewer = user_with_role("ln_office", office, Role.SUPERVISOR)
    content = next(seeds_dir.glob("004_*.txt")).read_bytes()
    batch = import_batch_read(
        batch_id=import_batch_create(actor=reviewer, file_name="004.txt", content=content).batch.pk
    )
    event = next(
        i for i in batch.items.filter(kind=ItemKind.EVENT) if i.value["kind"] == "summary_meeting"
    )
    switch_to(page, "ln_office")
    page.goto(f"/imports/{batch.pk}/")
    item = page.locator(f"#item-{event.pk}")
    expect(item).to_contain_text("未写年份")
    item.locator("summary", has_text="修改").click()
    item.locator("input[name=date]").fill("2023-05-11")
    item.locator("input[name=place]").fill("沈阳桃仙机场")
    shoot(page, screenshot, "import-review")
    item.get_by_role("button", name="保存修改").click()
    expect(page.locator(f"#item-{event.pk}")).to_contain_text("2023年5月11日")
    for button in page.get_by_role("button", name="接受本类未处理的").all():
        button.click()
        page.wait_for_load_state()
    page.locator("#commit-button").click()
    meeting = Meeting.objects.get(kind="summary_meeting")
    assert (meeting.date, meeting.place) == (date(2023, 5, 11), "沈阳桃仙机场")
    page.goto(f"/engagement/meetings/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text("2023年5月11日")


def test_a_deputy_suggests_the_unit_answers_and_the_deputy_rates_it(
    page: Page, screenshot, world: World
):
    office = user_with_role("office_dp", world.office, Role.SUPERVISOR)
    user_with_role("liaison_dp", world.bureau, Role.LIAISON)
    delegation = UnitFactory(region=world.county, name="甲县第三代表团")
    user_with_role("deputy_dp", delegation, Role.REPRESENTATIVE)
    report = report_create(actor=office, region=world.county, year=2026)
    draft = report_version_create(
        actor=office, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    report_version_publish(actor=office, version=draft)

    switch_to(page, "deputy_dp")
    follow_menu(page, "我的建议")
    page.get_by_role("link", name="书面建议").click()
    page.fill("#id_text", "建议在山区乡镇优先安排农村公路改造资金，解决群众出行难。")
    page.fill("#id_contact", "13900000001")
    page.get_by_role("button", name="保存").click()
    opinion = Opinion.objects.get()
    assert (opinion.delegation, opinion.channel) == ("甲县第三代表团", "written")

    switch_to(page, "office_dp")
    page.goto(f"/engagement/opinions/{opinion.pk}/")
    pick_unit(page, "unit", "发改")
    page.locator("#hand-form").get_by_role("button", name="交办").click()
    expect(page.locator("#opinion-handling")).to_contain_text("县发改局")

    switch_to(page, "liaison_dp")
    follow_menu(page, "建议办理")
    page.get_by_role("link", name="建议在山区乡镇").click()
    expect(page.locator("#contact")).to_contain_text("13900000001")
    page.select_option("#id_state", "adopted")
    page.select_option("#id_category", "A")
    page.fill("#id_reply", "已将三个山区乡镇的公路列入今年计划。")
    shoot(page, screenshot, "suggestion-answer")
    page.get_by_role("button", name="保存答复").click()
    opinion.refresh_from_db()
    assert (opinion.state, opinion.category) == ("adopted", "A")

    switch_to(page, "deputy_dp")
    follow_menu(page, "我的建议")
    row = page.locator(f"#opinion-{opinion.pk}")
    expect(row).to_contain_text("已将三个山区乡镇的公路列入今年计划")
    row.get_by_label("满意", exact=True).check()
    row.get_by_role("button", name="提交评价").click()
    shoot(page, screenshot, "deputy-page")
    opinion.refresh_from_db()
    assert opinion.author_rating == "satisfied"


def test_a_cooperation_item_of_a_study_tour_becomes_a_key_project(
    page: Page, screenshot, world: World
):
    office = user_with_role("office_ct", world.office, Role.SUPERVISOR)
    user_with_role("leader_ct", world.office, Role.LEADER)
    meeting = meeting_create(
        actor=office,
        data=MeetingInput(
            kind="summary_meeting",
            title="赴浙江学习考察总结交流会",
            date=date(2026, 5, 11),
            region=world.county,
            insights=[InsightInput("浙江杭州", "数字化改革一网通办", "能少跑一次就少跑一次")],
        ),
    )
    switch_to(page, "office_ct")
    page.goto(f"/engagement/meetings/{meeting.pk}/")
    expect(page.locator("#meeting-insights")).to_contain_text("浙江杭州")
    page.locator("#cooperation-new").click()
    page.fill("#id_partner", "杭州某新能源公司")
    page.fill("#id_content", "合作建设储能电池生产基地。一期投资2.5亿元")
    pick_unit(page, "unit", "发改")
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=90)).isoformat())
    page.fill("#id_amount", "2.5")
    page.locator("#cooperation-save").click()
    item = CooperationItem.objects.get()
    expect(page.locator("h1")).to_contain_text("杭州某新能源公司")

    page.locator("#cooperation-to-project").click()
    expect(page.locator("#project-from-cooperation")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("合作建设储能电池生产基地")
    page.fill("#id_annual_plan", "8000")
    shoot(page, screenshot, "cooperation-project-form")
    page.locator("#project-form").get_by_role("button", name="保存").click()
    project = Project.objects.get()
    assert project.cooperation_item == item and project.total_investment == 25000
    page.locator("#project-cooperation a").first.click()
    expect(page.locator("#cooperation-projects")).to_contain_text("合作建设储能电池生产基地")

    switch_to(page, "leader_ct")
    follow_menu(page, "学习考察成果")
    expect(page.locator("#study-tour-table")).to_contain_text("赴浙江学习考察总结交流会")
    shoot(page, screenshot, "study-tours")
