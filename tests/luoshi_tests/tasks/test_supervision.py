"""Supervision notices (督办单): issued by hand or by rules, received, answered, reviewed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from luoshi.core.models import ActionLog
from luoshi.tasks.models import Notice, NoticeState, Notification, Task
from luoshi.tasks.notice_rules import RULE_DEADLINE, RULE_RED, RULE_YELLOW
from luoshi.tasks.services.supervision import (
    notice_answer,
    notice_receive,
    notice_review,
    notices_generate,
)
from luoshi_tests.tasks.conftest import issue_notice, make_task

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def snapshot(notice: Notice) -> tuple:
    notice.refresh_from_db()
    return (notice.state, notice.answer, notice.review_note, notice.received_at, notice.closed_at)


# ---------------------------------------------------------------------------------------------
# Issuing by hand
# ---------------------------------------------------------------------------------------------


def test_a_notice_goes_to_the_lead_unit_numbered_logged_and_announced(
    notice, world, liaison, unit_head
):
    assert notice.unit == world.bureau
    assert notice.state == NoticeState.ISSUED
    assert notice.number == f"督办〔{TODAY().year}〕1号"
    assert notice.rule == ""
    assert ActionLog.objects.filter(verb="notice.issued", target_id=str(notice.pk)).count() == 1
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {liaison.username, unit_head.username}
    assert "黄色督办" in Notification.objects.first().text


def test_numbers_run_per_region_and_year(supervisor, other_supervisor, world, task):
    second = issue_notice(supervisor, task, colour="red")
    first_other = issue_notice(
        other_supervisor,
        make_task(
            other_supervisor,
            world,
            region=world.other_county,
            lead_unit=world.other_bureau,
            co_units=[],
        ),
    )
    third = issue_notice(supervisor, task, colour="blue")
    year = TODAY().year
    assert second.number == f"督办〔{year}〕1号"
    assert third.number == f"督办〔{year}〕2号"
    assert first_other.number == f"督办〔{year}〕1号"


def test_a_notice_can_go_to_a_co_unit_but_not_to_a_stranger(supervisor, task, transport, world):
    assert issue_notice(supervisor, task, unit=transport).unit == transport
    with pytest.raises(ValidationError) as error:
        issue_notice(supervisor, task, unit=world.other_bureau)
    assert "牵头单位或配合单位" in str(error.value)
    assert Notice.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_date": "yesterday"}, "反馈时限不能早于今天"),
        ({"reason": "  "}, "请填写督办事由"),
        ({"colour": "purple"}, "请选择督办等级"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    supervisor, task, overrides, message
):
    if overrides.get("due_date") == "yesterday":
        overrides = {"due_date": TODAY() - timedelta(days=1)}
    with pytest.raises(ValidationError) as error:
        issue_notice(supervisor, task, **overrides)
    assert message in str(error.value)
    assert not Notice.objects.exists()
    assert not Notification.objects.exists()
    assert not ActionLog.objects.filter(verb__startswith="notice.").exists()


def test_only_the_office_of_the_region_issues_notices(
    task, liaison, unit_head, leader, other_supervisor, admin_user
):
    for user in (liaison, unit_head, leader, other_supervisor):
        with pytest.raises(PermissionDenied):
            issue_notice(user, task)
    assert not Notice.objects.exists()
    assert issue_notice(admin_user, task).issued_by == admin_user


# ---------------------------------------------------------------------------------------------
# The flow: received → answered → closed, or sent back
# ---------------------------------------------------------------------------------------------


def test_the_full_flow_with_a_send_back(notice, supervisor, liaison, unit_head):
    notice = notice_receive(actor=liaison, notice=notice)
    assert (notice.state, notice.received_by) == (NoticeState.RECEIVED, liaison)
    assert Notification.objects.filter(user=supervisor, text__contains="已签收").exists()

    notice = notice_answer(actor=unit_head, notice=notice, answer="已召开专题会，倒排工期。")
    assert notice.state == NoticeState.ANSWERED and notice.answered_at is not None
    assert Notification.objects.filter(user=supervisor, text__contains="请审核").exists()

    notice = notice_review(actor=supervisor, notice=notice, close=False, note="措施不具体")
    assert (notice.state, notice.review_note) == (NoticeState.RECEIVED, "措施不具体")
    assert Notification.objects.filter(user=liaison, text__contains="退回重办").exists()

    notice = notice_answer(actor=liaison, notice=notice, answer="已明确到周的节点和责任人。")
    notice = notice_review(actor=supervisor, notice=notice, close=True)
    assert notice.state == NoticeState.CLOSED and notice.closed_at is not None
    assert Notification.objects.filter(user=unit_head, text__contains="已办结").exists()
    verbs = list(
        ActionLog.objects.filter(target_id=str(notice.pk), verb__startswith="notice.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "notice.issued",
        "notice.received",
        "notice.answered",
        "notice.sent_back",
        "notice.answered",
        "notice.closed",
    ]


def test_steps_out_of_order_are_refused_and_change_nothing(notice, supervisor, liaison):
    before = snapshot(notice)
    with pytest.raises(ValidationError, match="请先签收"):
        notice_answer(actor=liaison, notice=notice, answer="做了")
    with pytest.raises(ValidationError, match="不能审核"):
        notice_review(actor=supervisor, notice=notice, close=True)
    assert snapshot(notice) == before

    notice_receive(actor=liaison, notice=notice)
    with pytest.raises(ValidationError, match="不能签收"):
        notice_receive(actor=liaison, notice=notice)
    notice_answer(actor=liaison, notice=notice, answer="做了")
    notice_review(actor=supervisor, notice=notice, close=True)
    closed = snapshot(notice)
    for step in (
        lambda: notice_receive(actor=liaison, notice=notice),
        lambda: notice_answer(actor=liaison, notice=notice, answer="再做"),
        lambda: notice_review(actor=supervisor, notice=notice, close=False, note="再看"),
    ):
        with pytest.raises(ValidationError, match="已办结"):
            step()
    assert snapshot(notice) == closed


def test_an_empty_answer_or_a_send_back_without_reason_is_refused(notice, supervisor, liaison):
    notice_receive(actor=liaison, notice=notice)
    with pytest.raises(ValidationError, match="请填写办理情况"):
        notice_answer(actor=liaison, notice=notice, answer="   ")
    notice_answer(actor=liaison, notice=notice, answer="已整改")
    before = snapshot(notice)
    with pytest.raises(ValidationError, match="写明理由"):
        notice_review(actor=supervisor, notice=notice, close=False, note="")
    assert snapshot(notice) == before


def test_other_units_and_the_unit_itself_are_kept_to_their_part(
    notice, supervisor, liaison, other_liaison, transport_liaison, other_supervisor, leader
):
    before = snapshot(notice)
    for user in (other_liaison, transport_liaison, supervisor, leader, other_supervisor):
        with pytest.raises(PermissionDenied):
            notice_receive(actor=user, notice=notice)
    assert snapshot(notice) == before
    notice_receive(actor=liaison, notice=notice)
    notice_answer(actor=liaison, notice=notice, answer="已整改")
    answered = snapshot(notice)
    for user in (liaison, other_supervisor, leader):
        with pytest.raises(PermissionDenied):
            notice_review(actor=user, notice=notice, close=True)
    assert snapshot(notice) == answered


# ---------------------------------------------------------------------------------------------
# Generation by rules
# ---------------------------------------------------------------------------------------------


AS_OF = date(2026, 10, 15)  # 序时进度 of a whole-year task: 78.9%


@pytest.fixture
def rule_tasks(supervisor, world, liaison):
    far = date(2026, 12, 31)

    def task(title, deadline=far, percent="0", **changes):
        made = make_task(supervisor, world, title=title, deadline=deadline, milestones=[])
        Task.objects.filter(pk=made.pk).update(percent=Decimal(percent), **changes)
        return made

    return {
        "overdue": task("逾期任务", deadline=date(2026, 10, 1), percent="40"),
        # Far behind 序时 (its light is red) but not overdue: a yellow notice.
        "behind": task("滞后任务", percent="40", colour="red", status="lagging"),
        "near": task("临期任务", deadline=AS_OF + timedelta(days=2), percent="99"),
        "near_done": task("已完成", deadline=AS_OF, status="done"),
        "green": task("正常任务", percent="80"),
        "exempt": task("免责任务", deadline=date(2026, 9, 1), exempt_reason="暴雨灾害"),
        "other": make_task(
            None,
            world,
            title="乙县任务",
            region=world.other_county,
            lead_unit=world.other_bureau,
            co_units=[],
            deadline=date(2026, 9, 1),
        ),
    }


def test_rules_issue_red_yellow_and_blue_notices_once(supervisor, world, rule_tasks, liaison):
    result = notices_generate(actor=supervisor, region=world.county, as_of=AS_OF)
    issued = {n.task.title: (n.colour, n.rule) for n in result.issued}
    assert issued == {
        "逾期任务": ("red", RULE_RED),
        "滞后任务": ("yellow", RULE_YELLOW),
        "临期任务": ("blue", RULE_DEADLINE),
    }
    assert result.by_colour() == {"blue": 1, "yellow": 1, "red": 1}
    assert all(n.unit == world.bureau and n.due_date >= AS_OF for n in result.issued)
    blue = next(n for n in result.issued if n.rule == RULE_DEADLINE)
    assert blue.due_date == AS_OF + timedelta(days=2)  # by the task's deadline at the latest
    assert sorted(n.number for n in result.issued) == sorted(
        f"督办〔{AS_OF.year}〕{i}号" for i in (1, 2, 3)
    )
    assert Notification.objects.filter(user=liaison).count() == 3
    assert ActionLog.objects.filter(verb="notice.generated").count() == 3
    assert ActionLog.objects.filter(verb="notices.issued_by_rule").count() == 1

    again = notices_generate(actor=supervisor, region=world.county, as_of=AS_OF)
    assert again.count == 0 and again.skipped_open == 3
    assert Notice.objects.count() == 3


def test_a_closed_notice_lets_the_rule_fire_again(supervisor, world, rule_tasks, liaison):
    first = notices_generate(actor=supervisor, region=world.county, as_of=AS_OF)
    red = next(n for n in first.issued if n.rule == RULE_RED)
    notice_receive(actor=liaison, notice=red)
    notice_answer(actor=liaison, notice=red, answer="已整改")
    notice_review(actor=supervisor, notice=red, close=True)
    again = notices_generate(actor=supervisor, region=world.county, as_of=AS_OF)
    assert [(n.task_id, n.rule) for n in again.issued] == [(rule_tasks["overdue"].pk, RULE_RED)]


def test_generation_needs_the_office_of_the_region(
    world, rule_tasks, liaison, leader, other_supervisor
):
    for user in (liaison, leader, other_supervisor):
        with pytest.raises(PermissionDenied):
            notices_generate(actor=user, region=world.county, as_of=AS_OF)
    assert not Notice.objects.exists()
    with pytest.raises(ValidationError, match="临期天数"):
        notices_generate(actor=None, region=world.county, deadline_days=-1)
    assert not Notice.objects.exists()


def test_the_system_may_generate_by_year(world, rule_tasks):
    assert notices_generate(actor=None, region=world.county, year=2020).count == 0
    result = notices_generate(actor=None, region=world.county, year=2026, as_of=AS_OF)
    assert result.count == 3
    assert all(n.issued_by is None for n in result.issued)
