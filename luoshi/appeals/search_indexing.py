"""Appeals in the search box, for staff only: found by exactly those who may open the appeal's
page (the office and leaders of its region and above, its lead and co-units), never by the
public.

An entry holds the number, topic, place, the appeal's text and the answer — never the
contact: the contact name is taken out of the text, and every long run of digits in it
(phones, identity cards) is masked before it is indexed. The services call
`index_appeals_after_commit` when they write; `luoshi search_rebuild` calls `reindex_appeals`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.appeals.privacy import masked
from luoshi.appeals.selectors import UNIT_ROLES
from luoshi.core.models import SearchEntry
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.search import READ_ALL, SEARCH_ONLY, Readable, index_after_commit, keys_of
from luoshi.core.search.indexing import (
    search_index_delete_many,
    search_index_put,
    search_index_write_all,
)

APPEAL_KIND = "appeal"
READERS = ("supervisor", "leader")
CHUNK = 500


def _without_contact(appeal: Appeal, text: str) -> str:
    if appeal.contact_name and len(appeal.contact_name) >= 2:
        text = text.replace(appeal.contact_name, "")
    return masked(text)


def _entry(appeal: Appeal) -> SearchEntry:
    text = _without_contact(appeal, appeal.content)
    return SearchEntry(
        key=str(appeal.pk),
        title=f"{appeal.number} {appeal.get_topic_display()} {text[:40]}",
        body=text
        + SEARCH_ONLY
        + "\n".join(
            part
            for part in (
                appeal.number,
                appeal.region.name,
                _without_contact(appeal, appeal.place),
                appeal.get_topic_display(),
                appeal.lead_unit.name if appeal.lead_unit else "",
                _without_contact(appeal, appeal.reply),
            )
            if part
        ),
        url=reverse("appeals:detail", args=[appeal.number]),
        region=appeal.region,
        year=timezone.localtime(appeal.created_at).year,
        state=appeal.status,
        is_public=False,
    )


def _appeals() -> QuerySet[Appeal]:
    return Appeal.objects.select_related("region", "lead_unit")


def index_appeals(ids: Sequence[int]) -> None:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = {a.pk: a for a in _appeals().filter(pk__in=chunk)}
        for appeal in found.values():
            search_index_put(kind=APPEAL_KIND, entry=_entry(appeal))
        search_index_delete_many(kind=APPEAL_KIND, keys=set(chunk) - set(found))


def index_appeals_after_commit(ids: Iterable[int]) -> None:
    index_after_commit(index_appeals, ids)


def reindex_appeals() -> int:
    appeals = _appeals().order_by("pk").iterator(chunk_size=2000)
    return search_index_write_all(APPEAL_KIND, map(_entry, appeals))


def readable_appeals(user: Any) -> Readable:
    """As `selectors.appeals_for` and `appeals.view_appeal`."""
    if is_admin(user):
        return READ_ALL
    grants = role_grants(user)
    prefixes = frozenset(
        region_code_prefix(code) or code for role, _unit, code in grants if role in READERS
    )
    units = {unit for role, unit, _code in grants if role in UNIT_ROLES}
    keys = None
    if units:
        assisted = list(
            Appeal.co_units.through.objects.filter(unit_id__in=units).values_list(
                "appeal_id", flat=True
            )
        )
        keys = keys_of(Appeal.objects.filter(Q(lead_unit_id__in=units) | Q(pk__in=assisted)))
    return Readable(region_prefixes=prefixes, keys=keys)


def appeal_facts(keys: Sequence[str]) -> Mapping[str, Sequence[str]]:
    rows = Appeal.objects.filter(pk__in=[int(key) for key in keys if key.isdecimal()]).values_list(
        "pk", "lead_unit__name"
    )
    return {
        str(pk): [_("承办单位：%(unit)s") % {"unit": name}] if name else [] for pk, name in rows
    }


STATE_LABELS = dict(AppealStatus.choices)
LABEL = gettext_lazy("诉求")
