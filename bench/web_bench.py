"""Foundation web figures: gazetteer load, and p50/p95 of list pages and API lists.

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from luoshi.accounts.models import User  # noqa: E402
from luoshi.core.services import regions_load_from_gazetteer  # noqa: E402
from luoshi.demo.services import demo_load  # noqa: E402

REPEAT = 200


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def analyze_after_bulk_load() -> None:
    """Refresh the planner's statistics and the visibility map, as autovacuum (PostgreSQL)
    would soon after a bulk load in production; without it PostgreSQL plans 180,000 reports as
    if they were one row, and its index-only scans visit the heap for every row (784,605 heap
    fetches for the 未报送 count), so the figures would measure a state no running server stays
    in. SQLite gets its sqlite_stat1."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def page_percentiles(client: Client, url: str, repeat: int = 20) -> tuple[float, float, int]:
    """p50 and p95 in ms of `repeat` GETs of `url` after two to warm up, and the page's size;
    stops the bench when the page does not answer 200."""
    for _ in range(2):
        client.get(url)
    samples, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        size = len(response.content)
    p50, p95 = percentiles(samples)
    return p50, p95, size


def measure_requests(client: Client, label: str, url: str, repeat: int = REPEAT) -> None:
    for _ in range(5):  # warm caches and connections
        client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    p50, p95 = percentiles(samples)
    print(f"  {label:<44} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   (n={repeat})")


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    vendor = connection.vendor
    seconds = timed(lambda: call_command("migrate", verbosity=0, interactive=False))
    print(f"  {'migrate (empty database)':<44} {seconds:7.2f} s   [{vendor}]")
    call_command("collectstatic", verbosity=0, interactive=False)
    seconds = timed(regions_load_from_gazetteer)
    print(f"  {'gazetteer load (3,200+ regions)':<44} {seconds:7.2f} s")
    seconds = timed(regions_load_from_gazetteer)
    print(f"  {'gazetteer reload (nothing changed)':<44} {seconds:7.2f} s")
    seconds = timed(demo_load)
    print(f"  {'demo world load':<44} {seconds:7.2f} s")

    client = Client()
    client.force_login(User.objects.get(username="fgj_lianluo"))
    with override_settings(DEBUG=False):
        measure_requests(client, "baseline: /livez (no database)", "/livez")
        measure_requests(client, "home page", "/")
        measure_requests(client, "regions: province list", "/regions/")
        measure_requests(client, "regions: one province with its cities", "/regions/140000/")
        measure_requests(client, "units list (page of 50)", "/units/")
        measure_requests(
            client, "API /api/v1/regions?page_size=200", "/api/v1/regions?page_size=200"
        )
        measure_requests(client, "API /api/v1/units", "/api/v1/units")
        measure_requests(client, "API /api/v1/me", "/api/v1/me")


if __name__ == "__main__":
    main()
