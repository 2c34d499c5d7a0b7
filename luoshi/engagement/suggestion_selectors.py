"""Reading deputies' suggestions in handling (代表建议办理): a unit's queue, the office's view of
every handed suggestion in its regions, and the numbers by deputy and by delegation.

A deputy's suggestion is an opinion handed in by a representative (or recorded with their
delegation). The numbers count each suggestion once: 已答复, 采纳 (adopted in whole or in part,
or answered as A类), 按时答复 (answered on or before its deadline), 满意 (满意 or 基本满意 over
those rated) — a part of a whole that leaves out what cannot be judged yet ("–", never 0%).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from luoshi.accounts.models import Membership, Role
from luoshi.accounts.permissions import is_admin
from luoshi.core.models import Unit
from luoshi.engagement.models import (
    AnswerCategory,
    AnswerState,
    AuthorRating,
    Meeting,
    Opinion,
)
from luoshi.engagement.scope import deadline_light, region_prefixes, under, unit_ids

ADOPTED = Q(state__in=(AnswerState.ADOPTED, AnswerState.PARTLY)) | Q(category=AnswerCategory.SOLVED)
SATISFIED = Q(author_rating__in=(AuthorRating.SATISFIED, AuthorRating.BASIC))


def _region_query(user: Any) -> Q:
    return under("report__region__code", region_prefixes(user))


def delegation_names(user: Any) -> set[str]:
    """Every name a deputy's delegation goes by (its unit's name and short name), to find the
    sessions recorded with it."""
    if not getattr(user, "is_authenticated", False):
        return set()
    names: set[str] = set()
    for unit in Unit.objects.filter(
        memberships__user=user, memberships__role=Role.REPRESENTATIVE
    ).only("name", "short_name"):
        names |= {unit.name, unit.short_name} - {""}
    return names


def delegation_sessions(user: Any, *, limit: int = 10) -> list[Meeting]:
    """The latest meetings recorded with the deputy's delegation (代表团审议)."""
    names = delegation_names(user)
    if not names:
        return []
    return list(Meeting.objects.filter(delegation__in=names).order_by("-date", "-pk")[:limit])


def handed_suggestions(user: Any) -> QuerySet[Opinion]:
    """Suggestions handed to a unit, as the user may follow them: the office and the leaders
    those on their regions' reports; a unit's liaisons and heads those handed to their unit."""
    handed = Opinion.objects.filter(deadline__isnull=False)
    if is_admin(user):
        return handed
    return handed.filter(_region_query(user) | Q(unit_id__in=unit_ids(user)))


def light(opinion: Opinion, today: dt.date) -> str:
    return deadline_light(opinion.deadline, today, settled=opinion.state != AnswerState.PENDING)


def handling_list(
    user: Any, *, waiting: bool | None, overdue: bool, today: dt.date
) -> QuerySet[Opinion]:
    items = handed_suggestions(user).select_related("unit", "report")
    if waiting is not None:
        items = (
            items.filter(state=AnswerState.PENDING)
            if waiting
            else items.exclude(state=AnswerState.PENDING)
        )
    if overdue:
        items = items.filter(state=AnswerState.PENDING, deadline__lt=today)
    return items.order_by("deadline", "pk")


def deputies_suggestions(user: Any, *, year: int | None) -> QuerySet[Opinion]:
    """The deputies' suggestions on the reports of the user's regions (of a report year)."""
    deputies = Membership.objects.filter(role=Role.REPRESENTATIVE).values("user_id")
    opinions = Opinion.objects.filter(Q(delegation__gt="") | Q(submitted_by_id__in=deputies))
    if not is_admin(user):
        opinions = opinions.filter(_region_query(user))
    if year:
        opinions = opinions.filter(report__year=year)
    return opinions


@dataclass(frozen=True)
class SuggestionFigures:
    name: str
    delegation: str
    total: int
    handed: int
    answered: int
    adopted: int
    answered_handed: int  # answered, and handed with a deadline to keep
    on_time: int
    rated: int
    satisfied: int

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def adopted_rate(self) -> float | None:
        return self._share(self.adopted, self.answered)

    @property
    def on_time_rate(self) -> float | None:
        return self._share(self.on_time, self.answered_handed)

    @property
    def satisfied_rate(self) -> float | None:
        return self._share(self.satisfied, self.rated)


def _figures(opinions: QuerySet[Opinion], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    answered = ~Q(state=AnswerState.PENDING)
    answered_handed = answered & Q(deadline__isnull=False)
    return list(
        opinions.annotate(answered_on=TruncDate("answered_at"))
        .values(*keys)
        .annotate(
            total=Count("pk"),
            handed=Count("pk", filter=Q(deadline__isnull=False)),
            answered=Count("pk", filter=answered),
            adopted=Count("pk", filter=answered & ADOPTED),
            answered_handed=Count("pk", filter=answered_handed),
            on_time=Count("pk", filter=answered_handed & Q(answered_on__lte=F("deadline"))),
            rated=Count("pk", filter=~Q(author_rating="")),
            satisfied=Count("pk", filter=SATISFIED),
        )
        .order_by(*keys)
    )


def suggestion_statistics(
    user: Any, *, year: int | None, delegation: str = ""
) -> tuple[list[SuggestionFigures], list[SuggestionFigures]]:
    """The figures by deputy (name and delegation; of one delegation when named) and by
    delegation."""
    opinions = deputies_suggestions(user, year=year)

    def rows(keys: tuple[str, ...]) -> list[SuggestionFigures]:
        return [
            SuggestionFigures(
                name=row.get("author_name") or "",
                delegation=row["delegation"],
                total=row["total"],
                handed=row["handed"],
                answered=row["answered"],
                adopted=row["adopted"],
                answered_handed=row["answered_handed"],
                on_time=row["on_time"],
                rated=row["rated"],
                satisfied=row["satisfied"],
            )
            for row in _figures(opinions, keys)
        ]

    by_delegation = rows(("delegation",))
    if delegation:
        opinions = opinions.filter(delegation=delegation)
    return rows(("delegation", "author_name")), by_delegation
