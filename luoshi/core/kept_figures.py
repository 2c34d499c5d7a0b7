"""Figures kept a while: counts over a whole scope that an overview shows (the dashboard, the
office home's and inbox's 未报送), computed once per scope and kept for minutes in the cache.

At national scale such a figure reads every task or report of a province (0.1–0.3 s each), and
an overview is opened many times a day by people who want the shape, not the last minute. So
each is kept per scope and day for `KEPT_SECONDS`, and everything kept is dropped at once when
the daily evaluation has changed the colours (`figures_changed`: a new generation number in
the cache, which every key carries). Lists that people act on (the 未报送 list, the task list,
the inbox's rows) always read afresh.

With Redis the cache and its generation are shared by every server and the evaluation's
process; with the in-process cache each process keeps its own, and the kept time bounds how
long a figure can lag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache
from django.db import transaction

KEPT_SECONDS = 600
GENERATION_KEY = "luoshi:figures:generation"
T = TypeVar("T")


def _generation() -> int:
    found = cache.get(GENERATION_KEY)
    return int(found) if found is not None else 0


def figures_changed() -> None:
    """Drop every kept figure (after the transaction that changed them commits)."""

    def bump() -> None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or evicted): any new number will do
            cache.set(GENERATION_KEY, _generation() + 1, None)

    transaction.on_commit(bump, robust=True)


def kept(name: str, scope: object, day: dt.date, compute: Callable[[], T]) -> T:
    """`compute()`, kept for `KEPT_SECONDS` per `scope` (its repr names it) and day."""
    digest = hashlib.sha256(repr(scope).encode()).hexdigest()[:32]
    key = f"luoshi:figures:{name}:g{_generation()}:{day.isoformat()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return cast(T, found)
