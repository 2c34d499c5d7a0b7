"""Extension and adjustment requests: the office's queue, messages both ways, and an approved
date moving the deadline, its words and the end milestones."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from luoshi.core.action_log import snapshot
from luoshi.tasks.models import (
    ChangeKind,
    ChangeRequest,
    DecisionState,
    Milestone,
    Notification,
    TaskStatus,
)
from luoshi.tasks.services.change_requests import change_request_create, change_request_decide
from luoshi.tasks.services.decomposition import MilestoneInput
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db

AUGUST = date(2026, 8, 10)


@pytest.fixture
def september_task(supervisor, world):
    """Due 9月底前, with three quarterly nodes; the first one done."""
    task = make_task(
        supervisor,
        world,
        title="建成城东污水处理厂",
        deadline=date(2026, 9, 30),
        deadline_text="9月底前",
        milestones=[
            MilestoneInput(1, "完成选址", date(2026, 3, 31)),
            MilestoneInput(2, "主体封顶", date(2026, 6, 30)),
            MilestoneInput(3, "通水运行", date(2026, 9, 30)),
        ],
    )
    task.milestones.filter(quarter=1).update(done_on=date(2026, 3, 20))
    return task


def ask(actor, task, **overrides):
    data = {
        "kind": ChangeKind.EXTENSION,
        "reason": "设备到货延迟两个月",
        "new_deadline": date(2026, 11, 30),
        "today": AUGUST,
    }
    data.update(overrides)
    return change_request_create(actor=actor, task=task, **data)


def texts(user, containing=""):
    return list(
        Notification.objects.filter(user=user, text__contains=containing).values_list(
            "text", flat=True
        )
    )


# ---------------------------------------------------------------------------------------------
# Messages both ways
# ---------------------------------------------------------------------------------------------


def test_a_request_records_its_unit_and_tells_the_office(
    september_task, liaison, supervisor, other_supervisor, leader
):
    request = ask(liaison, september_task)
    assert request.unit.name == "甲县发展和改革局"
    [text] = texts(supervisor, "申请延期")
    assert "县发改局" in text and "建成城东污水处理厂" in text and "设备到货延迟两个月" in text
    assert "2026年9月30日" in text and "2026年11月30日" in text
    message = Notification.objects.get(user=supervisor)
    assert (
        message.url == reverse("tasks:task_detail", args=[september_task.pk]) + "#change-requests"
    )
    assert not texts(other_supervisor) and not texts(liaison)


def test_an_approved_extension_moves_deadline_words_and_end_milestones_and_tells_the_unit(
    september_task, liaison, unit_head, supervisor, transport_liaison
):
    request = ask(liaison, september_task)
    with freeze_time("2026-08-12"):
        change_request_decide(actor=supervisor, request=request, approve=True, note="同意延期")
    september_task.refresh_from_db()
    assert september_task.deadline == date(2026, 11, 30)
    assert september_task.deadline_text == "11月底前"
    nodes = {m.text: (m.quarter, m.due_date, m.done_on) for m in Milestone.objects.all()}
    assert nodes == {
        "完成选址": (1, date(2026, 3, 31), date(2026, 3, 20)),  # done: kept
        "主体封顶": (2, date(2026, 6, 30), None),  # before the old deadline: kept
        "通水运行": (4, date(2026, 11, 30), None),  # the end node moves with the deadline
    }
    for person in (liaison, unit_head):
        [text] = texts(person, "延期申请已同意")
        assert "2026年11月30日（11月底前）" in text and "同意延期" in text
    assert not texts(transport_liaison)


def test_a_refusal_needs_a_reason_and_tells_the_unit(
    september_task, liaison, supervisor, transport, transport_liaison
):
    request = ask(transport_liaison, september_task)
    assert request.unit == transport
    september_task.refresh_from_db()
    before = snapshot(september_task)
    with pytest.raises(ValidationError, match="不同意时请写明理由"):
        change_request_decide(actor=supervisor, request=request, approve=False, note="  ")
    request.refresh_from_db()
    september_task.refresh_from_db()
    assert request.state == DecisionState.PENDING and snapshot(september_task) == before
    change_request_decide(actor=supervisor, request=request, approve=False, note="应加快进度")
    [text] = texts(transport_liaison, "未获同意")
    assert "应加快进度" in text and "延期" in text
    assert not texts(liaison, "未获同意")  # the lead unit did not ask
    september_task.refresh_from_db()
    assert snapshot(september_task) == before


def test_a_decided_request_cannot_be_decided_again_and_nothing_changes(
    september_task, liaison, supervisor, client_for
):
    request = ask(liaison, september_task)
    change_request_decide(actor=supervisor, request=request, approve=False, note="理由不充分")
    september_task.refresh_from_db()
    request.refresh_from_db()
    task_before, request_before = snapshot(september_task), snapshot(request)
    messages_before = Notification.objects.count()
    with pytest.raises(ValidationError, match="这份申请已经审批（未同意），不能再次审批"):
        change_request_decide(actor=supervisor, request=request, approve=True)
    response = client_for(supervisor).post(
        reverse("tasks:change_request_decide", args=[request.pk]),
        {"approve": "1", "note": "", "next": reverse("tasks:change_request_queue")},
        follow=True,
    )
    assert "这份申请已经审批（未同意），不能再次审批。" in response.content.decode()
    september_task.refresh_from_db()
    request.refresh_from_db()
    assert snapshot(september_task) == task_before and snapshot(request) == request_before
    assert Notification.objects.count() == messages_before


def test_an_approved_adjustment_changes_the_content_and_the_status(
    september_task, liaison, supervisor
):
    request = ask(liaison, september_task, kind=ChangeKind.ADJUSTMENT, new_title="建成一期工程")
    change_request_decide(actor=supervisor, request=request, approve=True)
    september_task.refresh_from_db()
    assert september_task.title == "建成一期工程"
    assert september_task.status == TaskStatus.ADJUSTED
    [text] = texts(liaison, "目标调整申请已同意")
    assert "审批意见" not in text


# ---------------------------------------------------------------------------------------------
# Permission, both sides
# ---------------------------------------------------------------------------------------------


def test_only_the_tasks_units_ask_and_only_the_office_or_leaders_decide(
    september_task, liaison, unit_head, other_liaison, other_supervisor, transport, leader
):
    with pytest.raises(PermissionDenied):
        ask(other_liaison, september_task)
    with pytest.raises(PermissionDenied):  # a unit it does not belong to
        ask(liaison, september_task, unit=transport)
    assert not ChangeRequest.objects.exists()
    request = ask(liaison, september_task)
    for outsider in (liaison, unit_head, other_liaison, other_supervisor):
        with pytest.raises(PermissionDenied):
            change_request_decide(actor=outsider, request=request, approve=True)
    request.refresh_from_db()
    assert request.state == DecisionState.PENDING
    change_request_decide(actor=leader, request=request, approve=True)
    request.refresh_from_db()
    assert request.state == DecisionState.APPROVED


def test_the_queue_is_the_offices_and_lists_what_is_pending(
    client_for,
    september_task,
    world,
    liaison,
    supervisor,
    leader,
    other_supervisor,
    other_liaison,
):
    request = ask(liaison, september_task)
    queue = reverse("tasks:change_request_queue")
    for reader in (supervisor, leader):
        page = client_for(reader).get(queue).content.decode()
        assert f'id="request-{request.pk}"' in page and "待审批 1 份" in page
        assert "设备到货延迟两个月" in page and "县发改局" in page
        assert "11月底前" in page  # the words an approval would write
        assert "pending" not in page and "extension" not in page  # no internal codes
    assert "设备到货延迟两个月" not in client_for(other_supervisor).get(queue).content.decode()
    for stranger in (liaison, other_liaison):
        assert client_for(stranger).get(queue).status_code == 403
        response = client_for(stranger).post(
            reverse("tasks:change_request_decide", args=[request.pk]), {"approve": "1"}
        )
        assert response.status_code == 403
    assert (
        client_for(other_liaison)
        .get(reverse("tasks:task_detail", args=[september_task.pk]))
        .status_code
        == 403
    )
    request.refresh_from_db()
    assert request.state == DecisionState.PENDING

    inbox = client_for(supervisor).get(reverse("tasks:progress_inbox")).content.decode()
    assert "有 1 份延期或调整申请待审批" in inbox
    menu = client_for(supervisor).get(queue).context["nav_items"]
    assert [item["key"] for item in menu if item["active"]] == ["change_requests"]
    assert (
        "延期审批" not in client_for(liaison).get(reverse("tasks:progress_inbox")).content.decode()
    )

    response = client_for(supervisor).post(
        reverse("tasks:change_request_decide", args=[request.pk]),
        {"approve": "1", "note": "同意", "next": queue},
    )
    assert response["Location"] == queue
    assert "没有待审批的申请" in client_for(supervisor).get(queue).content.decode()


def test_the_queue_queries_do_not_grow(
    client_for, supervisor, world, liaison, django_assert_max_num_queries
):
    def fill(count, start):
        for n in range(count):
            task = make_task(supervisor, world, number=str(start + n), deadline_text="年底前")
            ask(liaison, task, new_deadline=date(2027, 3, 31))

    fill(1, 100)
    client = client_for(supervisor)
    queue = reverse("tasks:change_request_queue")
    with django_assert_max_num_queries(20) as few:
        client.get(queue)
    fill(12, 200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(queue).content.decode()
    assert page.count('id="request-') == 13 and "2027年3月底前" in page


def test_the_task_page_shows_who_asked_and_who_decided(
    client_for, september_task, liaison, supervisor
):
    request = ask(liaison, september_task)
    change_request_decide(actor=supervisor, request=request, approve=False, note="请先加快进度")
    page = client_for(liaison).get(reverse("tasks:task_detail", args=[september_task.pk]))
    section = page.content.decode().split('id="change-requests"', 1)[1]
    assert "未同意" in section and "请先加快进度" in section
    assert "县发改局" in section and liaison.display_name in section
    assert supervisor.display_name in section
