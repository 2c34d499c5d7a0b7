"""Reminders of appeals' time limits (临期、超期提醒), sent with the tasks' by `luoshi remind`.

- to the lead unit's liaisons and heads: an appeal to sign on its limit's day or the working
  day before (签收), then once it is past; an answer due on those days, then once past;
- to the supervision office of the appeal's county: an appeal still not dispatched (or sent
  back) whose answer limit has passed.

Each reminder carries its key ("appeal:12:answer_overdue:20270108"): a person is reminded
once per appeal, kind and limit — a 重办 with its new limit reminds again. Appeals past their
limit by more than `OVERDUE_WINDOW_DAYS` are left to the list's red filter (a first run on
old data sends no flood).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.appeals.time_limits import WAITING_TO_ANSWER, Today
from luoshi.core.models import RegionLevel
from luoshi.core.sentences import clause
from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.tasks.services.notifications import Message, notify_many, office_members, unit_members
from luoshi.tasks.services.reminders import ReminderSummary

OVERDUE_WINDOW_DAYS = 30
IN_UNIT = (AppealStatus.DISPATCHED, AppealStatus.SIGNED)
WITH_OFFICE = (AppealStatus.RECEIVED, AppealStatus.RETURNED)


def _open(as_of: Today) -> list[Appeal]:
    oldest = as_of.day - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    near = Q(due_date__gte=oldest, due_date__lte=as_of.soon, status__in=WAITING_TO_ANSWER)
    signing = Q(sign_due__gte=oldest, sign_due__lte=as_of.soon, status=AppealStatus.DISPATCHED)
    return list(
        Appeal.objects.filter(near | signing)
        .select_related("region")
        .only(
            "id",
            "number",
            "content",
            "status",
            "due_date",
            "sign_due",
            "lead_unit_id",
            "region__id",
            "region__level",
            "region__parent_id",
        )
    )


def _county_id(appeal: Appeal) -> int:
    region = appeal.region
    if region.level == RegionLevel.TOWNSHIP and region.parent_id:
        return region.parent_id
    return region.pk


def send_appeal_reminders(*, as_of: dt.date | None = None) -> ReminderSummary:
    today = Today.of(as_of)
    appeals = _open(today)
    units = {a.lead_unit_id for a in appeals if a.status in IN_UNIT and a.lead_unit_id}
    people = unit_members(units) if units else {}
    offices = office_members({_county_id(a) for a in appeals if a.status in WITH_OFFICE})
    messages: list[Message] = []
    summary = ReminderSummary()

    def add(users: Iterable, appeal: Appeal, kind: str, due: dt.date, text: str) -> None:
        url = reverse("appeals:detail", args=[appeal.number])
        key = f"appeal:{appeal.pk}:{kind}:{due:%Y%m%d}"
        messages.extend(Message(user, text, url, key) for user in users)
        summary.counts.setdefault(f"appeal_{kind}", 0)

    for appeal in appeals:
        values = {
            "number": appeal.number,
            "what": clause(appeal.content, 30),
        }
        if appeal.status == AppealStatus.DISPATCHED and appeal.sign_due:
            due = appeal.sign_due
            late = due < today.day
            text = (
                _("诉求%(number)s（%(what)s）已超过签收时限%(due)s，请立即签收或退单。")
                if late
                else _("诉求%(number)s（%(what)s）请于%(due)s前签收。")
            ) % {**values, "due": chinese_date(due)}
            add(people.get(appeal.lead_unit_id or 0, []), appeal, _kind("sign", late), due, text)
        if appeal.status in WAITING_TO_ANSWER and appeal.due_date and appeal.due_date <= today.soon:
            due = appeal.due_date
            late = due < today.day
            if appeal.status in IN_UNIT:
                text = (
                    _("诉求%(number)s（%(what)s）已超过答复时限%(due)s，请尽快答复。")
                    if late
                    else _("诉求%(number)s（%(what)s）的答复时限为%(due)s，请按时答复。")
                ) % {**values, "due": chinese_date(due)}
                add(
                    people.get(appeal.lead_unit_id or 0, []),
                    appeal,
                    _kind("answer", late),
                    due,
                    text,
                )
            elif late:
                text = _(
                    "诉求%(number)s（%(what)s）已超过答复时限%(due)s，仍未派出，请尽快派单。"
                ) % {
                    **values,
                    "due": chinese_date(due),
                }
                add(offices.get(_county_id(appeal), []), appeal, "dispatch_overdue", due, text)

    by_kind: dict[str, list[Message]] = {}
    for message in messages:
        by_kind.setdefault("appeal_" + message.key.split(":")[2], []).append(message)
    with transaction.atomic():
        # Counted as the tasks' reminders are: written anew (already-sent ones are not).
        summary.counts.update({kind: notify_many(batch) for kind, batch in by_kind.items()})
    return summary


def _kind(what: str, late: bool) -> str:
    return f"{what}_{'overdue' if late else 'soon'}"
