"""Duplicates (重复诉求): the same person, on the same matter, again. At intake an appeal is
compared with the same phone's appeals of the last WINDOW_DAYS in the same county (its
townships included): one whose place matches (or either has none) and whose text is similar
(a Dice coefficient of their character pairs of SIMILAR or more) is noted as `similar_to`.
The office then merges the new one into it (合并, with a link both ways) or leaves it: a
person may have two matters. A merged appeal is closed as 已合并 and left out of the rates;
its citizen follows the first one.

Repeated appeals by different people on one matter are not merged: they are a hotspot.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

from django.utils import timezone

from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.appeals.rates import day_start
from luoshi.appeals.selectors import county_of
from luoshi.core.region_codes import region_code_prefix

WINDOW_DAYS = 30
SIMILAR = 0.5
CANDIDATES = 50
WORDS = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+")


def pairs(text: str) -> set[str]:
    """The text's neighbouring character pairs (letters and digits as words), punctuation
    and spaces left out."""
    units = WORDS.findall(text)
    return {a + b for a, b in pairwise(units)} or set(units)


def similarity(a: str, b: str) -> float:
    first, second = pairs(a), pairs(b)
    if not first or not second:
        return 0.0
    # Dice's coefficient: a restated complaint shares most of its pairs with the first.
    return 2 * len(first & second) / (len(first) + len(second))


def find_similar(appeal: Appeal, today: dt.date | None = None) -> Appeal | None:
    """The same phone's most similar earlier appeal on the same matter, if any."""
    if not appeal.contact_phone:
        return None
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=WINDOW_DAYS)
    county = county_of(appeal.region).code
    prefix = region_code_prefix(county) or county
    earlier = (
        Appeal.objects.filter(
            contact_phone=appeal.contact_phone,
            region__code__startswith=prefix,
            created_at__gte=day_start(since),
        )
        .exclude(status=AppealStatus.MERGED)
        .exclude(pk=appeal.pk)
        .only("id", "number", "content", "place")
        .order_by("-created_at")[:CANDIDATES]
    )
    best, best_score = None, SIMILAR
    for other in earlier:
        if appeal.place and other.place and appeal.place != other.place:
            continue
        score = similarity(appeal.content, other.content)
        if score >= best_score:
            best, best_score = other, score
    return best
