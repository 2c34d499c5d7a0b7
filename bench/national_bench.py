"""National scale, PostgreSQL only: the national dataset's load time and peak memory, then the
main pages and API lists as viewers at each level see them, p50/p95 beside the signed-in
trivial view (`/api/v1/me`) measured in the same run.

Run by bench/run.py with DATABASE_URL set to an empty PostgreSQL database (BENCH_NATIONAL=0
leaves it out); on a database that holds the dataset already, the load is not repeated.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.web_bench import analyze_after_bulk_load, percentiles  # noqa: E402
from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.models import Region, Unit  # noqa: E402
from luoshi.tasks.models import Task  # noqa: E402

REPEAT = 40
YEAR = 2026
PROVINCE = "440000"  # 广东: the province with most counties after 四川 and 河北
COUNTY_PREFIX = "4401"


def _load() -> None:
    if Task.objects.exists():
        print(f"  {'national dataset (already loaded)':<48} {Task.objects.count():,} tasks")
        return
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "luoshi.cli", "generate_province", "--scale", "national"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if result.returncode:
        raise SystemExit(f"generate_province failed: {result.stderr[-2000:]}")
    seconds = time.perf_counter() - started
    summary = result.stdout.strip().splitlines()[-1]
    print(f"  {'load the national dataset':<48} {seconds:7.1f} s   ({summary})")
    started = time.perf_counter()
    analyze_after_bulk_load()
    print(f"  {'VACUUM ANALYZE after the load':<48} {time.perf_counter() - started:7.1f} s")


def _user(username: str, unit: Unit, role: str) -> Client:
    user, _created = User.objects.get_or_create(username=username)
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    client = Client()
    client.force_login(user)
    return client


def _measure(client: Client, url: str) -> tuple[float, float]:
    for _ in range(3):
        client.get(url)
    samples = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return percentiles(samples)


def main() -> None:
    if connection.vendor != "postgresql":
        print("  (national figures need PostgreSQL)")
        return
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    _load()
    province = Region.objects.get(code=PROVINCE)
    county = (
        Region.objects.filter(code__startswith=COUNTY_PREFIX, level="county")
        .order_by("code")
        .first()
    )
    assert county is not None
    province_unit = Unit.objects.filter(region=province).order_by("pk").first()
    county_unit = Unit.objects.filter(region=county).order_by("pk").first()
    assert province_unit is not None and county_unit is not None
    office = _user("bench-national-office", province_unit, Role.SUPERVISOR)
    leader = _user("bench-national-leader", province_unit, Role.LEADER)
    liaison = _user("bench-national-liaison", county_unit, Role.LIAISON)
    county_office = _user("bench-national-county-office", county_unit, Role.SUPERVISOR)
    anonymous = Client()
    tasks, missing = reverse("tasks:task_list"), reverse("tasks:missing_report_list")
    reports = "/api/v1/progress-reports?page_size=50"
    deep = office.get(reports).json()["pages"] - 1
    cursor = office.get(f"{reports}&page={deep - 1}").json()["next"]
    pages = [
        ("signed-in trivial view: /api/v1/me", office, "/api/v1/me"),
        ("home, province office", office, reverse("home")),
        ("task list, province office", office, tasks),
        ("task list, one county liaison", liaison, tasks),
        ("progress inbox, province office", office, reverse("tasks:progress_inbox")),
        ("leader dashboard, province", leader, reverse("dashboard:dashboard")),
        ("never-started reports, one county office", county_office, f"{missing}?year={YEAR}"),
        ("never-started reports, province, the year", office, f"{missing}?year={YEAR}"),
        ("never-started reports, province, one month", office, f"{missing}?year={YEAR}&month=10"),
        (
            "public portal, one county",
            anonymous,
            reverse("portal:region_year", args=[county.code, YEAR]),
        ),
        ("public portal index", anonymous, reverse("portal:index")),
        ("API tasks, province office", office, "/api/v1/tasks?page_size=50"),
        ("API progress reports, first page", office, reports),
        (f"API progress reports, page {deep:,} by cursor", office, f"{reports}&after={cursor}"),
        ("API notices, province office", office, "/api/v1/notices?page_size=50"),
        ("API projects, province office", office, f"/api/v1/projects?year={YEAR}&page_size=50"),
        ("opinion list, province office", office, reverse("engagement:opinion_list")),
        ("API opinions, province office", office, "/api/v1/opinions?page_size=50"),
    ]
    baseline = 0.0
    with override_settings(DEBUG=False):
        for label, client, url in pages:
            p50, p95 = _measure(client, url)
            baseline = baseline or p95
            print(
                f"  {label:<48} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"
                f"   ({p95 / baseline:4.1f}× /me)   (n={REPEAT})"
            )


if __name__ == "__main__":
    main()
