"""A real task (loading the gazetteer) run by a real worker on both task backends."""

import os

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from tests_support import skip_or_fail

from luoshi.core.models import ActionLog, Region
from luoshi.core.tasks import load_regions_task

pytestmark = pytest.mark.django_db(transaction=True)


def test_database_backend_runs_the_gazetteer_load(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    result = load_regions_task.enqueue()
    assert result.status == TaskResultStatus.READY
    assert not Region.objects.exists()

    call_command("worker", burst=True)  # `luoshi worker --burst`, which picks db_worker

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["created"] == Region.objects.count() > 3000
    assert ActionLog.objects.filter(verb="regions.loaded", actor=None).count() == 1


@pytest.fixture
def redis_queue(monkeypatch):
    import django_rq.settings
    import redis

    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    url = base.rsplit("/", 1)[0] + "/15"  # a database of its own, emptied by the test
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        skip_or_fail(f"Redis is not reachable at {url}: {error}")
    monkeypatch.setitem(django_rq.settings.QUEUES, "default", {"URL": url, "DEFAULT_TIMEOUT": 120})
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


@pytest.mark.redis
def test_redis_backend_runs_the_gazetteer_load(settings, redis_queue):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    result = load_regions_task.enqueue()
    assert redis_queue.count == 1

    # SimpleWorker runs the job in this process, so it writes through the test's database.
    call_command(
        "rqworker",
        "default",
        burst=True,
        worker_class="rq.worker.SimpleWorker",
        job_class="django_tasks_rq.backend.Job",
    )

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert Region.objects.count() > 3000
    assert redis_queue.count == 0
