"""Issue-6 figures: a province-scale dataset (≈120 regions, 15,000 tasks, 180,000 progress
reports, 3,000 projects) — the generator's time, the evaluation of every task, and p50/p95
of the task list, the leader dashboard and the public portal beside a trivial-view baseline;
then, with some units no longer reporting, the 未报送 list, the inbox's count of it, the
红黑榜 on expected reports, and the reminders.

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
TASKS_BENCH_TASKS shrinks the dataset for a quick look.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.web_bench import analyze_after_bulk_load, measure_requests  # noqa: E402
from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.models import Region, Unit  # noqa: E402
from luoshi.demo import province_scale  # noqa: E402
from luoshi.tasks.models import ProgressReport, Task  # noqa: E402
from luoshi.tasks.selectors.expected_reports import ExpectedScope, missing_count  # noqa: E402
from luoshi.tasks.services.evaluation import tasks_evaluate  # noqa: E402
from luoshi.tasks.services.reminders import send_reminders  # noqa: E402

TASKS = int(os.environ.get("TASKS_BENCH_TASKS", "15000"))
PROJECTS = int(os.environ.get("TASKS_BENCH_PROJECTS", "3000"))
YEAR = 2026
REPEAT = 50  # province-wide pages take a while: 50 samples keep the run in minutes


def _project_generator() -> province_scale.ProjectGenerator:
    from luoshi.projects import bench_data

    return bench_data.generate_projects


def _user(username: str, unit: Unit, role: str) -> User:
    user = User.objects.create_user(username=username, password="bench-only")
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"  [{connection.vendor}]")
    started = time.perf_counter()
    made = province_scale.generate_province(
        tasks=TASKS, projects=PROJECTS, project_generator=_project_generator()
    )
    print(
        f"  {'generate the province dataset':<44} {time.perf_counter() - started:7.2f} s"
        f"   ({made.regions} regions, {made.tasks} tasks, {made.reports} reports,"
        f" {made.projects} projects)"
    )
    analyze_after_bulk_load()
    province = Region.objects.get(code=province_scale.PROVINCE_CODE)
    started = time.perf_counter()
    tasks_evaluate(actor=None, as_of=dt.date(YEAR, 11, 22), region=province)
    print(
        f"  {'evaluate status and colour of every task':<44} {time.perf_counter() - started:7.2f} s"
    )

    county = Region.objects.get(code="920121")
    county_unit = Unit.objects.filter(region=county).order_by("pk").first()
    province_unit = Unit.objects.filter(region=province).order_by("pk").first()
    assert county_unit is not None and province_unit is not None
    office = _user("bench-office", province_unit, Role.SUPERVISOR)
    leader = _user("bench-leader", province_unit, Role.LEADER)
    liaison = _user("bench-liaison", county_unit, Role.LIAISON)
    clients = {}
    for name, user in (("office", office), ("leader", leader), ("liaison", liaison)):
        clients[name] = Client()
        clients[name].force_login(user)
    anonymous = Client()
    task_list = reverse("tasks:task_list")
    inbox = reverse("tasks:progress_inbox")
    portal = reverse("portal:region_year", args=["920121", YEAR])
    pages = [
        ("baseline: /livez (no database)", anonymous, "/livez"),
        (f"task list, province office ({TASKS:,} tasks)", clients["office"], task_list),
        ("task list, red tasks only", clients["office"], f"{task_list}?colour=red"),
        ("task list, one county liaison", clients["liaison"], task_list),
        ("progress inbox, province office", clients["office"], inbox),
        ("leader dashboard, whole province", clients["leader"], reverse("dashboard:dashboard")),
        (
            "leader dashboard, one county",
            clients["leader"],
            f"{reverse('dashboard:dashboard')}?region=920121",
        ),
        ("public portal, one county", anonymous, portal),
        ("API task list (page of 50)", clients["office"], "/api/v1/tasks?page_size=50"),
    ]
    api_reports = "/api/v1/progress-reports?page_size=50"
    deep = clients["office"].get(api_reports).json()["pages"] - 1
    cursor = clients["office"].get(f"{api_reports}&page={deep - 1}").json()["next"]
    pages += [
        (
            f"API progress reports, page {deep:,} by number",
            clients["office"],
            f"{api_reports}&page={deep}",
        ),
        (
            f"API progress reports, page {deep:,} by cursor",
            clients["office"],
            f"{api_reports}&after={cursor}",
        ),
    ]
    with override_settings(DEBUG=False):
        for label, client, url in pages:
            measure_requests(client, label, url, repeat=REPEAT)

    # Reports never started: every task runs from 1 January and one task in twenty has its
    # lead unit stop reporting after July, so the 未报送 list has thousands to find.
    stopped = _some_units_stop_reporting()
    analyze_after_bulk_load()
    print(f"  {'reports never started (1 task in 20 stops)':<44} {stopped:7d}")
    missing = f"{reverse('tasks:missing_report_list')}?year={YEAR}"
    ranking = f"{reverse('tasks:ranking')}?year={YEAR}"
    county_office = _user("bench-county-office", county_unit, Role.SUPERVISOR)
    province_client, county_client = clients["office"], Client()
    county_client.force_login(county_office)
    with override_settings(DEBUG=False):
        for label, client, url in (
            ("never-started reports, province office", province_client, missing),
            ("never-started reports, one month", province_client, f"{missing}&month=10"),
            ("never-started reports, one county office", county_client, missing),
            ("progress inbox with their count, province", province_client, inbox),
            ("office home with their count, province", province_client, reverse("home")),
            ("ranking on expected reports, one county", county_client, ranking),
        ):
            measure_requests(client, label, url, repeat=REPEAT)
    started = time.perf_counter()
    send_reminders(as_of=dt.date(YEAR, 11, 27))
    seconds = time.perf_counter() - started
    print(f"  {'remind (expected reports of the province)':<44} {seconds:7.2f} s")


def _some_units_stop_reporting() -> int:
    tasks = Task.objects.filter(region__code__startswith="92")
    tasks.update(start_date=dt.date(YEAR, 1, 1))
    stopping = list(tasks.order_by("pk").values_list("pk", flat=True))[::20]
    ProgressReport.objects.filter(
        task_id__in=stopping, period_end__gte=dt.date(YEAR, 8, 1)
    ).delete()
    return missing_count(ExpectedScope(due_from=dt.date(YEAR, 1, 1), due_to=dt.date(YEAR, 11, 30)))


if __name__ == "__main__":
    main()
