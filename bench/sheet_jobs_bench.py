"""Issue-10 figures: a large 分解表 handed to the background worker. The request that takes the
upload (it counts the rows, holds the file and queues the job), then the job's preview and
apply as the worker runs them, for 2,000 and 5,000 tasks (20,000 is the row ceiling; the
apply writes each task through the logged services, so it grows with the rows).

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
"""

from __future__ import annotations

import logging
import os
import time
from io import BytesIO

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.models import Region, RegionLevel, Unit, UnitKind  # noqa: E402
from luoshi.core.sheet_jobs.models import SheetJob  # noqa: E402
from luoshi.core.sheet_jobs.services import sheet_job_run  # noqa: E402
from luoshi.tasks.excel.columns import COLUMNS  # noqa: E402
from luoshi.tasks.models import Task  # noqa: E402

YEAR = 2026


def breakdown(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.heading for c in COLUMNS])
    for n in range(rows):
        sheet.append(
            [
                *(str(n + 1), f"第{n + 1}项报告任务。", f"完成第{n + 1}项工作", "王某"),
                *("县发改局", "", "年底前", "二季度：开工"),
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label: str, work: object) -> object:
    started = time.perf_counter()
    outcome = work()  # type: ignore[operator]
    print(f"  {label:<58} {time.perf_counter() - started:7.2f} s")
    return outcome


def one(size: int) -> None:
    code = f"9{size // 1000:02d}121"
    region = Region.objects.create(code=code, name=f"基准县{size}", level=RegionLevel.COUNTY)
    office = Unit.objects.create(region=region, name="县政府办公室", kind=UnitKind.OFFICE)
    Unit.objects.create(region=region, name="县发展和改革局", short_name="县发改局")
    user = User.objects.create_user(username=f"bench{size}", password="bench-only")
    Membership.objects.create(user=user, unit=office, role=Role.SUPERVISOR)
    client = Client()
    client.force_login(user)
    data = breakdown(size)
    upload = BytesIO(data)
    upload.name = "分解表.xlsx"
    print(f"  [{len(data) // 1024} KB 分解表, {size:,} tasks]")
    # No worker runs here: the job waits in the database queue and is run below, as the
    # worker runs it.
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=queue):
        response = timed(
            "upload request (count rows, hold file, queue the job)",
            lambda: client.post(
                "/tasks/import/", {"region": region.pk, "year": YEAR, "file": upload}
            ),
        )
    assert response.status_code == 302, response.status_code  # type: ignore[attr-defined]
    job = SheetJob.objects.get(owner=user)
    timed("job: preview (read, match, summarise)", lambda: sheet_job_run(job.pk))
    job.refresh_from_db()
    applying = SheetJob.objects.create(
        owner=user,
        kind=job.kind,
        step="apply",
        token=job.token,
        params={**job.params, "digest": job.result["summary"]["digest"]},
    )
    timed("job: apply (every task through the logged services)", lambda: sheet_job_run(applying.pk))
    applying.refresh_from_db()
    stored = Task.objects.filter(region=region).count()
    print(f"  → {applying.status}, {stored:,} tasks stored")


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    for size in (2_000, 5_000):
        one(size)


if __name__ == "__main__":
    main()
