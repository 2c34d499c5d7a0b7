"""Writes to the search index.

The index is derived data, rebuilt from the source objects at will (`luoshi search_rebuild`),
so these writes do not go to the action log: the change that matters (a report published, an
opinion answered) is logged by the service that made it, which then calls these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from django.db import transaction

from luoshi.core.models import Region, SearchEntry
from luoshi.core.search import schema
from luoshi.core.search.tokens import index_tokens

TITLE_LENGTH = SearchEntry._meta.get_field("title").max_length or 300
REBUILD_BATCH = 500


def entry_tokens(title: str, body: str) -> str:
    return " ".join(index_tokens(f"{title}\n{body}"))


def search_index_upsert(
    *,
    kind: str,
    key: str | int,
    title: str,
    body: str,
    url: str,
    region: Region | None = None,
    year: int | None = None,
    state: str = "",
    is_public: bool = False,
) -> SearchEntry:
    """Create or replace the entry (kind, key)."""
    title = " ".join(title.split())[:TITLE_LENGTH]
    with transaction.atomic():
        entry = SearchEntry.objects.select_for_update().filter(
            kind=kind, key=str(key)
        ).first() or SearchEntry(kind=kind, key=str(key))
        entry.title = title
        entry.body = body
        entry.url = url
        entry.region = region
        entry.year = year
        entry.state = state
        entry.is_public = is_public
        entry.tokens = entry_tokens(title, body)
        entry.full_clean(validate_unique=False, validate_constraints=False)
        entry.save()
    return entry


def search_index_put(*, kind: str, entry: SearchEntry) -> SearchEntry:
    """Create or replace the entry an app's indexer built (unsaved) for (kind, entry.key)."""
    return search_index_upsert(
        kind=kind,
        key=entry.key,
        title=entry.title,
        body=entry.body,
        url=entry.url,
        region=entry.region,
        year=entry.year,
        state=entry.state,
        is_public=entry.is_public,
    )


def search_index_write_all(kind: str, entries: Iterable[SearchEntry]) -> int:
    """Replace every entry of `kind` by `entries` (unsaved, `tokens` left empty), written in
    batches; returns how many. For an app's full reindex, where one upsert per object would
    take minutes on 10⁵ objects."""
    count = 0
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind).delete()
        batch: list[SearchEntry] = []
        for entry in entries:
            entry.kind = kind
            entry.key = str(entry.key)
            entry.title = " ".join(entry.title.split())[:TITLE_LENGTH]
            entry.tokens = entry_tokens(entry.title, entry.body)
            batch.append(entry)
            if len(batch) >= REBUILD_BATCH:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
    return count


def search_index_delete(*, kind: str, key: str | int) -> int:
    """Remove the entry (kind, key) if there is one; returns how many were removed."""
    deleted, _by_model = SearchEntry.objects.filter(kind=kind, key=str(key)).delete()
    return deleted


def search_index_delete_many(*, kind: str, keys: Iterable[str | int]) -> int:
    """Remove the entries of `kind` with these keys; returns how many were removed."""
    wanted = [str(key) for key in keys]
    deleted = 0
    for start in range(0, len(wanted), REBUILD_BATCH):
        count, _by_model = SearchEntry.objects.filter(
            kind=kind, key__in=wanted[start : start + REBUILD_BATCH]
        ).delete()
        deleted += count
    return deleted


def search_index_set_states(*, kind: str, states: Mapping[int, str] | Mapping[str, str]) -> int:
    """Set the `state` of entries of `kind` (key → state) where it differs, without
    re-tokenizing them (a task's status after the daily evaluation); returns how many."""
    by_state: dict[str, list[str]] = {}
    for key, state in states.items():
        by_state.setdefault(state, []).append(str(key))
    changed = 0
    for state, keys in sorted(by_state.items()):
        for start in range(0, len(keys), REBUILD_BATCH):
            changed += (
                SearchEntry.objects.filter(kind=kind, key__in=keys[start : start + REBUILD_BATCH])
                .exclude(state=state)
                .update(state=state)
            )
    return changed


class _Waiting:
    """One writer's keys waiting for the current transaction to commit."""

    def __init__(self, write: Callable[[list[int]], object], owner: object) -> None:
        self.write = write
        self.owner = owner  # the transaction's list of on-commit callbacks
        self.keys: set[int] = set()
        self.done = False

    def flush(self) -> None:
        if not self.done:
            self.done = True
            if self.keys:
                self.write(sorted(self.keys))


def index_after_commit(write: Callable[[list[int]], object], keys: Iterable[int]) -> None:
    """Once the current transaction commits, call `write` with the keys gathered for it —
    once, however many writes of the transaction asked for it (an Excel import of 500 tasks
    reindexes them in one go). Outside a transaction, at once.

    A failure there is logged by Django and does not undo the write: the index is derived
    data, and `luoshi search_rebuild` writes it again."""
    connection = transaction.get_connection()
    # Django gives each transaction (and each rollback to a savepoint) a new callback list:
    # keys gathered for a transaction that was rolled back are not carried into the next.
    owner = connection.run_on_commit
    waiting: dict[object, _Waiting] = connection.__dict__.setdefault("_luoshi_search_waiting", {})
    group = waiting.get(write)
    if group is None or group.done or group.owner is not owner:
        group = waiting[write] = _Waiting(write, owner)
    group.keys.update(keys)
    # One callback per call (a no-op once the group is written), so that a test capturing
    # the callbacks of a block runs the group even if an earlier write opened it.
    transaction.on_commit(group.flush, robust=True)


def search_index_delete_stale(*, kind: str, written_before: datetime) -> int:
    """Remove the entries of `kind` not written since `written_before` (after a full reindex,
    these are the ones whose source objects are gone)."""
    deleted, _by_model = SearchEntry.objects.filter(
        kind=kind, updated_at__lt=written_before
    ).delete()
    return deleted


def search_index_rebuild(kind: str | None = None) -> int:
    """Re-tokenize stored entries (all, or one kind) from their title and body; returns how
    many. Use after a change to the tokenizer."""
    from django.db import connection

    entries = SearchEntry.objects.order_by("pk").only("pk", "title", "body", "tokens")
    if kind is not None:
        entries = entries.filter(kind=kind)
    count = 0
    with transaction.atomic():
        batch: list[SearchEntry] = []
        for entry in entries.iterator(chunk_size=REBUILD_BATCH):
            entry.tokens = entry_tokens(entry.title, entry.body)
            batch.append(entry)
            if len(batch) >= REBUILD_BATCH:
                SearchEntry.objects.bulk_update(batch, ["tokens"])
                count += len(batch)
                batch = []
        if batch:
            SearchEntry.objects.bulk_update(batch, ["tokens"])
            count += len(batch)
        schema.heal(connection)  # SQLite: the triggers may be gone (see schema); re-read
    return count
