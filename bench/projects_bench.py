"""Key-project figures at province scale: 3,000 projects in 100 counties, 36,000 monthly
investment rows — the list (plain and filtered by colour), the API list, the export, the
rates (overall and grouped) and one project's page. Prints figures; asserts nothing.

Run it like the scripts in bench/ (a throw-away database; SQLite unless DATABASE_URL says
otherwise):

    LUOSHI_VAR_DIR=$(mktemp -d) PYTHONPATH=. .venv/bin/python bench/projects_bench.py
"""

from __future__ import annotations

import functools
import logging
import os
import random
import time
from collections.abc import Callable
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.web_bench import analyze_after_bulk_load, measure_requests  # noqa: E402
from luoshi.accounts.models import User  # noqa: E402
from luoshi.core.models import Region, RegionLevel, Unit  # noqa: E402
from luoshi.projects.bench_data import generate_projects  # noqa: E402
from luoshi.projects.models import MonthlyInvestment, Project  # noqa: E402
from luoshi.projects.selectors import project_rates  # noqa: E402

YEAR = 2025
AS_OF = date(2025, 11, 30)
PROVINCE = "960000"


def build() -> int:
    """100 counties in 10 cities, 5 units each, then the shared project generator."""
    province = Region.objects.create(code=PROVINCE, name="样本省", level=RegionLevel.PROVINCE)
    units = []
    for c in range(1, 11):
        city = Region.objects.create(
            code=f"96{c:02d}00", name=f"样本市{c}", level=RegionLevel.CITY, parent=province
        )
        for k in range(1, 11):
            county = Region.objects.create(
                code=f"96{c:02d}{k:02d}",
                name=f"样本市{c}县{k}",
                level=RegionLevel.COUNTY,
                parent=city,
            )
            units += [
                Unit.objects.create(region=county, name=f"{county.name}部门{u}") for u in range(5)
            ]
    return generate_projects(units, 3000, YEAR, random.Random(7))


def timed_ms(label: str, work: Callable[[], object]) -> None:
    work()
    samples = []
    for _ in range(10):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    print(f"  {label:<44} p50 {samples[len(samples) // 2]:7.2f} ms   max {samples[-1]:7.2f} ms")


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    start = time.perf_counter()
    made = build()
    print(f"  [{connection.vendor}]")
    print(
        f"  {f'{made:,} projects + {MonthlyInvestment.objects.count():,} monthly rows':<44} "
        f"{time.perf_counter() - start:7.2f} s"
    )
    analyze_after_bulk_load()
    for group_by in (None, "region", "unit", "category"):
        timed_ms(
            f"project_rates(province, group_by={group_by})",
            functools.partial(
                project_rates, region_code=PROVINCE, year=YEAR, as_of=AS_OF, group_by=group_by
            ),
        )
    admin = User.objects.create_superuser("bench-admin", password="x")
    client = Client()
    client.force_login(admin)
    query = f"year={YEAR}&as_of={AS_OF.isoformat()}"
    one = Project.objects.order_by("pk").values_list("pk", flat=True)[1500]
    with override_settings(DEBUG=False):
        measure_requests(client, "project list, 3,000 (page 1 + rates)", f"/projects/?{query}")
        measure_requests(
            client, "project list filtered red (colours of all)", f"/projects/?{query}&colour=red"
        )
        measure_requests(client, "project list, one county", f"/projects/?{query}&region=960101")
        measure_requests(
            client, "API list, page_size=200", f"/api/v1/projects?{query}&page_size=200"
        )
        measure_requests(
            client,
            "API rates by region",
            f"/api/v1/project-rates?region={PROVINCE}&{query}&group_by=region",
        )
        measure_requests(client, "project page", f"/projects/{one}/")
    start = time.perf_counter()
    response = client.get(f"/projects/export.xlsx?{query}")
    print(
        f"  {'export 3,000 projects to Excel':<44} {time.perf_counter() - start:7.2f} s "
        f"({len(response.content) // 1024} KB)"
    )


if __name__ == "__main__":
    main()
