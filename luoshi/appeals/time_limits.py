"""Time limits of appeals in working days (`luoshi.core.workdays`), and their lights.

The limits, by urgency (settings `APPEAL_TIME_LIMITS` may change them):

| 紧急程度 | 签收 | 办结（答复） |
|---|---|---|
| 紧急 | the working day it is sent | 1 working day after 受理 |
| 一般 | 1 working day after 派单 | 5 working days after 受理 |
| 咨询 | 1 working day after 派单 | 2 working days after 受理 |

An appeal handed in on a day off starts on the next working day. The 办结 limit runs from
受理, whatever re-routing follows (a citizen waits the same); a 重办 gives the unit the limit
again from the day it is reopened. The limit is met by the unit's 答复, not by the office's
办结, which waits for the 回访.

Lights, as for tasks: red past the limit, yellow on the limit's last day (今日到期), green
before; none once answered (签收 while it waits to be signed, 答复 after). A limit of a day is
short: yellow from the day before would be yellow from the start. The reminders come the
working day before and on the day (`reminders`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.appeals.models import Appeal, AppealStatus, Urgency
from luoshi.core.colour_rules import GREEN, RED, YELLOW
from luoshi.core.workdays import add_workdays

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    # urgency: (working days to sign after 派单, working days to answer after 受理)
    Urgency.URGENT: (0, 1),
    Urgency.NORMAL: (1, 5),
    Urgency.CONSULT: (1, 2),
}

LIGHT_WORDS = {GREEN: _("正常"), YELLOW: _("今日到期"), RED: _("超期")}
WAITING_TO_SIGN = (AppealStatus.DISPATCHED,)
WAITING_TO_ANSWER = (AppealStatus.RECEIVED, AppealStatus.RETURNED, AppealStatus.SIGNED)


def limits(urgency: str) -> tuple[int, int]:
    table = {**DEFAULT_LIMITS, **getattr(settings, "APPEAL_TIME_LIMITS", {})}
    return table.get(urgency, table[Urgency.NORMAL])


def answer_due(urgency: str, start: dt.date) -> dt.date:
    return add_workdays(start, limits(urgency)[1])


def sign_due(urgency: str, start: dt.date) -> dt.date:
    return add_workdays(start, limits(urgency)[0])


@dataclass(frozen=True)
class Clock:
    """What an open appeal waits for, by when, and its light."""

    waiting_for: str  # "sign" or "answer"
    due: dt.date
    light: str

    @property
    def words(self) -> str:
        return str(LIGHT_WORDS[self.light])


@dataclass(frozen=True)
class Today:
    """Today and the next working day, read once for a whole page."""

    day: dt.date
    soon: dt.date

    @classmethod
    def of(cls, day: dt.date | None = None) -> Today:
        day = day or timezone.localdate()
        return cls(day, add_workdays(day + dt.timedelta(days=1), 0))

    def light(self, due: dt.date) -> str:
        if due < self.day:
            return RED
        return YELLOW if due == self.day else GREEN


def clock(appeal: Appeal, today: Today | None = None) -> Clock | None:
    today = today or Today.of()
    if appeal.status in WAITING_TO_SIGN and appeal.sign_due:
        return Clock("sign", appeal.sign_due, today.light(appeal.sign_due))
    if appeal.status in WAITING_TO_ANSWER and appeal.due_date:
        return Clock("answer", appeal.due_date, today.light(appeal.due_date))
    return None


def due_filter(light: str, today: Today | None = None) -> Q:
    """The open appeals of one light, as a filter (for lists and counts)."""
    today = today or Today.of()
    bounds = {
        RED: {"lt": today.day},
        YELLOW: {"exact": today.day},
        GREEN: {"gt": today.day},
    }[light]
    signing = Q(status__in=WAITING_TO_SIGN, **{f"sign_due__{op}": d for op, d in bounds.items()})
    answering = Q(
        status__in=WAITING_TO_ANSWER, **{f"due_date__{op}": d for op, d in bounds.items()}
    )
    return signing | answering
