"""Notices by rule in two steps: a preview of what would be issued and why (writing nothing),
then issuing what the office ticked — red only for what is overdue, nothing while a change
request waits, one notice per unit per task tree."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from luoshi.core.colour_rules import DEFAULT_COLOUR_RULES
from luoshi.core.models import ActionLog
from luoshi.tasks.models import (
    ChangeKind,
    Milestone,
    Notice,
    NoticeColour,
    NoticeEvent,
    Notification,
    Task,
)
from luoshi.tasks.notice_rules import SkipCause
from luoshi.tasks.notice_verdicts import task_verdict
from luoshi.tasks.selectors.notice_plans import notice_plan, notice_plan_for_user
from luoshi.tasks.services.change_requests import change_request_create
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.services.supervision import notices_issue_by_rule
from luoshi_tests.tasks.conftest import issue_notice, make_task

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 10, 15)  # 序时进度 of a whole-year task: 288/365 = 78.9%
YEAR_END = date(2026, 12, 31)
API = "/api/v1"


def task_at(actor, world, title, *, percent="0", deadline=YEAR_END, **overrides) -> Task:
    task = make_task(actor, world, title=title, deadline=deadline, milestones=[], **overrides)
    Task.objects.filter(pk=task.pk).update(percent=Decimal(percent))
    task.refresh_from_db()
    return task


def written() -> tuple[int, int, int, int]:
    return (
        Notice.objects.count(),
        NoticeEvent.objects.count(),
        Notification.objects.count(),
        ActionLog.objects.count(),
    )


@pytest.fixture
def lagging(supervisor, world):
    """An overdue task, one behind 序时, one near its deadline, and one on schedule."""
    return {
        "overdue": task_at(supervisor, world, "逾期任务", percent="40", deadline=date(2026, 10, 3)),
        "behind": task_at(supervisor, world, "滞后任务", percent="53.9"),
        "near": task_at(
            supervisor, world, "临期任务", percent="99", deadline=AS_OF + timedelta(days=3)
        ),
        "fine": task_at(supervisor, world, "正常任务", percent="80"),
    }


# ---------------------------------------------------------------------------------------------
# Preview, then issue
# ---------------------------------------------------------------------------------------------


def test_the_preview_says_what_and_why_and_writes_nothing(supervisor, world, lagging, liaison):
    before = written()
    plan = notice_plan_for_user(user=supervisor, region=world.county, as_of=AS_OF)
    assert written() == before
    rows = {row.task.title: row for row in plan.notices}
    assert list(rows) == ["逾期任务", "滞后任务", "临期任务"]  # red, yellow, blue
    assert [row.colour for row in plan.notices] == ["red", "yellow", "blue"]
    assert rows["逾期任务"].reason == "任务“逾期任务”已逾期12天，进度40%。"
    assert rows["滞后任务"].reason == (
        "任务“滞后任务”落后序时25个百分点（序时进度78.9%，进度53.9%）。"
    )
    assert rows["临期任务"].reason == "任务“临期任务”还有3天到期（2026年10月18日），进度99%。"
    assert all(row.unit == world.bureau for row in plan.notices)
    assert plan.skipped == []


def test_issuing_after_the_preview_issues_exactly_the_previewed_set(
    supervisor, world, lagging, liaison
):
    plan = notice_plan(region=world.county, as_of=AS_OF)
    expected = [(r.task.pk, r.unit.pk, r.colour, r.reason, r.due_date) for r in plan.notices]
    result = notices_issue_by_rule(
        actor=supervisor,
        region=world.county,
        as_of=AS_OF,
        task_ids=[row.task.pk for row in plan.notices],
    )
    issued = [(n.task_id, n.unit_id, n.colour, n.reason, n.due_date) for n in result.issued]
    assert issued == expected
    assert Notice.objects.count() == 3 and result.no_longer_due == []
    assert NoticeEvent.objects.count() == 3
    assert Notification.objects.filter(user=liaison).count() == 3
    log = ActionLog.objects.get(verb="notices.issued_by_rule")
    assert (log.after or {})["issued"] == [n.number for n in result.issued]


def test_only_the_ticked_notices_are_issued_and_only_while_still_due(supervisor, world, lagging):
    chosen = [lagging["overdue"].pk, lagging["behind"].pk]
    # Between the preview and the issue, the overdue task is reported done.
    Task.objects.filter(pk=lagging["overdue"].pk).update(status="done")
    result = notices_issue_by_rule(
        actor=supervisor, region=world.county, as_of=AS_OF, task_ids=chosen
    )
    assert [n.task for n in result.issued] == [lagging["behind"]]
    assert result.no_longer_due == [lagging["overdue"].pk]
    assert not Notice.objects.filter(task=lagging["near"]).exists()  # unticked


def test_an_open_notice_is_not_repeated_but_an_escalation_is_issued(supervisor, world, lagging):
    notices_issue_by_rule(actor=supervisor, region=world.county, as_of=AS_OF)
    again = notice_plan(region=world.county, as_of=AS_OF)
    assert again.notices == []
    assert {row.cause for row in again.skipped} == {SkipCause.OPEN_NOTICE}
    assert "已有未办结的督办单：督办〔2026〕" in again.skipped[0].explanation
    # The near task passes its deadline: its open blue reminder gives way to a red notice.
    later = AS_OF + timedelta(days=5)
    escalated = notice_plan(region=world.county, as_of=later)
    assert [(row.task.title, row.colour) for row in escalated.notices] == [("临期任务", "red")]


# ---------------------------------------------------------------------------------------------
# Colours: red only for what is overdue
# ---------------------------------------------------------------------------------------------


def test_a_task_only_behind_schedule_is_never_red(supervisor, world):
    task = task_at(supervisor, world, "尚未启动", percent="0")
    tasks_evaluate(actor=None, as_of=AS_OF, task_ids=[task.pk])
    task.refresh_from_db()
    assert task.colour == "red"  # its light: 78.9 points behind 序时
    [row] = notice_plan(region=world.county, as_of=AS_OF).notices
    assert (row.colour, row.rule) == (NoticeColour.YELLOW, "colour_yellow")
    assert "落后序时78.9个百分点" in row.reason
    # Whatever the figures and the day, before the deadline and without a missed node: not red.
    for percent in range(0, 101, 5):
        task.percent = Decimal(percent)
        for day in (date(2026, 2, 1), AS_OF, date(2026, 12, 30), YEAR_END):
            verdict = task_verdict(task, [], as_of=day, rules=DEFAULT_COLOUR_RULES)
            assert verdict is None or verdict.colour != NoticeColour.RED, (percent, day)


def test_a_missed_quarterly_node_is_overdue_until_a_later_node_is_done(supervisor, world):
    task = task_at(supervisor, world, "建设口袋公园", percent="80")
    node = Milestone.objects.create(
        task=task, quarter=2, text="开工6个", due_date=date(2026, 6, 30)
    )
    [row] = notice_plan(region=world.county, as_of=AS_OF).notices
    assert row.colour == NoticeColour.RED
    assert "季度节点“开工6个”（2026年6月30日）已逾期107天未完成" in row.reason
    Milestone.objects.create(
        task=task, quarter=3, text="建成8个", due_date=date(2026, 9, 30), done_on=date(2026, 9, 20)
    )
    assert notice_plan(region=world.county, as_of=AS_OF).notices == []  # caught up
    node.refresh_from_db()
    assert node.done_on is None  # the plan marks nothing


def test_done_and_exempt_tasks_get_none(supervisor, world):
    done = task_at(supervisor, world, "已完成", deadline=date(2026, 9, 1))
    Task.objects.filter(pk=done.pk).update(status="done")
    exempt = task_at(supervisor, world, "受灾停工", deadline=date(2026, 9, 1))
    Task.objects.filter(pk=exempt.pk).update(exempt_reason="暴雨灾害")
    plan = notice_plan(region=world.county, as_of=AS_OF)
    assert plan.notices == []
    [row] = plan.skipped
    assert (row.task, row.cause) == (exempt, SkipCause.EXEMPT)
    assert "暴雨灾害" in row.explanation


# ---------------------------------------------------------------------------------------------
# Pending change requests
# ---------------------------------------------------------------------------------------------


def test_a_task_with_a_pending_extension_gets_no_notice(supervisor, world, liaison):
    task = task_at(supervisor, world, "冷链物流中心", percent="40", deadline=date(2026, 10, 31))
    change_request_create(
        actor=liaison,
        task=task,
        kind=ChangeKind.EXTENSION,
        reason="供电增容未批复",
        new_deadline=YEAR_END,
        today=date(2026, 10, 10),
    )
    before = written()
    plan = notice_plan(region=world.county, as_of=AS_OF)
    assert plan.notices == []
    [row] = plan.skipped
    assert row.cause == SkipCause.PENDING_CHANGE
    assert row.explanation == "有待审批的延期申请，审批前不督办"
    result = notices_issue_by_rule(
        actor=supervisor, region=world.county, as_of=AS_OF, task_ids=[task.pk]
    )
    assert result.issued == [] and result.no_longer_due == [task.pk]
    assert written()[:3] == before[:3]


def test_a_pending_adjustment_in_the_tree_holds_back_the_whole_tree(
    supervisor, world, transport, transport_liaison
):
    parent = task_at(supervisor, world, "农村公路和口袋公园", percent="20")
    roads = task_at(
        supervisor, world, "农村公路", percent="20", parent=parent, lead_unit=transport, co_units=[]
    )
    change_request_create(
        actor=transport_liaison,
        task=roads,
        kind=ChangeKind.ADJUSTMENT,
        reason="规划调整",
        new_title="农村公路80公里",
        today=AS_OF,
    )
    plan = notice_plan(region=world.county, as_of=AS_OF)
    assert plan.notices == []
    explanations = {row.task.title: row.explanation for row in plan.skipped}
    assert explanations == {
        "农村公路和口袋公园": "同一任务中的“农村公路”有待审批的目标调整申请，审批前不督办",
        "农村公路": "有待审批的目标调整申请，审批前不督办",
    }


# ---------------------------------------------------------------------------------------------
# One notice per unit per task tree
# ---------------------------------------------------------------------------------------------


def test_a_tree_gives_one_notice_per_unit(supervisor, world, transport):
    parent = task_at(supervisor, world, "工业技改", percent="75")  # on schedule itself
    projects = task_at(supervisor, world, "技改项目30个", percent="50", parent=parent)
    centre = task_at(
        supervisor, world, "数字化服务中心", percent="40", parent=parent, deadline=date(2026, 10, 1)
    )
    roads = task_at(
        supervisor, world, "园区道路", percent="30", parent=parent, lead_unit=transport, co_units=[]
    )
    plan = notice_plan(region=world.county, as_of=AS_OF)
    by_unit = {row.unit: row for row in plan.notices}
    assert set(by_unit) == {world.bureau, transport}

    bureau = by_unit[world.bureau]
    assert bureau.task == parent and bureau.colour == NoticeColour.RED
    assert [item.task for item in bureau.items] == [projects, centre]
    assert bureau.reason == (
        "任务“工业技改”的子项“技改项目30个”落后序时28.9个百分点（序时进度78.9%，进度50%）"
        "；“数字化服务中心”已逾期14天，进度40%。"
    )
    own = by_unit[transport]
    assert own.task == roads and own.colour == NoticeColour.YELLOW
    assert own.reason.startswith("任务“园区道路”落后序时")

    folded = {row.task: row for row in plan.skipped}
    assert set(folded) == {projects, centre}
    assert all(row.cause == SkipCause.FOLDED for row in folded.values())
    assert folded[centre].explanation == "并入“工业技改”的督办单（同一牵头单位）"

    result = notices_issue_by_rule(actor=supervisor, region=world.county, as_of=AS_OF)
    assert sorted((n.task_id, n.unit_id) for n in result.issued) == sorted(
        [(parent.pk, world.bureau.pk), (roads.pk, transport.pk)]
    )
    # The next run finds both units already supervised on this tree.
    again = notice_plan(region=world.county, as_of=AS_OF)
    assert again.notices == []
    assert {row.cause for row in again.skipped} == {SkipCause.OPEN_NOTICE}


def test_a_lagging_parent_names_its_lagging_sub_items(supervisor, world):
    parent = task_at(supervisor, world, "农田水利", percent="30")
    child = task_at(supervisor, world, "整修渠道", percent="10", parent=parent)
    [row] = notice_plan(region=world.county, as_of=AS_OF).notices
    assert row.task == parent
    assert row.reason.startswith("任务“农田水利”落后序时48.9个百分点")
    assert "子项“整修渠道”落后序时68.9个百分点" in row.reason
    assert [item.task for item in row.folded] == [child]


def test_the_preview_reads_in_a_fixed_number_of_queries(
    supervisor, world, transport, django_assert_max_num_queries
):
    task_at(supervisor, world, "任务0", percent="10")
    with django_assert_max_num_queries(12) as one:
        notice_plan(region=world.county, as_of=AS_OF)
    for i in range(8):
        parent = task_at(supervisor, world, f"任务{i + 1}", percent="10")
        task_at(supervisor, world, f"子项{i}", parent=parent, lead_unit=transport, co_units=[])
        issue_notice(supervisor, parent)
    with django_assert_max_num_queries(len(one.captured_queries)):
        plan = notice_plan(region=world.county, as_of=AS_OF)
    # 任务0, and each sub-item's own unit; the parents have an open notice already.
    assert len(plan.notices) == 9


# ---------------------------------------------------------------------------------------------
# Bad input and permissions
# ---------------------------------------------------------------------------------------------


def test_unknown_or_foreign_tasks_are_refused_and_nothing_is_issued(
    supervisor, world, lagging, other_supervisor
):
    foreign = make_task(
        None,
        world,
        title="乙县任务",
        region=world.other_county,
        lead_unit=world.other_bureau,
        co_units=[],
    )
    before = written()
    for ticked in (
        [lagging["overdue"].pk, 999_999],
        [lagging["overdue"].pk, foreign.pk],
        [lagging["overdue"].pk, 2**70],
    ):
        with pytest.raises(ValidationError) as refused:
            notices_issue_by_rule(
                actor=supervisor, region=world.county, as_of=AS_OF, task_ids=ticked
            )
        assert refused.value.messages == [
            "所选的任务中有 1 项不存在或不属于甲县本次生成的范围，未下发任何督办单。"
        ]
    with pytest.raises(ValidationError, match="请至少勾选一份"):
        notices_issue_by_rule(actor=supervisor, region=world.county, as_of=AS_OF, task_ids=[])
    with pytest.raises(ValidationError, match="临期天数"):
        notice_plan(region=world.county, as_of=AS_OF, deadline_days=91)
    assert written() == before


def test_a_liaison_or_another_office_can_neither_preview_nor_issue(
    supervisor, world, lagging, liaison, leader, other_supervisor
):
    before = written()
    for user in (liaison, leader, other_supervisor):
        with pytest.raises(PermissionDenied):
            notice_plan_for_user(user=user, region=world.county, as_of=AS_OF)
        with pytest.raises(PermissionDenied):
            notices_issue_by_rule(
                actor=user, region=world.county, as_of=AS_OF, task_ids=[lagging["overdue"].pk]
            )
    assert written() == before


# ---------------------------------------------------------------------------------------------
# Pages and API
# ---------------------------------------------------------------------------------------------

NOON = timezone.make_aware(datetime.combine(AS_OF, time(12, 0)))


def test_the_page_previews_then_issues_the_ticked_notices(
    client_for, supervisor, world, lagging, liaison
):
    client = client_for(supervisor)
    scope = {"region": world.county.pk, "year": "2026"}
    before = written()
    with freeze_time(NOON):
        page = client.get(reverse("tasks:notice_plan"), scope)
        assert page.status_code == 200
        text = page.content.decode()
        assert written() == before
        assert "拟下发 3 份" in text and "已逾期12天，进度40%" in text
        assert "红色督办（逾期）" in text and "2026年10月15日" in text
        for internal in ("colour_red", "deadline_near", "open_notice", "UTC"):
            assert internal not in text
        response = client.post(
            reverse("tasks:notice_generate"),
            {**scope, "task": [lagging["overdue"].pk, lagging["near"].pk]},
            follow=True,
        )
    assert "已按规则下发 2 份督办单（红色 1、黄色 0、蓝色 1）" in response.content.decode()
    assert set(Notice.objects.values_list("task__title", flat=True)) == {"逾期任务", "临期任务"}
    with freeze_time(NOON):
        text = client.get(reverse("tasks:notice_plan"), scope).content.decode()
    assert "拟下发 1 份" in text and "已有未办结的督办单" in text


def test_the_page_refuses_bad_ticks_in_chinese_and_issues_nothing(
    client_for, supervisor, world, lagging, other_supervisor
):
    foreign = make_task(
        None,
        world,
        title="乙县任务",
        region=world.other_county,
        lead_unit=world.other_bureau,
        co_units=[],
    )
    client = client_for(supervisor)
    scope = {"region": world.county.pk, "year": "2026"}
    with freeze_time(NOON):
        for ticked, message in (
            ([lagging["overdue"].pk, foreign.pk], "不存在或不属于甲县本次生成的范围"),
            (["abc"], "勾选的内容有误"),
            ([], "请至少勾选一份要下发的督办单"),
        ):
            response = client.post(
                reverse("tasks:notice_generate"), {**scope, "task": ticked}, follow=True
            )
            assert message in response.content.decode()
            assert response.redirect_chain[-1][0].startswith(reverse("tasks:notice_plan"))
    assert not Notice.objects.exists()


def test_the_pages_are_closed_to_a_liaison(client_for, world, lagging, liaison):
    client = client_for(liaison)
    scope = {"region": world.county.pk, "year": "2026"}
    assert client.get(reverse("tasks:notice_plan"), scope).status_code == 403
    response = client.post(
        reverse("tasks:notice_generate"), {**scope, "task": lagging["overdue"].pk}
    )
    assert response.status_code == 403
    assert not Notice.objects.exists()


def test_the_api_previews_and_issues_the_same_set(client_for, supervisor, world, lagging):
    client = client_for(supervisor)
    scope = {"region": world.county.code, "as_of": AS_OF.isoformat()}
    before = written()
    got = client.get(f"{API}/notices/plan", scope).json()
    posted = client.post(
        f"{API}/notices/generate?preview=true", scope, content_type="application/json"
    ).json()
    assert written() == before
    assert got == posted and got["preview"] is True and got["issued"] == 0
    assert [row["colour"] for row in got["planned"]] == ["red", "yellow", "blue"]
    assert got["planned"][0]["reason"] == "任务“逾期任务”已逾期12天，进度40%。"
    assert got["by_colour"] == {"red": 1, "yellow": 1, "blue": 1}

    ticked = [row["task_id"] for row in got["planned"]]
    issued = client.post(
        f"{API}/notices/generate", {**scope, "task_ids": ticked}, content_type="application/json"
    ).json()
    assert issued["preview"] is False and issued["issued"] == 3
    assert [row["task_id"] for row in issued["planned"]] == ticked
    assert sorted(issued["notice_ids"]) == sorted(row["notice_id"] for row in issued["planned"])
    assert set(Notice.objects.values_list("task_id", flat=True)) == set(ticked)


def test_the_api_refuses_bad_input_and_strangers(client_for, supervisor, world, lagging, liaison):
    client = client_for(supervisor)
    scope = {"region": world.county.code, "as_of": AS_OF.isoformat()}
    response = client.post(
        f"{API}/notices/generate",
        {**scope, "task_ids": [lagging["overdue"].pk, 999_999]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "不存在或不属于甲县本次生成的范围" in response.content.decode()
    assert client.get(f"{API}/notices/plan", {**scope, "deadline_days": 91}).status_code == 422
    assert client.get(f"{API}/notices/plan", {"region": "999999"}).status_code == 404
    unit = client_for(liaison)
    assert unit.get(f"{API}/notices/plan", scope).status_code == 403
    for path in ("/notices/generate?preview=true", "/notices/generate"):
        response = unit.post(
            f"{API}{path}",
            {**scope, "task_ids": [lagging["overdue"].pk]},
            content_type="application/json",
        )
        assert response.status_code == 403
    assert not Notice.objects.exists()
