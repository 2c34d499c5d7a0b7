"""`/healthz` tells the truth about the database and the queue; the worker is kept running."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests_support import skip_or_fail

from luoshi.core.tasks import load_regions_task
from luoshi.worker_supervisor import next_delay

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
REDIS_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def test_healthz_reports_the_database_and_an_empty_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    body = Client().get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["queue"]["backend"] == "database"
    assert body["queue"]["queued"] == 0
    assert body["storage"] == "ok"
    assert Client().get("/livez").content == b"ok"


def test_an_upload_store_that_does_not_answer_is_a_503(settings, tmp_path):
    from config.environment import upload_storage

    settings.TASKS = DATABASE_QUEUE
    settings.STORAGES = {
        **settings.STORAGES,
        "default": upload_storage(
            {"LUOSHI_S3_BUCKET": "uploads", "LUOSHI_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
        ),
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("upload store unreachable")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads")},
        },
    }
    assert Client().get("/healthz").json()["storage"] == "ok"


def test_a_job_waiting_past_the_limit_makes_healthz_a_503_naming_it(settings):
    settings.TASKS = DATABASE_QUEUE
    result = load_regions_task.enqueue()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=long_ago)
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["queue"]["queued"] == 1
    assert body["queue"]["oldest_queued_seconds"] >= 3600
    assert "worker" in body["problems"][0]


def test_an_unreachable_redis_queue_is_a_503(settings):
    settings.TASKS = REDIS_QUEUE
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0", "DEFAULT_TIMEOUT": 60}}
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"]["reachable"] is False


@pytest.mark.redis
def test_healthz_counts_the_workers_listening_on_redis(settings):
    import django_rq
    import redis
    from rq import Worker

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        skip_or_fail(f"Redis is not reachable at {url}: {error}")
    settings.TASKS = REDIS_QUEUE
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}
    queue = django_rq.get_queue("default")
    queue.empty()
    without = Client().get("/healthz")
    assert without.status_code == 503
    assert without.json()["queue"]["workers"] == 0
    worker = Worker([queue], connection=queue.connection)
    worker.register_birth()
    try:
        with_worker = Client().get("/healthz")
        assert with_worker.status_code == 200, with_worker.json()
        assert with_worker.json()["queue"]["workers"] == 1
    finally:
        worker.register_death()
        queue.empty()


def test_the_restart_delay_backs_off_and_resets_after_a_stable_run():
    delays = []
    delay = 0.0
    for _ in range(9):
        delay = next_delay(delay, lasted=0.5)
        delays.append(delay)
    # README: back-off from 1 s doubling to 60 s.
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0]
    assert next_delay(60.0, lasted=3600) == 1.0


def test_the_supervisor_restarts_a_worker_that_dies_and_stops_with_its_server(tmp_path):
    starts = tmp_path / "starts"
    # The "worker": notes each start, then dies at once — the supervisor must start it again.
    worker = (
        f"import pathlib; p = pathlib.Path({str(starts)!r}); "
        "p.write_text(p.read_text() + 'x' if p.exists() else 'x')"
    )
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "luoshi.worker_supervisor", "--", sys.executable, "-c", worker],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _starts(starts) < 3:
            time.sleep(0.2)
        assert _starts(starts) >= 3  # started, died, restarted after 1 s, then after 2 s
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=15)
    assert supervisor.returncode == 0
    assert b"restarting in" in supervisor.stderr.read()


def _starts(path) -> int:
    return len(path.read_text()) if path.exists() else 0
