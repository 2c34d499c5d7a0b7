"""How far a running spreadsheet job has got: what the reading and applying loops report
(`core.spreadsheets.progress`), turned into a percentage and the row it is at.

It is kept in the cache (shared by the web and the worker when Redis is configured), and on
the job's row whenever the job is not inside its apply's transaction (a row written there
would be invisible until the end). Passed on at most twice a second.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.db import connection

from luoshi.core.sheet_jobs.models import SheetJob, SheetJobStep
from luoshi.core.spreadsheets import progress

KEEP_SECONDS = 3600
EVERY_SECONDS = 0.5
# The share of the bar each phase fills: (start, end) in percent.
SPANS = {
    SheetJobStep.PREVIEW: {progress.READING: (0, 95)},
    SheetJobStep.APPLY: {progress.READING: (0, 40), progress.WRITING: (40, 99)},
}


def _key(job_id: int) -> str:
    return f"luoshi:sheet-job:{job_id}"


class _Watcher:
    def __init__(self, job: SheetJob) -> None:
        self.job_id = int(job.pk)
        self.spans = SPANS[SheetJobStep(job.step)]
        self.totals: dict[str, int] = {}
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total:
            self.totals[phase] = total
        now = time.monotonic()
        if now - self.last < EVERY_SECONDS and done:
            return
        self.last = now
        total = self.totals.get(phase, 0)
        start, end = self.spans.get(phase, (0, 99))
        share = min(1.0, done / total) if total else 0.0
        percent = int(start + (end - start) * share)
        cache.set(
            _key(self.job_id),
            {"progress": percent, "phase": phase, "done": done, "total": total},
            KEEP_SECONDS,
        )
        if not connection.in_atomic_block:
            SheetJob.objects.filter(pk=self.job_id).update(progress=percent)


@contextmanager
def watched(job: SheetJob) -> Iterator[None]:
    with progress.reporting(_Watcher(job)):
        yield


def forget(job_id: int) -> None:
    cache.delete(_key(job_id))


def seen(job: SheetJob) -> dict[str, Any]:
    """What the job's page shows: {progress, phase, done, total}, the freshest known."""
    latest = cache.get(_key(int(job.pk))) or {}
    if not isinstance(latest, dict) or int(latest.get("progress", 0)) < job.progress:
        latest = {}
    return {
        "progress": max(job.progress, int(latest.get("progress", 0))),
        "phase": latest.get("phase", ""),
        "done": int(latest.get("done", 0)),
        "total": int(latest.get("total", 0)),
    }
