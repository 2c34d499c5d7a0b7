"""No document import stays 排队中 or 识别中 forever, and retrying or re-uploading reads again.

The worker is real (`luoshi worker --burst` on the database queue; Redis's worker is the
same code behind another queue); a job that "died" is a batch
left reading (or queued) past its limit, as a killed worker or a database blip leaves it.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from luoshi.core.models import ActionLog
from luoshi.core.time_limits import TimeLimitExceeded, time_limit
from luoshi.imports import read_jobs
from luoshi.imports.models import BatchStatus, ImportBatch
from luoshi.imports.services import import_batch_create

pytestmark = pytest.mark.django_db

TEXT = "某县2026年政府工作报告\n一、2025年工作回顾\n全县地区生产总值增长6%。".encode()


def upload(actor, client_for_user: Client, content: bytes = TEXT) -> ImportBatch:
    client_for_user.get("/imports/")
    response = client_for_user.post(
        "/imports/",
        {
            "text": content.decode(),
            "csrfmiddlewaretoken": client_for_user.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportBatch.objects.get()


# The worker closes its database connection when it is done, as a process does: tests that run
# it commit for real instead of inside a test transaction.
WORKER = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings) -> None:
    """The database queue, whose worker runs jobs in this process and transaction (RQ's
    worker forks, and the child would close the test's connection on PostgreSQL)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def office_browser(jixian_supervisor) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(jixian_supervisor)
    return client


def left_behind(batch: ImportBatch, status: str, minutes: int) -> None:
    """What a killed worker leaves: the batch in `status` since `minutes` ago."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, state_since=timezone.now() - dt.timedelta(minutes=minutes)
    )


@WORKER
def test_an_upload_is_queued_after_commit_and_read_by_the_worker(
    jixian_supervisor, office_browser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload(jixian_supervisor, office_browser)
    assert batch.status == BatchStatus.QUEUED and batch.state_since is not None
    call_command("worker", burst=True)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REVIEW


@WORKER
def test_a_batch_left_reading_past_the_limit_is_failed_with_the_reason_and_can_be_retried(
    jixian_supervisor, office_browser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload(jixian_supervisor, office_browser)
    left_behind(batch, BatchStatus.READING, minutes=read_jobs.READ_TIME_LIMIT // 60 + 1)

    page = office_browser.get(f"/imports/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "仍未完成" in batch.error and "仍未完成" in page.content.decode()
    assert ActionLog.objects.filter(verb="import.stalled").exists()

    with django_capture_on_commit_callbacks(execute=True):
        retried = office_browser.post(
            f"/imports/{batch.pk}/retry/",
            {"csrfmiddlewaretoken": office_browser.cookies["csrftoken"].value},
        )
    assert retried.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED and batch.error == ""
    call_command("worker", burst=True)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REVIEW


def test_a_batch_reading_within_the_limit_is_left_alone(jixian_supervisor, office_browser):
    batch = upload(jixian_supervisor, office_browser)
    left_behind(batch, BatchStatus.READING, minutes=1)
    office_browser.get(f"/imports/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READING


def test_a_batch_never_picked_up_is_failed_after_the_queue_wait_limit(
    jixian_supervisor, office_browser
):
    batch = upload(jixian_supervisor, office_browser)
    left_behind(batch, BatchStatus.QUEUED, minutes=read_jobs.QUEUE_WAIT_LIMIT // 60 + 1)
    api = Client(enforce_csrf_checks=True)
    api.force_login(jixian_supervisor)
    detail = api.get(f"/api/v1/imports/{batch.pk}").json()
    assert detail["status"] == "failed" and "排队超过" in detail["error"]


@WORKER
def test_uploading_a_failed_or_stuck_file_again_starts_a_new_read(
    jixian_supervisor, django_capture_on_commit_callbacks
):
    first = import_batch_create(actor=jixian_supervisor, file_name="报告.txt", content=TEXT)
    left_behind(first.batch, BatchStatus.READING, minutes=read_jobs.READ_TIME_LIMIT // 60 + 1)
    with django_capture_on_commit_callbacks(execute=True):
        again = import_batch_create(actor=jixian_supervisor, file_name="报告.txt", content=TEXT)
    assert again.restarted and again.batch.pk == first.batch.pk
    assert again.batch.status == BatchStatus.QUEUED
    call_command("worker", burst=True)
    again.batch.refresh_from_db()
    assert again.batch.status == BatchStatus.REVIEW

    # A batch that is fine is opened again, not read again.
    third = import_batch_create(actor=jixian_supervisor, file_name="报告.txt", content=TEXT)
    assert third.duplicate and not third.restarted


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:9/0", "DEFAULT_TIMEOUT": 60}},
)
def test_when_the_queue_is_unreachable_the_upload_says_so_and_the_batch_is_retryable(
    jixian_supervisor, office_browser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload(jixian_supervisor, office_browser)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "未能排入后台识别队列" in batch.error
    page = office_browser.get(f"/imports/{batch.pk}/").content.decode()
    assert "重新识别" in page


def test_a_step_past_its_time_limit_is_interrupted():
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(1):
        time.sleep(5)
    assert time.monotonic() - started < 3
    with time_limit(2):
        time.sleep(0.01)  # within the limit: nothing happens
