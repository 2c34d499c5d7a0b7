"""Paging through the action log by position, not by page number.

The log only grows, and it grows at the top: a page number (OFFSET) shifts under the reader as
entries arrive, and an OFFSET of 200,000 makes the database read and throw away 200,000 rows.
A page here starts at an entry (`before`: the entries older than it; `after`: newer), so
each page is read from the `created_at` index wherever it is — page 4,000 as fast as page 1.
The order is the log's own: newest first, by time, ties broken by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from luoshi.core.models import ActionLog


@dataclass(frozen=True)
class LogPage:
    entries: list[ActionLog]
    older: int | None  # the id to page on from for older entries (None: no older ones)
    newer: int | None  # the id to page back from for newer entries (None: this is the top)
    start: int = 1  # the position of the first entry, counted from the newest (1)

    @property
    def end(self) -> int:
        return self.start + len(self.entries) - 1


def _moment(entry_id: int | None) -> tuple[int, datetime] | None:
    if entry_id is None:
        return None
    created_at = ActionLog.objects.filter(pk=entry_id).values_list("created_at", flat=True)
    moment = created_at.first()
    return None if moment is None else (entry_id, moment)


def _older_than(entries: QuerySet[ActionLog], entry: tuple[int, datetime]) -> QuerySet[ActionLog]:
    # created_at <= t AND NOT (created_at = t AND id >= i): a range on the index, not an OR.
    entry_id, moment = entry
    return entries.filter(created_at__lte=moment).exclude(created_at=moment, id__gte=entry_id)


def _newer_than(entries: QuerySet[ActionLog], entry: tuple[int, datetime]) -> QuerySet[ActionLog]:
    entry_id, moment = entry
    return entries.filter(created_at__gte=moment).exclude(created_at=moment, id__lte=entry_id)


def _key(entry: ActionLog) -> tuple[int, datetime]:
    return (entry.pk, entry.created_at)


def log_page(
    entries: QuerySet[ActionLog],
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = 100,
) -> LogPage:
    """One page of `entries` (already filtered), newest first: the `size` entries older than
    entry `before`, or newer than entry `after`, or the newest. An entry that is gone gives the
    newest page; so does a page newer than which nothing is left."""
    newest_first = entries.order_by("-created_at", "-id")
    anchor = _moment(before) if before is not None else _moment(after)
    if anchor is not None and before is not None:
        rows = list(_older_than(newest_first, anchor)[: size + 1])
    elif anchor is not None:
        found = list(_newer_than(entries, anchor).order_by("created_at", "id")[: size + 1])
        rows = list(reversed(found[:size]))
        if len(found) <= size:  # the top was reached: the newest page, as it is now
            anchor = None
            rows = list(newest_first[: size + 1])
    else:
        rows = list(newest_first[: size + 1])
    if anchor is None:
        return LogPage(rows[:size], rows[size - 1].pk if len(rows) > size else None, None)
    page = rows[:size]
    if not page:
        return LogPage([], None, None)
    # How many are newer than this page: its position, and whether there is a newer page.
    start = _newer_than(entries, _key(page[0])).count() + 1
    if before is not None:
        older = page[-1].pk if len(rows) > size else None
    else:
        older = page[-1].pk if _older_than(entries, _key(page[-1])).exists() else None
    return LogPage(page, older, page[0].pk if start > 1 else None, start)
