"""Reminders before deadlines and on overdue items: once per person, item and kind of day."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus

from luoshi.tasks.models import Notice, Notification, Task
from luoshi.tasks.services.reminders import send_reminders
from luoshi.tasks.tasks import send_reminders_task
from luoshi_tests.tasks.conftest import make_report, make_task

DAY = date(2026, 5, 20)

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(supervisor, world, liaison, unit_head, transport, transport_liaison):
    """One item of each kind, and one of each that must not be reminded about."""
    liaison.email = "liaison@example.gov.cn"
    liaison.save()
    task = make_task(supervisor, world, deadline=DAY + timedelta(days=2), title="临期任务")
    later = make_task(supervisor, world, deadline=DAY + timedelta(days=40), title="远期任务")
    exempt = make_task(supervisor, world, deadline=DAY + timedelta(days=1), title="免责任务")
    Task.objects.filter(pk=exempt.pk).update(exempt_reason="疫情")
    done = make_task(supervisor, world, deadline=DAY + timedelta(days=1), title="完成任务")
    Task.objects.filter(pk=done.pk).update(status="done")
    reports = {
        "soon": make_report(later, world.bureau, DAY + timedelta(days=3)),
        "overdue": make_report(later, transport, DAY - timedelta(days=1), state="returned"),
        "submitted": make_report(
            task, world.bureau, DAY + timedelta(days=1), state="submitted", submitted_on=DAY
        ),
        "far": make_report(task, world.bureau, DAY + timedelta(days=10)),
        "exempt": make_report(exempt, world.bureau, DAY),
    }
    notices = {
        state: Notice.objects.create(
            task=later,
            unit=world.bureau,
            colour="yellow",
            number=f"督办〔2026〕{i}号",
            reason="滞后",
            due_date=due,
            state=state,
        )
        for i, (state, due) in enumerate(
            [
                ("issued", DAY + timedelta(days=1)),
                ("received", DAY - timedelta(days=2)),
                ("answered", DAY - timedelta(days=2)),
            ],
            start=1,
        )
    }
    return {"task": task, "reports": reports, "notices": notices}


def texts_of(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_each_kind_is_reminded_to_the_right_unit(items, liaison, unit_head, transport_liaison):
    summary = send_reminders(as_of=DAY)
    # 县发改局 has a liaison and a head: report due soon, task due soon, notice due soon and
    # one overdue; 县交通局 (one liaison): its overdue report.
    assert summary.counts == {
        "report_due_soon": 2,
        "report_overdue": 1,
        "task_due_soon": 2,
        "notice_due_soon": 2,
        "notice_overdue": 2,
    }
    mine = texts_of(liaison)
    assert len(mine) == 4 and texts_of(unit_head) == mine
    assert any("进展报告将于2026年5月23日截止" in t for t in mine)
    assert any("任务将于2026年5月22日到期：临期任务" in t for t in mine)
    assert any("督办〔2026〕1号的反馈时限为2026年5月21日" in t for t in mine)
    assert any("督办〔2026〕2号已超过反馈时限" in t for t in mine)
    assert not any("免责" in t or "完成任务" in t or "3号" in t for t in mine)
    assert texts_of(transport_liaison) == [
        "进展报告已逾期：远期任务（2026年5月），截止日期2026年5月19日，请尽快报送。"
    ]


def test_running_twice_reminds_once_and_mails_once(
    items, liaison, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(as_of=DAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders(as_of=DAY)
    assert first.total == 9 and second.total == 0
    assert Notification.objects.count() == 9
    assert len(mailoutbox) == 4  # the liaison of 县发改局 is the only one with an address
    assert {tuple(m.to) for m in mailoutbox} == {("liaison@example.gov.cn",)}


def test_a_report_due_soon_is_reminded_again_when_it_becomes_overdue(items, liaison):
    send_reminders(as_of=DAY)
    report = items["reports"]["soon"]
    send_reminders(as_of=report.due_date + timedelta(days=1))
    keys = set(Notification.objects.filter(user=liaison).values_list("key", flat=True))
    assert {f"report:{report.pk}:due_soon", f"report:{report.pk}:overdue"} <= keys


def test_the_command_takes_a_date_and_refuses_a_bad_one(items):
    out = StringIO()
    call_command("remind", "--date", DAY.isoformat(), stdout=out)
    assert "Reminders sent: 9" in out.getvalue()
    assert "notices overdue: 2" in out.getvalue()  # words, never a kind's code
    assert "_overdue" not in out.getvalue() and "_due_soon" not in out.getvalue()
    out = StringIO()
    call_command("remind", "--date", DAY.isoformat(), stdout=out)
    assert "Reminders sent: 0" in out.getvalue()
    with pytest.raises(CommandError, match="Not a date"):
        call_command("remind", "--date", "2026-13-40")
    assert Notification.objects.count() == 9


@pytest.mark.django_db(transaction=True)
def test_the_background_task_runs_on_the_database_queue(items, settings, mailoutbox):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    result = send_reminders_task.enqueue(DAY.isoformat())
    assert result.status == TaskResultStatus.READY
    assert not Notification.objects.exists()

    call_command("worker", burst=True)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert sum(result.return_value.values()) == 9
    assert Notification.objects.count() == 9
    assert len(mailoutbox) == 4

    out = StringIO()
    call_command("remind", "--date", DAY.isoformat(), "--background", stdout=out)
    assert "Queued reminders" in out.getvalue()
    call_command("worker", burst=True)
    assert Notification.objects.count() == 9 and len(mailoutbox) == 4


def test_every_reminder_opens_the_item_it_is_about(items, client_for, liaison):
    send_reminders(as_of=DAY)
    client = client_for(liaison)
    links = list(Notification.objects.filter(user=liaison).values_list("url", flat=True))
    assert len(links) == 4
    assert {link.split("/")[2] for link in links} >= {"progress", "notices"}
    for link in links:
        assert client.get(link).status_code == 200, link
