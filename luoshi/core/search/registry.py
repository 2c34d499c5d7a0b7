"""Which apps feed the search index: each registers its kinds in its AppConfig.ready().

Core is the lowest layer and cannot import the apps whose objects it indexes; the registry
lets `luoshi search_rebuild` and the search page know them anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchKind:
    kind: str
    label: str | Promise
    # Writes every entry of this kind again from the source objects; returns how many.
    reindex: Callable[[], int]
    # Display names of the kind's `state` values (e.g. a report's status).
    state_labels: Mapping[str, str | Promise] = field(default_factory=dict)


_KINDS: dict[str, SearchKind] = {}


def register_indexer(
    kind: str,
    reindex: Callable[[], int],
    *,
    label: str | Promise | None = None,
    state_labels: Mapping[str, str | Promise] | None = None,
) -> None:
    """Register (or replace: ready() may run more than once in tests) the indexer of a kind."""
    _KINDS[kind] = SearchKind(kind, label or kind, reindex, dict(state_labels or {}))


def registered_kinds() -> dict[str, SearchKind]:
    return dict(_KINDS)


def kind_label(kind: str) -> str | Promise:
    registered = _KINDS.get(kind)
    return registered.label if registered else kind


def state_label(kind: str, state: str) -> str | Promise:
    registered = _KINDS.get(kind)
    return registered.state_labels.get(state, state) if registered else state
