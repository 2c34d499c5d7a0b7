"""Large spreadsheet imports run in the background worker with a progress bar, not in the
request (issue 10): the page and the API hand the file to a job, the worker (real: `luoshi
worker --burst` on the database queue) previews and applies it, and a job never stays busy
forever. The 分解表 stands for every import (the same code runs them all); "large" is made
small here with LUOSHI_SHEET_INLINE_ROWS."""

from __future__ import annotations

import datetime as dt
import re
import time
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from luoshi.accounts.services import api_token_create
from luoshi.core.models import ActionLog, Unit
from luoshi.core.sheet_jobs import watching
from luoshi.core.sheet_jobs.kinds import PreviewPage, SheetImportKind, register
from luoshi.core.sheet_jobs.models import SheetJob, SheetJobStatus, SheetJobStep
from luoshi.core.sheet_jobs.services import sheet_job_run, sheet_job_start
from luoshi.core.spreadsheets import progress
from luoshi.tasks.models import Task
from luoshi_tests.tasks.test_task_excel import GOOD_ROWS, water, workbook_bytes  # noqa: F401

# The worker closes its connection when done, as a process does: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

JOB_PAGE = re.compile(r"^/sheet-imports/(\d+)/$")


@pytest.fixture(autouse=True)
def background_settings(settings) -> None:
    """Every file of more than two rows is "large"; the database queue, whose worker runs
    jobs in this process (RQ's forks, and the child would close the test's connection)."""
    settings.LUOSHI_SHEET_INLINE_ROWS = 2
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/tasks/import/")
    return client


def post(client: Client, url: str, data: dict) -> object:
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def named(data: bytes, name: str = "分解表.xlsx") -> BytesIO:
    upload = BytesIO(data)
    upload.name = name
    return upload


def job_of(response) -> SheetJob:
    assert response.status_code == 302, response.content.decode()[:500]
    match = JOB_PAGE.match(response["Location"])
    assert match, response["Location"]
    return SheetJob.objects.get(pk=int(match.group(1)))


def work() -> None:
    call_command("worker", burst=True)


def test_a_large_breakdown_is_previewed_and_applied_by_the_worker(
    supervisor,
    world,
    water,  # noqa: F811
    transport,
):
    client = browser(supervisor)
    upload = {"region": world.county.pk, "year": 2026, "file": named(workbook_bytes(GOOD_ROWS))}
    job = job_of(post(client, "/tasks/import/", upload))
    assert (job.step, job.status, job.file_name) == ("preview", "queued", "分解表.xlsx")
    waiting = client.get(f"/sheet-imports/{job.pk}/").content.decode()
    assert "排队中" in waiting and 'hx-get="/sheet-imports/' in waiting
    assert Task.objects.count() == 0

    work()
    job.refresh_from_db()
    assert job.status == SheetJobStatus.DONE and job.progress == 100
    # The poll sees the end and reloads the page, which shows the preview and its form.
    poll = client.get(f"/sheet-imports/{job.pk}/progress/")
    assert poll["HX-Refresh"] == "true"
    page = client.get(f"/sheet-imports/{job.pk}/")
    html = page.content.decode()
    assert 'id="import-preview"' in html and "新增 4 项" in html
    assert "预览：甲县2026年分解表" in html and 'action="/tasks/import/apply/"' in html
    assert Task.objects.count() == 0  # a preview writes nothing

    confirm = {
        "token": page.context["token"],
        "digest": page.context["digest"],
        "region": world.county.pk,
        "year": 2026,
    }
    applying = job_of(post(client, "/tasks/import/apply/", confirm))
    assert applying.step == SheetJobStep.APPLY and applying.pk != job.pk
    work()
    done = client.get(f"/sheet-imports/{applying.pk}/", follow=True)
    assert done.redirect_chain[-1][0].startswith("/tasks/?")
    assert "分解表已导入：新增 4 项，修改 0 项。" in done.content.decode()
    assert Task.objects.count() == 4
    assert ActionLog.objects.filter(verb="task.created").count() == 4
    # The held file is gone once applied: confirming again is refused.
    again = post(client, "/tasks/import/apply/", confirm)
    assert again.status_code == 302 and again["Location"] == "/tasks/import/"


