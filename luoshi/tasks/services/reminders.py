"""Reminders before deadlines and on overdue items (催报、临期提醒、逾期提醒).

`send_reminders(as_of=day)` may run any number of times (cron every hour, the background
queue, a person at the command line): each reminder carries a key made of the item and the
kind of day ("report:12:due_soon", "notice:7:overdue"), so each person is reminded once per
item and kind. The queries are one per kind of item plus one for the people, whatever the
number of items.

Reports never started have no row to remind about: the expected ones
(`luoshi.tasks.selectors.expected_reports`) due within `REPORT_DAYS_BEFORE` days, or overdue
by at most `MISSING_DAYS_AFTER` days, are reminded to the unit's liaisons and heads like the
others, keyed by task, unit and period ("missing:12:overdue:5:20260630"). The window after
the due date bounds the first run on old data; a report still missing after it is on the
office's 未报送 list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.sentences import clause
from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.tasks.models import (
    Notice,
    NoticeState,
    ProgressReport,
    ReportState,
    Task,
    TaskStatus,
)
from luoshi.tasks.selectors.expected_reports import ExpectedScope, missing_rows
from luoshi.tasks.services.notifications import Message, notify_many, unit_members

REPORT_DAYS_BEFORE = 3
MISSING_DAYS_AFTER = 30
TASK_DAYS_BEFORE = 3
NOTICE_DAYS_BEFORE = 1
UNSUBMITTED = (ReportState.DRAFT, ReportState.RETURNED)

# What each kind of reminder is about, for the command's summary (a person reads it, not a code).
KIND_WORDS = {
    "report_due_soon": "progress reports due soon",
    "report_overdue": "progress reports overdue",
    "missing_due_soon": "progress reports not started, due soon",
    "missing_overdue": "progress reports not started, overdue",
    "task_due_soon": "task deadlines near",
    "notice_due_soon": "notices due soon",
    "notice_overdue": "notices overdue",
    "appeal_sign_soon": "appeals to sign",
    "appeal_sign_overdue": "appeals past their time to sign",
    "appeal_answer_soon": "appeals to answer soon",
    "appeal_answer_overdue": "appeals past their time to answer",
    "appeal_dispatch_overdue": "appeals past their time, not dispatched",
    "suggestion_handed": "deputies' suggestions handed to a unit",
    "suggestion_soon": "deputies' suggestions to answer soon",
    "suggestion_overdue": "deputies' suggestions past their deadline",
    "cooperation_soon": "cooperation items due soon",
    "cooperation_overdue": "cooperation items past their deadline",
}


@dataclass
class ReminderSummary:
    """How many reminders were written, by kind (already-sent ones are not counted)."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _day(value: dt.date) -> str:
    return chinese_date(value)


