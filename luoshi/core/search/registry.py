"""Which apps feed the search index: each registers its kinds in its AppConfig.ready().

Core is the lowest layer and cannot import the apps whose objects it indexes; the registry
lets `luoshi search_rebuild` and the search page know them anyway.

Who finds an entry. By default, a kind's entries follow the region and publicity rule of
`visibility.reader_scope` (reports, opinions, meetings). A kind whose pages follow rules of
their own — a task opens for the office and leaders of its region and for its lead and
co-units, an import for its uploader — registers `readable`: given the reader, a `Readable`
saying which of its entries they may open, in the terms of the index: the regions whose
entries they open all of (the office's rule, read from the entry's own region: no join),
and a queryset of the other keys (the unit's own tasks, through `keys_of`). The search
applies it inside the query, so counts and pages hold only what the reader may open.

Why not just the app's whole permission-aware queryset as a key list: for the office of a
province it holds every task and report (180,000 reports in the bench), and PostgreSQL then
probes that list for every hit — 17 s for a common word instead of a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils.functional import Promise

Label = str | Promise


@dataclass(frozen=True)
class Readable:
    """The entries of a kind that a reader may open: all of them (`everything`), or those
    of the regions whose codes start with one of `region_prefixes` (and below them), plus
    those whose keys `keys` selects (a one-column queryset, see `keys_of`)."""

    everything: bool = False
    region_prefixes: frozenset[str] = frozenset()
    keys: QuerySet[Any] | None = None


READ_ALL = Readable(everything=True)
READ_NONE = Readable()
# Given the reader (a user), what they may open of a kind.
ReadableRule = Callable[[Any], Readable]
# Short facts about the hits of one page (a task's lead unit), read in one query: key → facts.
HitFacts = Callable[[Sequence[str]], Mapping[str, Sequence[Label]]]


@dataclass(frozen=True)
class SearchKind:
    kind: str
    label: Label
    # Writes every entry of this kind again from the source objects; returns how many.
    reindex: Callable[[], int]
    # Display names of the kind's `state` values (e.g. a report's status).
    state_labels: Mapping[str, Label] = field(default_factory=dict)
    readable: ReadableRule | None = None
    hit_facts: HitFacts | None = None
    order: int = 100  # where the kind's group comes on the search page (lower first)


_KINDS: dict[str, SearchKind] = {}


def register_indexer(
    kind: str,
    reindex: Callable[[], int],
    *,
    label: Label | None = None,
    state_labels: Mapping[str, Label] | None = None,
    readable: ReadableRule | None = None,
    hit_facts: HitFacts | None = None,
    order: int = 100,
) -> None:
    """Register (or replace: ready() may run more than once in tests) the indexer of a kind."""
    _KINDS[kind] = SearchKind(
        kind,
        label or kind,
        reindex,
        dict(state_labels or {}),
        readable,
        hit_facts,
        order,
    )


def registered_kinds() -> dict[str, SearchKind]:
    return dict(_KINDS)


def kinds_in_order() -> list[SearchKind]:
    """The registered kinds as the search page lists them."""
    return sorted(_KINDS.values(), key=lambda entry: (entry.order, entry.kind))


def reader_scoped_kinds() -> dict[str, SearchKind]:
    """The kinds whose entries follow rules of their own (`readable`)."""
    return {name: entry for name, entry in _KINDS.items() if entry.readable is not None}


def kind_label(kind: str) -> Label:
    registered = _KINDS.get(kind)
    return registered.label if registered else kind


def state_label(kind: str, state: str) -> Label:
    registered = _KINDS.get(kind)
    return registered.state_labels.get(state, state) if registered else state


def keys_of(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys of `queryset` as entry keys (text), for `Readable.keys`."""
    return (
        queryset.order_by()
        .annotate(search_key=Cast("pk", output_field=CharField()))
        .values("search_key")
    )