def test_a_large_file_with_bad_rows_is_refused_by_the_job_and_nothing_is_written(
    supervisor,
    world,
    water,  # noqa: F811
    transport,
):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][6] = "13月底前"
    client = browser(supervisor)
    upload = {"region": world.county.pk, "year": 2026, "file": named(workbook_bytes(rows))}
    job = job_of(post(client, "/tasks/import/", upload))
    work()
    html = client.get(f"/sheet-imports/{job.pk}/").content.decode()
    assert "整个文件未保存" in html and "不是有效的月份" in html
    assert 'id="apply-form"' not in html
    assert Task.objects.count() == 0


def test_only_the_uploader_sees_a_job(supervisor, admin_user, world, water, transport):  # noqa: F811
    job = sheet_job_start(
        actor=supervisor,
        kind="tasks.breakdown",
        step=SheetJobStep.PREVIEW,
        data=workbook_bytes(GOOD_ROWS),
        params={"region": world.county.pk, "year": 2026},
    )
    other = browser(admin_user)
    assert other.get(f"/sheet-imports/{job.pk}/").status_code == 404
    assert other.get(f"/sheet-imports/{job.pk}/progress/").status_code == 404
    assert other.get(f"/api/v1/sheet-imports/{job.pk}").status_code == 404
    assert Client().get(f"/sheet-imports/{job.pk}/").status_code == 302  # to sign in


def test_the_api_answers_202_with_the_job_then_its_preview_and_its_count(
    supervisor,
    world,
    water,  # noqa: F811
    transport,
):
    _token, key = api_token_create(actor=supervisor, user=supervisor, name="导入")
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    data = workbook_bytes(GOOD_ROWS)
    form = {"region": world.county.code, "year": 2026, "preview": "true"}
    started = api.post("/api/v1/tasks/import", {**form, "file": named(data)})
    assert started.status_code == 202, started.content.decode()
    body = started.json()
    assert body["status"] == "queued" and body["url"] == f"/api/v1/sheet-imports/{body['id']}"
    work()
    preview = api.get(body["url"]).json()
    assert preview["status"] == "done" and preview["preview"]["added"] == 4
    assert Task.objects.count() == 0

    form = {"region": world.county.code, "year": 2026, "digest": preview["preview"]["digest"]}
    applying = api.post("/api/v1/tasks/import", {**form, "file": named(data)}).json()
    work()
    applied = api.get(applying["url"]).json()
    assert applied["status"] == "done" and applied["applied"] == {"created": 4, "updated": 0}
    assert Task.objects.count() == 4

    # A small file sent with background=true goes to the worker too; a bad one says why.
    rows = [list(r) for r in GOOD_ROWS[:1]]
    rows[0][6] = "13月底前"
    bad = api.post(
        "/api/v1/tasks/import",
        {**form, "background": "true", "file": named(workbook_bytes(rows))},
    ).json()
    work()
    refused = api.get(bad["url"]).json()
    assert refused["status"] == "done" and refused["applied"] is None
    assert "整个文件未保存" in refused["detail"] and refused["errors"][0]["column"] == "完成时限"
    assert Task.objects.count() == 4


