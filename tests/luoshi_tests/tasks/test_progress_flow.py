"""Progress reports: liaison → unit head → lead unit → office, returns, requests."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from luoshi.core.models import ActionLog
from luoshi.tasks.models import (
    ChangeKind,
    ColourChange,
    DecisionState,
    ProgressReport,
    ReportState,
    TaskStatus,
)
from luoshi.tasks.services.change_requests import change_request_create, change_request_decide
from luoshi.tasks.services.progress_flow import (
    ProgressInput,
    progress_approve,
    progress_consolidate,
    progress_return,
    progress_save,
    progress_sign,
)

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 20)


def report(actor, task, unit, percent="40", submit=True, **extra):
    return progress_save(
        actor=actor,
        task=task,
        unit=unit,
        data=ProgressInput(progress="完成路基50公里。", percent=percent, **extra),
        as_of=MAY,
        submit=submit,
    )


def test_the_whole_flow_with_a_co_unit(
    task, world, transport, liaison, unit_head, transport_liaison, transport_head, supervisor
):
    lead = report(liaison, task, world.bureau)
    co = report(transport_liaison, task, transport, percent="45")
    assert (lead.period_label, lead.due_date) == ("2026年5月", date(2026, 5, 25))
    progress_sign(actor=unit_head, report=lead)
    progress_sign(actor=transport_head, report=co)
    lead.refresh_from_db()
    assert lead.state == ReportState.SIGNED  # waits for the lead unit to consolidate
    progress_consolidate(actor=liaison, report=lead)
    co.refresh_from_db()
    assert (co.state, co.consolidated_into) == (ReportState.CONSOLIDATED, lead)
    progress_approve(actor=supervisor, report=lead, as_of=MAY)
    task.refresh_from_db()
    co.refresh_from_db()
    assert co.state == ReportState.APPROVED
    assert task.percent == Decimal("40.0")
    assert task.status == TaskStatus.ON_SCHEDULE  # 40% ahead of 序时 (38.6% on 20 May)
    assert task.colour == "green" and task.evaluated_on == MAY
    verbs = list(
        ActionLog.objects.filter(verb__startswith="progress.").values_list("verb", flat=True)
    )
    assert verbs.count("progress.approved") == 2


def test_a_task_without_co_units_goes_from_sign_off_to_the_office(
    supervisor, world, liaison, unit_head
):
    from luoshi_tests.tasks.conftest import make_task

    alone = make_task(supervisor, world, co_units=[])
    lead = report(liaison, alone, world.bureau)
    progress_sign(actor=unit_head, report=lead)
    lead.refresh_from_db()
    assert lead.state == ReportState.CONSOLIDATED


def test_a_return_needs_a_reason_and_sends_the_report_back(
    task, world, liaison, unit_head, supervisor
):
    lead = report(liaison, task, world.bureau)
    with pytest.raises(ValidationError):
        progress_return(actor=unit_head, report=lead, reason="  ")
    progress_return(actor=unit_head, report=lead, reason="进度数据与台账不一致")
    lead.refresh_from_db()
    assert (lead.state, lead.returned_count) == (ReportState.RETURNED, 1)
    again = report(liaison, task, world.bureau, percent="35")
    assert again.pk == lead.pk and again.state == ReportState.SUBMITTED


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("sign", "liaison"),
        ("approve", "unit_head"),
        ("consolidate", "transport_liaison"),
        ("return", "other_liaison"),
    ],
)
def test_each_step_is_refused_to_the_wrong_person_and_changes_nothing(
    request, task, world, liaison, step, who
):
    lead = report(liaison, task, world.bureau)
    actor = request.getfixturevalue(who)
    action = {
        "sign": lambda: progress_sign(actor=actor, report=lead),
        "approve": lambda: progress_approve(actor=actor, report=lead),
        "consolidate": lambda: progress_consolidate(actor=actor, report=lead),
        "return": lambda: progress_return(actor=actor, report=lead, reason="不行"),
    }[step]
    with pytest.raises((PermissionDenied, ValidationError)):
        action()
    lead.refresh_from_db()
    assert lead.state == ReportState.SUBMITTED


def test_steps_out_of_order_are_refused(task, world, liaison, unit_head, supervisor):
    lead = report(liaison, task, world.bureau, submit=False)
    with pytest.raises(ValidationError, match="草稿"):
        progress_sign(actor=unit_head, report=lead)
    with pytest.raises(ValidationError):
        progress_approve(actor=supervisor, report=lead)
    lead.refresh_from_db()
    assert lead.state == ReportState.DRAFT


def test_another_units_liaison_cannot_report_on_the_task(task, world, other_liaison):
    with pytest.raises(PermissionDenied):
        report(other_liaison, task, world.bureau)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("percent", ["-5", "101", "很多", "NaN"])
def test_impossible_percent_is_refused(task, world, liaison, percent):
    with pytest.raises(ValidationError, match="0 到 100"):
        report(liaison, task, world.bureau, percent=percent)
    assert not ProgressReport.objects.exists()


def test_a_report_that_says_done_completes_the_task(
    task, world, liaison, unit_head, transport_liaison, transport_head, supervisor
):
    lead = report(liaison, task, world.bureau, percent="", claims_done=True)
    progress_sign(actor=unit_head, report=lead)
    progress_consolidate(actor=liaison, report=lead)
    progress_approve(actor=supervisor, report=lead, as_of=MAY)
    task.refresh_from_db()
    assert (task.status, task.percent, task.completed_on) == (
        TaskStatus.DONE,
        Decimal("100.0"),
        MAY,
    )


def test_extension_is_asked_before_the_deadline_and_approved_by_the_office(
    task, liaison, supervisor
):
    with pytest.raises(ValidationError, match="晚于"):
        change_request_create(
            actor=liaison,
            task=task,
            kind=ChangeKind.EXTENSION,
            reason="征地延误",
            new_deadline=date(2026, 6, 1),
        )
    with pytest.raises(ValidationError, match="超过完成时限"):
        change_request_create(
            actor=liaison,
            task=task,
            kind=ChangeKind.EXTENSION,
            reason="征地延误",
            new_deadline=date(2027, 6, 30),
            today=date(2027, 1, 5),
        )
    asked = change_request_create(
        actor=liaison,
        task=task,
        kind=ChangeKind.EXTENSION,
        reason="征地延误",
        new_deadline=date(2027, 6, 30),
    )
    with pytest.raises(PermissionDenied):
        change_request_decide(actor=liaison, request=asked, approve=True)
    change_request_decide(actor=supervisor, request=asked, approve=True, note="同意")
    task.refresh_from_db()
    asked.refresh_from_db()
    assert task.deadline == date(2027, 6, 30) and asked.state == DecisionState.APPROVED
    with pytest.raises(ValidationError, match="已经审批"):
        change_request_decide(actor=supervisor, request=asked, approve=False)
    assert ColourChange.objects.filter(task=task).exists()


def test_a_report_entered_afterwards_keeps_its_own_day(task, world, liaison):
    """Written for an earlier day (as_of), it was sent that day — the on-time rate of the
    红黑榜 reads submitted_at; written today, it is sent now."""
    earlier = report(liaison, task, world.bureau)
    assert timezone.localtime(earlier.submitted_at).date() == MAY
    today = progress_save(
        actor=liaison,
        task=task,
        unit=world.bureau,
        data=ProgressInput(progress="完成路基80公里。", percent="80"),
        submit=True,
    )
    assert timezone.localtime(today.submitted_at).date() == timezone.localdate()
