"""Reminders of deputies' suggestions in handling (代表建议办理) and of study tours'
cooperation items (合作事项), sent with the others by `luoshi remind` (settings
`LUOSHI_REMINDER_SOURCES`). They are written here, beside the tasks' notifications, because
the engagement app sits below the tasks and cannot write them.

To the liaisons and heads of the unit a suggestion was handed to: once when it is handed (or
handed again after 不满意), then within `DAYS_BEFORE` days of its deadline, then once past it.
To those of the unit responsible for a cooperation item not yet started or dropped: within
`DAYS_BEFORE` days of its deadline, then once past it. Each reminder carries its key
("suggestion:12:overdue:20270108"): a person is reminded once per item, kind and deadline.
Those past their deadline by more than `OVERDUE_WINDOW_DAYS` are left to the lists' red and
已超期 filters (a first run on old data sends no flood).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.sentences import clause
from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.engagement.models import AnswerState, CooperationItem, Opinion
from luoshi.engagement.study_tour_models import SETTLED_STATUSES
from luoshi.tasks.services.notifications import Message, notify_many, unit_members
from luoshi.tasks.services.reminders import ReminderSummary

DAYS_BEFORE = 7
OVERDUE_WINDOW_DAYS = 30


PAGES = {"suggestion": "engagement:opinion_detail", "cooperation": "engagement:cooperation_detail"}


def _add(
    by_kind: dict[str, list[Message]],
    what: str,
    pk: int,
    kind: str,
    due: dt.date,
    text: str,
    users: list[User],
) -> None:
    """One reminder to each of `users`, keyed by the item, the kind and its deadline."""
    url = reverse(PAGES[what], args=[pk])
    key = f"{what}:{pk}:{kind}:{due:%Y%m%d}"
    by_kind.setdefault(f"{what}_{kind}", []).extend(Message(u, text, url, key) for u in users)


def _written(by_kind: dict[str, list[Message]]) -> ReminderSummary:
    """Write the reminders, counting by kind those that are new (sent ones are not again)."""
    summary = ReminderSummary()
    with transaction.atomic():
        summary.counts.update({kind: notify_many(batch) for kind, batch in by_kind.items()})
    return summary


def send_suggestion_reminders(*, as_of: dt.date | None = None) -> ReminderSummary:
    today = as_of or timezone.localdate()
    waiting = list(
        Opinion.objects.filter(
            state=AnswerState.PENDING,
            unit__isnull=False,
            deadline__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS),
        ).only("id", "text", "unit_id", "deadline", "handed_at", "redo_count", "author_name")
    )
    people = unit_members({o.unit_id for o in waiting if o.unit_id}) if waiting else {}
    by_kind: dict[str, list[Message]] = {}
    for opinion in waiting:
        assert opinion.deadline is not None and opinion.unit_id is not None
        values = {
            "who": opinion.author_name or _("代表"),
            "what": clause(opinion.text, 30),
            "due": chinese_date(opinion.deadline),
        }
        if opinion.deadline < today:
            kind = "overdue"
            text = _("%(who)s的建议（%(what)s）已超过办理时限%(due)s，请尽快答复。") % values
        elif (opinion.deadline - today).days <= DAYS_BEFORE:
            kind = "soon"
            text = _("%(who)s的建议（%(what)s）请于%(due)s前答复。") % values
        else:
            kind = "handed"
            text = (
                _("%(who)s不满意答复，建议（%(what)s）退回重新办理，请于%(due)s前再次答复。")
                if opinion.redo_count
                else _("收到交办的代表建议：%(who)s（%(what)s），请于%(due)s前答复。")
            ) % values
        _add(
            by_kind,
            "suggestion",
            opinion.pk,
            kind,
            opinion.deadline,
            text,
            people.get(opinion.unit_id, []),
        )
    return _written(by_kind)


def send_cooperation_reminders(*, as_of: dt.date | None = None) -> ReminderSummary:
    today = as_of or timezone.localdate()
    items = list(
        CooperationItem.objects.exclude(status__in=SETTLED_STATUSES)
        .filter(
            deadline__gte=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS),
            deadline__lte=today + dt.timedelta(days=DAYS_BEFORE),
        )
        .only("id", "partner", "content", "unit_id", "deadline")
    )
    people = unit_members({item.unit_id for item in items}) if items else {}
    by_kind: dict[str, list[Message]] = {}
    for item in items:
        values = {
            "partner": item.partner,
            "what": clause(item.content, 30),
            "due": chinese_date(item.deadline),
        }
        late = item.deadline < today
        text = (
            _("与%(partner)s的合作事项（%(what)s）已超过完成时限%(due)s，请填写跟进情况。")
            if late
            else _("与%(partner)s的合作事项（%(what)s）将于%(due)s到期，请抓紧推进并填写跟进情况。")
        ) % values
        kind = "overdue" if late else "soon"
        _add(
            by_kind, "cooperation", item.pk, kind, item.deadline, text, people.get(item.unit_id, [])
        )
    return _written(by_kind)
