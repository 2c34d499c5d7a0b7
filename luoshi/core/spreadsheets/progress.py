"""How far a long spreadsheet import has got, for whoever is watching (the background job).

The reading and applying loops call `report(phase, done, total)`; outside a watched job it
does nothing. A job watches with `reporting(callback)`; the callback decides how often to
pass it on (it is called for every row). `total` 0 keeps the total last reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

READING = "reading"
WRITING = "writing"

Callback = Callable[[str, int, int], None]
_watcher: ContextVar[Callback | None] = ContextVar("spreadsheet_progress", default=None)


def report(phase: str, done: int, total: int = 0) -> None:
    callback = _watcher.get()
    if callback is not None:
        callback(phase, done, total)


@contextmanager
def reporting(callback: Callback) -> Iterator[None]:
    token = _watcher.set(callback)
    try:
        yield
    finally:
        _watcher.reset(token)
