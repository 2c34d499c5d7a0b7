"""Which unit an appeal should go to (派单建议), for the office to accept or change.

In this order, at most three, each with its reason:
1. the units that answered most appeals of the same topic in the same region over the last
   year (their own experience is the best guide a dispatcher has);
2. the departments whose names carry the topic's responsibility (住建 for housing, 卫健 for
   health …), the nearest region first;
3. the township's own government for an appeal placed in a township (属地管理).

A unit that sent this very appeal back is never suggested again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.appeals.models import Appeal, AppealEvent, Step, Topic
from luoshi.appeals.rates import day_start
from luoshi.appeals.selectors import units_to_dispatch_to
from luoshi.core.models import RegionLevel, Unit, UnitKind

HISTORY_DAYS = 365
MAX_SUGGESTIONS = 3

# The words of the unit names that carry each topic's responsibility.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    Topic.URBAN: ("城市管理", "城管", "住房和城乡建设", "住建"),
    Topic.TRAFFIC: ("交通运输", "交通"),
    Topic.ENVIRONMENT: ("生态环境", "环境保护", "环保"),
    Topic.HOUSING: ("住房和城乡建设", "住建", "房产", "房管"),
    Topic.EDUCATION: ("教育",),
    Topic.HEALTH: ("卫生健康", "卫健", "医疗保障", "医保"),
    Topic.SOCIAL: ("民政", "人力资源和社会保障", "人社", "医疗保障"),
    Topic.LABOUR: ("人力资源和社会保障", "人社"),
    Topic.MARKET: ("市场监督管理", "市场监管"),
    Topic.RURAL: ("农业农村", "乡村振兴", "农业"),
    Topic.SAFETY: ("公安", "应急管理"),
    Topic.SERVICE: ("政务服务", "行政审批", "数据"),
}


@dataclass(frozen=True)
class Suggestion:
    unit: Unit
    reason: str


def suggested_units(appeal: Appeal, today: dt.date | None = None) -> list[Suggestion]:
    today = today or timezone.localdate()
    returned = set(
        AppealEvent.objects.filter(appeal=appeal, step=Step.RETURNED).values_list(
            "unit_id", flat=True
        )
    )
    candidates = units_to_dispatch_to(appeal).exclude(pk__in=returned)
    found: list[Suggestion] = []

    def add(unit: Unit, reason: str) -> None:
        if len(found) < MAX_SUGGESTIONS and all(s.unit.pk != unit.pk for s in found):
            found.append(Suggestion(unit, reason))

    since = today - dt.timedelta(days=HISTORY_DAYS)
    answered = (
        AppealEvent.objects.filter(
            step=Step.ANSWERED,
            created_at__gte=day_start(since),
            appeal__topic=appeal.topic,
            appeal__region_id=appeal.region_id,
            unit__in=candidates,
        )
        .exclude(appeal=appeal)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n", "unit_id")[:MAX_SUGGESTIONS]
    )
    counts = {row["unit_id"]: row["n"] for row in answered}
    by_pk = candidates.in_bulk(list(counts))
    for unit_id, n in counts.items():
        add(by_pk[unit_id], _("近一年办理同类诉求 %(n)d 件") % {"n": n})

    words = TOPIC_WORDS.get(appeal.topic, ())
    if words:
        named = Q()
        for word in words:
            named |= Q(name__contains=word) | Q(short_name__contains=word)
        for unit in candidates.filter(named)[:MAX_SUGGESTIONS]:
            add(unit, _("职责对口：%(topic)s") % {"topic": appeal.get_topic_display()})

    if appeal.region.level == RegionLevel.TOWNSHIP:
        local = candidates.filter(region=appeal.region, kind=UnitKind.TOWNSHIP).first()
        local = local or candidates.filter(region=appeal.region).first()
        if local is not None:
            add(local, _("属地：%(place)s") % {"place": appeal.region.name})
    return found
