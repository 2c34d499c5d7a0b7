"""The region's appeals on its portal page (群众诉求办理情况): each month's rates of the year
(`luoshi.appeals.rates`, counted by month of receipt) and the cases the office published,
in the office's words — nothing from a citizen's contact, nothing unpublished."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from luoshi.appeals.models import Appeal
from luoshi.appeals.rates import Rates, grouped, received_between, totals
from luoshi.appeals.selectors import appeals_in
from luoshi.core.models import Region

CASES_SHOWN = 10


@dataclass(frozen=True)
class PublicCase:
    received: dt.date
    topic: str
    place: str
    text: str


@dataclass(frozen=True)
class PublicAppeals:
    total: Rates
    months: list[Rates]
    cases: list[PublicCase]


def public_appeals(region: Region, year: int, today: dt.date) -> PublicAppeals | None:
    appeals = received_between(appeals_in(region), dt.date(year, 1, 1), dt.date(year, 12, 31))
    total = totals(appeals, today)
    if not total.received:
        return None
    months = sorted(grouped(appeals, "month", today), key=lambda row: row.key)
    published = (
        appeals.filter(published_at__isnull=False)
        .select_related("region")
        .order_by("-published_at")
        .only("created_at", "topic", "region__name", "public_text")[:CASES_SHOWN]
    )
    return PublicAppeals(
        total=total,
        months=[row.named(f"{row.key.month}月") for row in months],
        cases=[_case(appeal) for appeal in published],
    )


def _case(appeal: Appeal) -> PublicCase:
    return PublicCase(
        received=timezone.localtime(appeal.created_at).date(),
        topic=appeal.get_topic_display(),
        place=appeal.region.name,
        text=appeal.public_text,
    )