def test_a_job_left_running_or_never_taken_is_failed_with_the_reason(
    supervisor,
    world,
    water,  # noqa: F811
    transport,
):
    start = {
        "actor": supervisor,
        "kind": "tasks.breakdown",
        "data": workbook_bytes(GOOD_ROWS),
        "params": {"region": world.county.pk, "year": 2026},
    }
    running = sheet_job_start(step=SheetJobStep.APPLY, **start)
    queued = sheet_job_start(step=SheetJobStep.PREVIEW, **start)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    SheetJob.objects.filter(pk=running.pk).update(status="running", state_since=long_ago)
    SheetJob.objects.filter(pk=queued.pk).update(state_since=long_ago)
    client = browser(supervisor)
    html = client.get(f"/sheet-imports/{running.pk}/").content.decode()
    assert "仍未完成" in html and "重新上传" in html
    assert "排队超过" in client.get(f"/api/v1/sheet-imports/{queued.pk}").json()["detail"]
    # The worker that comes late does not run a failed job.
    work()
    assert Task.objects.count() == 0


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:9/0", "DEFAULT_TIMEOUT": 60}},
)
def test_when_the_queue_is_unreachable_the_job_says_so(supervisor, world, water, transport):  # noqa: F811
    client = browser(supervisor)
    upload = {"region": world.county.pk, "year": 2026, "file": named(workbook_bytes(GOOD_ROWS))}
    job = job_of(post(client, "/tasks/import/", upload))
    job.refresh_from_db()
    assert job.status == SheetJobStatus.FAILED and "未能排入后台处理队列" in job.error


def _slow_plan(actor, data, params):
    time.sleep(3)
    raise AssertionError("the time limit should have stopped this")


def _failing_apply(actor, data, params, digest):
    with transaction.atomic():
        Unit.objects.create(region_id=params["region"], name="写到一半的单位", short_name="半")
        raise RuntimeError("the worker fell over midway")


def _page(params):
    return PreviewPage("预览", "序号", "/tasks/import/apply/", [], "/tasks/import/")


register(
    SheetImportKind(
        key="tests.faulty",
        title="测试导入",
        plan=_slow_plan,
        apply=_failing_apply,
        done=lambda result, params: ("", "/"),
        page=_page,
    )
)


def test_a_job_is_stopped_at_its_time_limit_and_a_crash_midway_writes_nothing(
    supervisor, world, settings
):
    settings.LUOSHI_SHEET_TIME_LIMIT = 1
    start = {"actor": supervisor, "kind": "tests.faulty", "data": workbook_bytes(GOOD_ROWS)}
    slow = sheet_job_start(step=SheetJobStep.PREVIEW, params={}, **start)
    assert sheet_job_run(slow.pk) == SheetJobStatus.FAILED
    slow.refresh_from_db()
    assert "处理超过 1 分钟仍未完成，已停止" in slow.error

    crash = sheet_job_start(step=SheetJobStep.APPLY, params={"region": world.county.pk}, **start)
    assert sheet_job_run(crash.pk) == SheetJobStatus.FAILED
    crash.refresh_from_db()
    assert "意外错误，没有保存任何数据" in crash.error
    assert not Unit.objects.filter(name="写到一半的单位").exists()
    assert sheet_job_run(crash.pk) == SheetJobStatus.FAILED  # run once only


def test_progress_is_reported_by_row_and_shown_as_a_sentence(supervisor, world, monkeypatch):
    monkeypatch.setattr(watching, "EVERY_SECONDS", 0)
    job = sheet_job_start(
        actor=supervisor,
        kind="tasks.breakdown",
        step=SheetJobStep.APPLY,
        data=workbook_bytes(GOOD_ROWS),
        params={"region": world.county.pk, "year": 2026},
    )
    SheetJob.objects.filter(pk=job.pk).update(status="running")
    job.refresh_from_db()
    with watching.watched(job):
        progress.report(progress.READING, 0, 200)
        progress.report(progress.READING, 100)
    job.refresh_from_db()
    assert job.progress == 20  # reading is the first 40 % of an apply
    with watching.watched(job), transaction.atomic():
        progress.report(progress.WRITING, 50, 100)
    page = browser(supervisor).get(f"/sheet-imports/{job.pk}/progress/").content.decode()
    assert "正在保存：第 50 行，共 100 行 · 69%" in page
