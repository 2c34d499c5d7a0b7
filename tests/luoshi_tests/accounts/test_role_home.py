"""A home for each role (issue 13): each role lands on its own work, counted as the list it
links to counts it for that user, and sees nothing beyond its scope.

- 联络员: the reports due (returned ones first, with the reason), notices to sign for and
  answer, this month's deadlines of the unit;
- 审核人: the reports waiting for the head's signature, and what the liaison sees;
- 督查室: 未报送 · 待审核 · 退办待重报 · 延期审批 · today's reds · answered notices, counted;
- 领导: the dashboard's headline and the red tasks of their scope;
- 代表: the report out for comments, their own opinions and the answers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.models import Role, User
from luoshi.accounts.services import api_token_create
from luoshi.core.home import panels_for
from luoshi.core.models import Unit
from luoshi.engagement.services import opinion_answer, opinion_record
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text
from luoshi.tasks.models import ChangeKind, Colour, Notice, NoticeColour, ReportState, Task
from luoshi.tasks.services.change_requests import change_request_create
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi.tasks.services.progress_flow import (
    ProgressInput,
    progress_return,
    progress_save,
    progress_sign,
)
from luoshi.tasks.services.supervision import notice_issue, notice_receive
from luoshi_tests.conftest import World, user_with_role
from luoshi_tests.factories import MembershipFactory, RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

RETURN_REASON = "未写明用地手续办到哪一步，请补充预计开工时间。"
OTHER_REASON = "教育局的报告缺少下一步措施。"
PANEL = re.compile(r'<section class="card home-panel[^"]*" id="home-([a-z-]+)"')


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass
class Work:
    returned: Task  # the liaison's report on it was returned by the head
    to_write: Task  # due this month, no report yet
    to_sign: Task  # submitted, waiting for the head
    to_review: Task  # signed, waiting for the office
    red: Task
    issued: Notice
    received: Notice
    outsider: User  # 甲县教育局's liaison: same county, none of these tasks
    outsider_task: Task


def new_task(actor: User, world: World, title: str, lead: Unit, **fields: Any) -> Task:
    today = timezone.localdate()
    fields.setdefault("year", today.year)
    fields.setdefault("start_date", dt.date(today.year, 1, 1))
    # Next year: none of them falls due this month but the one a test puts there.
    fields.setdefault("deadline", dt.date(today.year + 1, 6, 30))
    return task_create(
        actor=actor, data=TaskInput(region=world.county, title=title, lead_unit=lead, **fields)
    )


def submitted(liaison: User, task: Task, unit: Unit) -> Any:
    return progress_save(
        actor=liaison,
        task=task,
        unit=unit,
        data=ProgressInput(progress="已完成选址和方案设计。", percent=Decimal("40")),
        submit=True,
    )


@pytest.fixture
def work(world, supervisor, liaison, unit_head) -> Work:
    today = timezone.localdate()
    returned = new_task(supervisor, world, "乡村道路硬化工程", world.bureau, number="1")
    progress_return(
        actor=unit_head, report=submitted(liaison, returned, world.bureau), reason=RETURN_REASON
    )
    to_write = new_task(
        supervisor, world, "冷链物流中心建设", world.bureau, number="2", deadline=month_end(today)
    )
    to_sign = new_task(supervisor, world, "城区学校扩建", world.bureau, number="3")
    submitted(liaison, to_sign, world.bureau)
    to_review = new_task(supervisor, world, "农贸市场提升改造", world.bureau, number="4")
    progress_sign(actor=unit_head, report=submitted(liaison, to_review, world.bureau))
    red = new_task(supervisor, world, "老旧小区改造", world.bureau, number="5")
    Task.objects.filter(pk=red.pk).update(colour=Colour.RED)
    change_request_create(
        actor=liaison,
        task=to_sign,
        kind=ChangeKind.EXTENSION,
        reason="设备到货推迟。",
        new_deadline=dt.date(today.year + 1, 12, 31),
    )
    due = today + dt.timedelta(days=5)
    issued = notice_issue(
        actor=supervisor, task=to_write, colour=NoticeColour.BLUE, reason="临期提醒", due_date=due
    )
    received = notice_issue(
        actor=supervisor, task=red, colour=NoticeColour.RED, reason="逾期未完成", due_date=due
    )
    received = notice_receive(actor=liaison, notice=received)
    outsider_unit = UnitFactory(region=world.county, name="甲县教育局", short_name="县教育局")
    outsider = user_with_role("liaison_edu", outsider_unit, Role.LIAISON)
    outsider_head = user_with_role("head_edu", outsider_unit, Role.UNIT_HEAD)
    outsider_task = new_task(supervisor, world, "校园安全提升行动", outsider_unit, number="9")
    progress_return(
        actor=outsider_head,
        report=submitted(outsider, outsider_task, outsider_unit),
        reason=OTHER_REASON,
    )
    return Work(
        returned, to_write, to_sign, to_review, red, issued, received, outsider, outsider_task
    )


def home_of(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def panel_ids(page: str) -> set[str]:
    return set(PANEL.findall(page))


def panel_html(page: str, dom_id: str) -> str:
    found = re.search(rf'<section [^>]*id="home-{dom_id}"[^>]*>(.*?)</section>', page, re.S)
    assert found, f"no panel {dom_id}"
    return found.group(1)


def contexts(user: User) -> dict[str, dict[str, Any]]:
    return {shown.key: shown.context for shown in panels_for(user, timezone.localdate())}


def listed(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return response.context


def test_each_role_sees_its_own_panels_and_no_others(
    work, client_for, liaison, unit_head, supervisor, leader, representative
):
    expected = {
        liaison: {"tasks-reports-due", "tasks-notices", "tasks-deadlines", "tasks-instructions"},
        unit_head: {
            "tasks-reports-due",
            "tasks-to-sign",
            "tasks-notices",
            "tasks-deadlines",
            "tasks-instructions",
        },
        supervisor: {"dashboard-office", "core-recent-actions"},
        leader: {"dashboard-leader", "dashboard-leader-reds", "dashboard-leader-instructions"},
        representative: {"engagement-deliberation", "engagement-my-opinions"},
    }
    for user, panels in expected.items():
        page = home_of(client_for(user))
        assert panel_ids(page) == panels, user.username
        # Every role: no more "行政区划 3220 单位 18" on its start page.
        assert "基础数据" not in page


def test_a_returned_report_comes_first_with_its_reason(work, client_for, liaison):
    section = panel_html(home_of(client_for(liaison)), "tasks-reports-due")
    rows = section.split('<li class="home-row')[1:]
    assert "乡村道路硬化工程" in rows[0] and RETURN_REASON in rows[0]
    assert "home-row-returned" in section
    assert section.index(RETURN_REASON) < section.index("冷链物流中心建设")
    # The period and its due date are on the row; the button opens the returned report.
    report = work.returned.progress_reports.get()
    assert report.period_label in rows[0]
    assert f"?report={report.pk}" in rows[0] and "重新填报" in rows[0]


def test_the_units_counts_equal_their_lists(work, client_for, liaison, unit_head):
    client = client_for(liaison)
    mine = contexts(liaison)
    inbox = listed(client, reverse("tasks:progress_inbox"))["inbox"]
    assert mine["tasks.reports_due"]["total"] == inbox.write_count >= 2
    notices = reverse("tasks:notice_list")
    to_receive = listed(client, f"{notices}?state=issued")["page"].paginator.count
    to_answer = listed(client, f"{notices}?state=received")["page"].paginator.count
    assert (mine["tasks.notices"]["to_receive"], mine["tasks.notices"]["to_answer"]) == (
        to_receive,
        to_answer,
    )
    assert (to_receive, to_answer) == (1, 1)
    deadlines = mine["tasks.deadlines"]
    assert [task.title for task in deadlines["rows"]] == ["冷链物流中心建设"]
    tasks = reverse("tasks:task_list")
    overdue = listed(client, f"{tasks}?unit={work.returned.lead_unit_id}&overdue=on")
    assert deadlines.get("overdue", 0) == overdue["page"].paginator.count
    # The month's list is the task list filtered to this month: the same tasks.
    month = listed(client, deadlines["month_url"])["page"]
    assert [task.title for task in month] == [task.title for task in deadlines["rows"]]
    assert deadlines["total"] == month.paginator.count
    page = home_of(client)
    assert f"全部 {inbox.write_count} 项" in panel_html(page, "tasks-reports-due")
    assert "待签收 1 份" in page and "待反馈 1 份" in page

    head = contexts(unit_head)
    head_inbox = listed(client_for(unit_head), reverse("tasks:progress_inbox"))["inbox"]
    assert head["tasks.to_sign"]["total"] == len(head_inbox.to_sign) == 1
    assert [r.task.title for r in head["tasks.to_sign"]["rows"]] == ["城区学校扩建"]


def test_the_offices_counts_equal_their_lists(work, client_for, supervisor):
    client = client_for(supervisor)
    today = timezone.localdate()
    figures = {f.key: f for f in contexts(supervisor)["dashboard.office"]["figures"]}
    missing = listed(client, figures["missing"].url)
    assert figures["missing"].count == missing["total"]
    if today > dt.date(today.year, 1, 25):  # a monthly report of this year is already due
        assert figures["missing"].count > 0
    inbox = listed(client, reverse("tasks:progress_inbox"))["inbox"]
    assert figures["to-review"].count == inbox.review_total == 1
    dashboard = listed(client, reverse("dashboard:dashboard"))["figures"]
    assert figures["returned"].count == dashboard.returned.current == 2
    queue = listed(client, figures["change-requests"].url)["page"]
    assert figures["change-requests"].count == queue.paginator.count == 1
    reds = listed(client, figures["red"].url)["page"]
    assert figures["red"].count == reds.paginator.count == 1
    answered = listed(client, figures["notices-answered"].url)["page"]
    assert figures["notices-answered"].count == answered.paginator.count == 0
    page = panel_html(home_of(client), "dashboard-office")
    for key, figure in figures.items():
        link = re.search(rf'href="([^"]+)" id="home-dashboard-office-{key}"', page)
        assert link and link.group(1).replace("&amp;", "&") == figure.url, key
        assert f'<span class="home-figure-count">{figure.count}</span>' in page


def test_a_leader_sees_the_headline_and_the_red_tasks_of_their_scope(work, client_for, leader):
    client = client_for(leader)
    mine = contexts(leader)
    headline = {f.key: f.count for f in mine["dashboard.leader"]["figures"]}
    dashboard = listed(client, reverse("dashboard:dashboard"))["figures"]
    assert headline["total"] == dashboard.tasks.total == 6
    assert headline["returned"] == dashboard.returned.current
    assert headline["red"] == next(b.count for b in dashboard.tasks.by_colour if b.key == "red")
    reds = mine["dashboard.leader_reds"]
    year = timezone.localdate().year
    listed_reds = listed(client, f"{reverse('tasks:task_list')}?year={year}&colour=red")["page"]
    assert reds["total"] == listed_reds.paginator.count == headline["red"] == 1
    assert "老旧小区改造" in panel_html(home_of(client), "dashboard-leader-reds")


def test_a_liaison_of_another_unit_sees_none_of_this_units_items(work, client_for, other_liaison):
    page = home_of(client_for(work.outsider))
    for title in ("乡村道路硬化工程", "冷链物流中心建设", "城区学校扩建", "老旧小区改造"):
        assert title not in page
    assert RETURN_REASON not in page
    assert OTHER_REASON in panel_html(page, "tasks-reports-due")
    assert "待签收 0 份" in page and "待反馈 0 份" in page
    far = home_of(client_for(other_liaison))  # 乙县: another county altogether
    assert RETURN_REASON not in far and OTHER_REASON not in far
    assert "本月没有到期的任务。" in panel_html(far, "tasks-deadlines")


def test_nobody_sees_other_users_api_token_prefixes(
    work, client_for, liaison, supervisor, admin_user
):
    token, _key = api_token_create(actor=liaison, user=liaison, name="对接市级平台")
    for user in (supervisor, admin_user, liaison):
        page = home_of(client_for(user))
        assert token.prefix not in page and "对接市级平台" not in page, user.username
    # The office still reads the latest work done.
    recent = panel_html(home_of(client_for(supervisor)), "core-recent-actions")
    assert "乡村道路硬化工程" in recent or "校园安全提升行动" in recent or "老旧小区改造" in recent


def test_a_user_with_several_roles_sees_each_roles_panels(work, client_for, world):
    both = user_with_role("liaison_leader", world.bureau, Role.LIAISON)
    MembershipFactory(user=both, unit=world.office, role=Role.LEADER)
    ids = panel_ids(home_of(client_for(both)))
    assert {"tasks-reports-due", "dashboard-leader", "dashboard-leader-reds"} <= ids
    assert "dashboard-office" not in ids


def test_a_representative_sees_the_report_out_for_comments_and_the_answers(
    world, client_for, supervisor, representative
):
    report = report_create(actor=supervisor, region=world.county, year=timezone.localdate().year)
    draft = report_version_create(
        actor=supervisor,
        report=report,
        kind="draft",
        blocks=split_report_text("一、今年安排\n新建改造农村公路120公里。\n"),
    )
    report_version_publish(actor=supervisor, version=draft)
    answered = opinion_record(
        actor=representative, report=report, channel="written", text="建议农村公路同步考虑养护。"
    )
    opinion_answer(
        actor=supervisor,
        opinion=answered,
        state="adopted",
        reply="已在报告中增加养护资金安排。",
        is_public=True,
    )
    opinion_record(
        actor=representative, report=report, channel="written", text="建议扩建城区学校。"
    )
    page = home_of(client_for(representative))
    consult = panel_html(page, "engagement-deliberation")
    assert reverse("engagement:consult", args=[report.pk]) in consult
    mine = panel_html(page, "engagement-my-opinions")
    assert "已在报告中增加养护资金安排。" in mine and "采纳" in mine and "待答复" in mine
    assert "已答复 1 条" in mine
    assert contexts(representative)["engagement.my_opinions"]["total"] == 2
    # Another county's deputy sees neither the report nor these opinions.
    other = user_with_role(
        "deputy_far", UnitFactory(region=world.other_county), Role.REPRESENTATIVE
    )
    far = home_of(client_for(other))
    assert "建议农村公路同步考虑养护" not in far
    assert reverse("engagement:consult", args=[report.pk]) not in far
    assert "您还没有提交意见建议。" in far


def queries_of(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        home_of(client)
    return len(captured.captured_queries)


def more_work_elsewhere(world: World, supervisor: User, count: int) -> None:
    """Tasks, reports and notices of units the measured users have nothing to do with."""
    region = RegionFactory(code="930123", name="丙县", parent=world.city)
    for n in range(count):
        unit = UnitFactory(region=world.county, name=f"甲县其他局{n}")
        liaison = user_with_role(f"elsewhere{n}", unit, Role.LIAISON)
        task = new_task(supervisor, world, f"其他单位的任务{n}", unit)
        submitted(liaison, task, unit)
        notice_issue(
            actor=supervisor,
            task=task,
            colour=NoticeColour.YELLOW,
            reason="进度滞后",
            due_date=timezone.localdate() + dt.timedelta(days=3),
        )
        UnitFactory(region=region, name=f"丙县局{n}")


def test_the_home_reads_a_bounded_number_of_queries(
    work, client_for, world, liaison, unit_head, supervisor, leader, django_assert_max_num_queries
):
    clients = {user: client_for(user) for user in (liaison, unit_head, supervisor, leader)}
    for client in clients.values():
        home_of(client)  # session and roles warm
    before = {user: queries_of(client) for user, client in clients.items()}
    more_work_elsewhere(world, supervisor, 12)
    for user, client in clients.items():
        assert before[user] <= 40, f"{user.username}: {before[user]} queries"
        with django_assert_max_num_queries(before[user]):
            home_of(client)


def test_the_start_page_offers_no_link_its_reader_cannot_follow(
    work, client_for, liaison, unit_head, supervisor, leader, representative
):
    for user in (liaison, unit_head, supervisor, leader, representative):
        client = client_for(user)
        page = home_of(client)
        for html in re.findall(r'<section class="card home-panel.*?</section>', page, re.S):
            for href in re.findall(r'href="(/[^"#]*)', html):
                status = client.get(href.replace("&amp;", "&")).status_code
                assert status in (200, 302), f"{user.username}: {href} answers {status}"


def test_a_report_of_this_period_once_sent_leaves_the_liaisons_list(work, client_for, liaison):
    assert work.to_sign.progress_reports.get().state == ReportState.SUBMITTED
    section = panel_html(home_of(client_for(liaison)), "tasks-reports-due")
    # Its earlier months, never reported, are still owed (补报); this month's is sent.
    write_this_period = reverse("tasks:progress_edit", args=[work.to_sign.pk])
    assert f'href="{write_this_period}"' not in section
    assert f'href="{reverse("tasks:progress_edit", args=[work.to_write.pk])}"' in section


ROLE_PANELS = {
    Role.LIAISON: {"tasks-reports-due", "tasks-notices", "tasks-deadlines", "tasks-instructions"},
    Role.UNIT_HEAD: {
        "tasks-reports-due",
        "tasks-to-sign",
        "tasks-notices",
        "tasks-deadlines",
        "tasks-instructions",
    },
    Role.SUPERVISOR: {"dashboard-office", "core-recent-actions"},
    Role.LEADER: {"dashboard-leader", "dashboard-leader-reds", "dashboard-leader-instructions"},
    Role.REPRESENTATIVE: {"engagement-deliberation", "engagement-my-opinions"},
}


def test_the_demo_people_each_land_on_their_own_work(db):
    """The demo county as `make demo` loads it: every demo person's start page holds the
    panels of their role and no other, and the counts are those of the lists."""
    from luoshi.demo import dataset
    from luoshi.demo.cycle import load_cycle
    from luoshi.demo.engagement_data import load_engagement
    from luoshi.demo.implementation_data import load_implementation
    from luoshi.demo.services import demo_load

    demo_load()
    load_cycle()
    load_engagement()
    load_implementation()
    for person in dataset.USERS:
        user = User.objects.get(username=person.username)
        client = Client()
        client.force_login(user)
        expected = set().union(*(ROLE_PANELS[role] for _unit, role in person.memberships))
        assert panel_ids(home_of(client)) == expected, person.username
        mine = contexts(user)
        if "tasks.reports_due" in mine:
            inbox = listed(client, reverse("tasks:progress_inbox"))["inbox"]
            assert mine["tasks.reports_due"]["total"] == inbox.write_count, person.username
            if "tasks.to_sign" in mine:
                assert mine["tasks.to_sign"]["total"] == len(inbox.to_sign), person.username
        if "dashboard.office" in mine:
            for figure in mine["dashboard.office"]["figures"]:
                context = listed(client, figure.url)
                counted = {
                    "missing": lambda c: c["total"],
                    "to-review": lambda c: c["inbox"].review_total,
                    "returned": lambda c: c["figures"].returned.current,
                }.get(figure.key, lambda c: c["page"].paginator.count)
                assert figure.count == counted(context), f"{person.username} {figure.key}"
        if "dashboard.leader_reds" in mine:
            reds = mine["dashboard.leader_reds"]
            listed_reds = listed(client, reds["more_url"])["page"].paginator.count
            assert reds["total"] == listed_reds, person.username
