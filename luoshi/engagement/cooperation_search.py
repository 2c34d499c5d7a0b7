"""Cooperation items in the search box, for those who may open the item's page: the office
and leaders of the responsible unit's region (and above), and the unit itself — never the
public. An entry holds the partner, the content, the next step and the follow-ups' texts.
The services index an item once their write commits; `luoshi search_rebuild` writes them all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from luoshi.accounts.permissions import is_admin
from luoshi.core.models import SearchEntry
from luoshi.core.search import READ_ALL, Readable, index_after_commit, keys_of
from luoshi.core.search.indexing import search_index_put, search_index_write_all
from luoshi.engagement.models import CooperationItem
from luoshi.engagement.scope import region_prefixes, unit_ids

COOPERATION_KIND = "cooperation"


def _items() -> QuerySet[CooperationItem]:
    return CooperationItem.objects.select_related("unit__region", "meeting").prefetch_related(
        "updates"
    )


def _entry(item: CooperationItem) -> SearchEntry:
    updates = [update.text for update in item.updates.all()]
    parts = [item.content, item.next_step, item.unit.name, item.meeting.title, *updates]
    return SearchEntry(
        key=str(item.pk),
        title=f"{item.partner}：{item.content[:40]}",
        body="\n".join(part for part in parts if part),
        url=reverse("engagement:cooperation_detail", args=[item.pk]),
        region=item.unit.region,
        year=item.deadline.year,
        state=item.status,
        is_public=False,
    )


def _write(keys: list[int]) -> None:
    for item in _items().filter(pk__in=keys):
        search_index_put(kind=COOPERATION_KIND, entry=_entry(item))


def index_cooperation_after_commit(item: CooperationItem) -> CooperationItem:
    index_after_commit(_write, [item.pk])
    return item


def reindex_cooperation() -> int:
    return search_index_write_all(COOPERATION_KIND, map(_entry, _items().order_by("pk")))


def readable_cooperation(user: Any) -> Readable:
    """As `cooperation_selectors.visible_cooperation` and `engagement.view_cooperation`."""
    if is_admin(user):
        return READ_ALL
    units = unit_ids(user)
    keys = keys_of(CooperationItem.objects.filter(unit_id__in=units)) if units else None
    return Readable(region_prefixes=region_prefixes(user), keys=keys)