def send_reminders(*, as_of: dt.date | None = None) -> ReminderSummary:
    """Write the reminders due on `as_of` (today by default) and mail them."""
    as_of = as_of or timezone.localdate()
    report_soon = as_of + dt.timedelta(days=REPORT_DAYS_BEFORE)
    task_soon = as_of + dt.timedelta(days=TASK_DAYS_BEFORE)
    notice_soon = as_of + dt.timedelta(days=NOTICE_DAYS_BEFORE)

    reports = list(
        ProgressReport.objects.filter(state__in=UNSUBMITTED, due_date__lte=report_soon)
        .filter(task__exempt_reason="")
        .select_related("task")
        .only("id", "unit_id", "due_date", "period_label", "task__id", "task__title")
    )
    tasks = list(
        Task.objects.filter(deadline__gte=as_of, deadline__lte=task_soon, exempt_reason="")
        .exclude(status=TaskStatus.DONE)
        .only("id", "title", "deadline", "lead_unit_id")
    )
    notices = list(
        Notice.objects.filter(state__in=(NoticeState.ISSUED, NoticeState.RECEIVED))
        .filter(Q(due_date__lte=notice_soon))
        .select_related("task")
        .only("id", "number", "unit_id", "due_date", "state", "task__id", "task__title")
    )
    missing = missing_rows(
        ExpectedScope(
            due_from=as_of - dt.timedelta(days=MISSING_DAYS_AFTER),
            due_to=report_soon,
        ),
        as_of,
    )
    units = (
        {r.unit_id for r in reports}
        | {t.lead_unit_id for t in tasks}
        | {n.unit_id for n in notices}
        | {m.unit.pk for m in missing}
    )
    people = unit_members(units) if units else {}
    summary = ReminderSummary()
    messages: list[Message] = []

    def add(kind: str, unit_id: int, text: str, url: str, key: str) -> None:
        recipients: list[User] = people.get(unit_id, [])
        messages.extend(Message(user, text, url, key) for user in recipients)
        summary.counts.setdefault(kind, 0)

    for report in reports:
        overdue = report.due_date < as_of
        kind = "report_overdue" if overdue else "report_due_soon"
        values = {
            "title": clause(report.task.title, 40),
            "period": report.period_label,
            "due": _day(report.due_date),
        }
        text = (
            _("进展报告已逾期：%(title)s（%(period)s），截止日期%(due)s，请尽快报送。")
            if overdue
            else _("进展报告将于%(due)s截止：%(title)s（%(period)s），请按时报送。")
        ) % values
        key = f"report:{report.pk}:{'overdue' if overdue else 'due_soon'}"
        add(kind, report.unit_id, text, reverse("tasks:progress_detail", args=[report.pk]), key)

    for item in missing:
        overdue = item.overdue
        owed: dict[str, object] = {
            "title": clause(item.task.title, 40),
            "period": item.period.label,
            "due": _day(item.period.due),
            "days": item.days_overdue,
        }
        text = (
            _(
                "进展报告逾期未报送：%(title)s（%(period)s），截止日期%(due)s，"
                "已逾期%(days)d天，请尽快补报。"
            )
            if overdue
            else _("进展报告尚未填报：%(title)s（%(period)s），%(due)s截止，请按时报送。")
        ) % owed
        day_kind = "overdue" if overdue else "due_soon"
        add(
            f"missing_{day_kind}",
            item.unit.pk,
            text,
            missing_report_url(item.task.pk, item.unit.pk, item.period.end),
            f"missing:{item.task.pk}:{day_kind}:{item.unit.pk}:{item.period.end:%Y%m%d}",
        )

    for task in tasks:
        text = _("任务将于%(due)s到期：%(title)s，请抓紧推进。") % {
            "due": _day(task.deadline),
            "title": clause(task.title, 40),
        }
        add(
            "task_due_soon",
            task.lead_unit_id,
            text,
            reverse("tasks:task_detail", args=[task.pk]),
            f"task:{task.pk}:due_soon:{task.deadline.isoformat()}",
        )

    for notice in notices:
        overdue = notice.due_date < as_of
        values = {"number": notice.number, "due": _day(notice.due_date)}
        text = (
            _("督办单%(number)s已超过反馈时限（%(due)s），请尽快反馈。")
            if overdue
            else _("督办单%(number)s的反馈时限为%(due)s，请按时签收并反馈。")
        ) % values
        add(
            "notice_overdue" if overdue else "notice_due_soon",
            notice.unit_id,
            text,
            reverse("tasks:notice_detail", args=[notice.pk]),
            f"notice:{notice.pk}:{'overdue' if overdue else 'due_soon'}",
        )

    with transaction.atomic():
        written = _write(messages)
    for kind, count in written.items():
        summary.counts[kind] = count
    return summary


def send_all_reminders(*, as_of: dt.date | None = None) -> ReminderSummary:
    """The tasks' reminders and those of the apps above them, named in settings
    `LUOSHI_REMINDER_SOURCES` (appeals' time limits): one daily command sends them all."""
    summary = send_reminders(as_of=as_of)
    for path in getattr(settings, "LUOSHI_REMINDER_SOURCES", ()):
        summary.counts.update(import_string(path)(as_of=as_of).counts)
    return summary


def missing_report_url(task_id: int, unit_id: int, period_end: dt.date) -> str:
    """The page that starts the unit's report on the task for that period (or opens it, once
    someone has started it)."""
    return reverse("tasks:missing_report_start", args=[task_id, unit_id, period_end.isoformat()])


def _write(messages: list[Message]) -> dict[str, int]:
    """Write the messages, counting what was new per kind of key."""
    by_kind: dict[str, list[Message]] = {}
    for message in messages:
        by_kind.setdefault(_kind_of(message.key), []).append(message)
    return {kind: notify_many(batch) for kind, batch in by_kind.items()}


def _kind_of(key: str) -> str:
    item, _pk, day_kind, *_rest = key.split(":")
    return f"{item}_{day_kind}"
