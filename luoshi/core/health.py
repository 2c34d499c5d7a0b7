"""What `/healthz` reports: the database, the background queue, how long work has waited, and
whether the upload store answers.

A load balancer or an operator needs more than "the web process answers": with the worker
dead, uploads sit queued forever while the pages look fine. So the report names the database,
the queue (reachable, how many jobs wait, how old the oldest is, and — on Redis — how many
workers listen), the upload store (the local folder writable, or the S3 bucket reachable with
this server's credentials: with several servers one of them may be misconfigured) and answers
503 when any of them is wrong. `/livez` stays the cheap answer
that touches nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

# A job queued longer than this means no worker is taking work.
QUEUE_STALL_SECONDS: int = getattr(settings, "LUOSHI_QUEUE_STALL_SECONDS", 300)
RQ_BACKEND = "django_tasks_rq.RQBackend"


@dataclass
class QueueState:
    backend: str
    reachable: bool
    queued: int = 0
    oldest_queued_seconds: int | None = None
    workers: int | None = None  # known on Redis only
    problem: str = ""


@dataclass
class Health:
    database: bool
    database_problem: str
    queue: QueueState
    storage: str = "ok"
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "degraded",
            "database": "ok" if self.database else self.database_problem,
            "queue": asdict(self.queue),
            "storage": self.storage,
            "problems": self.problems,
        }


def _age(moment: dt.datetime | None, now: dt.datetime) -> int | None:
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return max(0, int((now - moment).total_seconds()))


def _database_queue(now: dt.datetime) -> QueueState:
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueState(
        backend="database",
        reachable=True,
        queued=ready.count(),
        oldest_queued_seconds=_age(oldest, now),
    )


def _redis_queue(now: dt.datetime) -> QueueState:
    import django_rq
    from rq import Worker

    try:
        queue = django_rq.get_queue("default")
        queue.connection.ping()
        job_ids = queue.get_job_ids(0, 0)
        job = queue.fetch_job(job_ids[0]) if job_ids else None
        return QueueState(
            backend="redis",
            reachable=True,
            queued=queue.count,
            oldest_queued_seconds=_age(job.enqueued_at if job else None, now),
            workers=len(Worker.all(queue=queue)),
        )
    except Exception as error:  # any failure to reach Redis is the answer
        return QueueState(backend="redis", reachable=False, problem=type(error).__name__)


def storage_problem() -> str:
    """ "" when uploads can be kept: the folder exists (or can be made) and is writable, or the
    bucket answers a lookup (a missing object is an answer; a refused key or no route is not)."""
    storage = default_storage
    try:
        if isinstance(storage, FileSystemStorage):
            folder = Path(storage.location)
            folder.mkdir(parents=True, exist_ok=True)
            return "" if os.access(folder, os.W_OK) else "upload folder not writable"
        storage.exists(".luoshi-health")
    except Exception as error:  # any failure to reach the store is the answer
        return f"upload store unreachable ({type(error).__name__})"
    return ""


def health_check() -> Health:
    """Check the database and the queue; never raises."""
    now = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database, database_problem = True, ""
    except DatabaseError as error:
        database, database_problem = False, type(error).__name__
    redis = settings.TASKS["default"]["BACKEND"] == RQ_BACKEND
    if redis:
        queue = _redis_queue(now)
    elif database:
        queue = _database_queue(now)
    else:
        queue = QueueState(backend="database", reachable=False, problem="database unavailable")
    storage = storage_problem()
    health = Health(
        database=database,
        database_problem=database_problem,
        queue=queue,
        storage=storage or "ok",
    )
    if storage:
        health.problems.append(storage)
    if not database:
        health.problems.append("database unavailable")
    if not queue.reachable:
        health.problems.append("queue unreachable")
    elif (queue.oldest_queued_seconds or 0) > QUEUE_STALL_SECONDS:
        health.problems.append(
            f"oldest queued job has waited {queue.oldest_queued_seconds} s: is a worker running?"
        )
    if redis and queue.reachable and queue.workers == 0:
        health.problems.append("no worker is listening on the queue")
    return health
