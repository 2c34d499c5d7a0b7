"""Hotspots (诉求热点, for 未诉先办): where and on what appeals gather. A region's appeals of the
last `days` days are counted by topic and place — the township for a county, the county for
a city or a province — against the `days` before. A group is a hotspot when it has at least
MIN_COUNT appeals and either rises (RISING times the period before, or new) or holds repeated
appeals (the same person again, `duplicates`). Merged duplicates count once.

Each hotspot names the place string most of its appeals give (a 小区, a road), and its
appeals can be turned into a task, with a supervision notice (`hotspot_work`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from luoshi.appeals.models import Appeal, AppealStatus, Topic
from luoshi.appeals.rates import day_start, region_key
from luoshi.appeals.selectors import appeals_in
from luoshi.core.models import Region, RegionLevel

MIN_COUNT = 3
RISING = 1.5
LIMIT = 50
WINDOWS = (7, 30, 90)


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date
    previous_start: dt.date

    @classmethod
    def of(cls, today: dt.date, days: int) -> Window:
        start = today - dt.timedelta(days=days - 1)
        return cls(start, today, start - dt.timedelta(days=days))


@dataclass(frozen=True)
class Hotspot:
    topic: str
    place: Region
    current: int
    previous: int
    repeated: int
    spot: str  # the place string most of its appeals give
    spot_count: int

    @property
    def topic_label(self) -> str:
        return str(Topic(self.topic).label)

    @property
    def rising(self) -> bool:
        return self.current >= RISING * self.previous if self.previous else True

    @property
    def growth(self) -> float | None:
        if not self.previous:
            return None
        return round((self.current - self.previous) * 100 / self.previous, 1)


def place_level(region: Region) -> str:
    return RegionLevel.TOWNSHIP if region.level == RegionLevel.COUNTY else RegionLevel.COUNTY


def _scope(region: Region, window: Window) -> QuerySet[Appeal]:
    return (
        appeals_in(region)
        .filter(
            created_at__gte=day_start(window.previous_start),
            created_at__lt=day_start(window.end, 1),
        )
        .exclude(status=AppealStatus.MERGED)
        .order_by()
    )


def hotspots(region: Region, today: dt.date, days: int = 30) -> list[Hotspot]:
    window = Window.of(today, days)
    now = Q(created_at__gte=day_start(window.start))
    rows = list(
        _scope(region, window)
        .annotate(place_id=region_key(place_level(region)))
        .values("topic", "place_id")
        .annotate(
            current=Count("id", filter=now),
            previous=Count("id", filter=~now),
            repeated=Count("id", filter=now & Q(similar_to__isnull=False)),
        )
        .filter(current__gte=MIN_COUNT)
    )
    found = [
        r
        for r in rows
        if r["repeated"] or not r["previous"] or r["current"] >= RISING * r["previous"]
    ]
    places = Region.objects.in_bulk([r["place_id"] for r in found])
    spots = _spots(region, window, {(r["topic"], r["place_id"]) for r in found})
    result = [
        Hotspot(
            topic=r["topic"],
            place=places[r["place_id"]],
            current=r["current"],
            previous=r["previous"],
            repeated=r["repeated"],
            spot=spots.get((r["topic"], r["place_id"]), ("", 0))[0],
            spot_count=spots.get((r["topic"], r["place_id"]), ("", 0))[1],
        )
        for r in found
        if r["place_id"] in places
    ]
    result.sort(key=lambda h: (-h.current, -(h.current - h.previous), h.place.code, h.topic))
    return result[:LIMIT]


def _spots(
    region: Region, window: Window, groups: set[tuple[str, int]]
) -> dict[tuple[str, int], tuple[str, int]]:
    """The most given place string of each group (its count), this period."""
    if not groups:
        return {}
    rows = (
        _scope(region, window)
        .filter(created_at__gte=day_start(window.start), topic__in={topic for topic, _ in groups})
        .exclude(place="")
        .annotate(place_id=region_key(place_level(region)))
        .values("topic", "place_id", "place")
        .annotate(n=Count("id"))
        .order_by("-n", "place")
    )
    best: dict[tuple[str, int], tuple[str, int]] = {}
    for row in rows:
        key = (row["topic"], row["place_id"])
        if key in groups and key not in best and row["n"] > 1:
            best[key] = (row["place"], row["n"])
    return best


def hotspot_appeals(
    region: Region, today: dt.date, days: int, topic: str, place: Region
) -> QuerySet[Appeal]:
    """The appeals of one hotspot, this period."""
    window = Window.of(today, days)
    return (
        _scope(region, window)
        .filter(created_at__gte=day_start(window.start), topic=topic)
        .annotate(place_id=region_key(place_level(region)))
        .filter(place_id=place.pk)
        .select_related("region")
    )


def topic_counts(region: Region, today: dt.date, days: int) -> list[tuple[str, int, int]]:
    """(topic label, this period, the period before) for every topic with appeals."""
    window = Window.of(today, days)
    now = Q(created_at__gte=day_start(window.start))
    rows = (
        _scope(region, window)
        .values("topic")
        .annotate(current=Count("id", filter=now), previous=Count("id", filter=~now))
    )
    return sorted(
        (
            (str(Topic(r["topic"]).label), r["current"], r["previous"])
            for r in rows
            if r["topic"] in Topic.values
        ),
        key=lambda row: -row[1],
    )


def place_counts(region: Region, today: dt.date, days: int) -> dict[int, int]:
    """Appeals of this period by place (for the map)."""
    window = Window.of(today, days)
    rows = (
        _scope(region, window)
        .filter(created_at__gte=day_start(window.start))
        .annotate(place_id=region_key(place_level(region)))
        .values("place_id")
        .annotate(n=Count("id"))
    )
    return {row["place_id"]: row["n"] for row in rows if row["place_id"]}
