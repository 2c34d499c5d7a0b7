"""地区对比 at the country's size, PostgreSQL only: targets (two years) and full-year results
of three indicators for every province, city and county of the gazetteer, then the comparison
page, its API, 目标兑现 and a province's roll-up, p50/p95.

Run by bench/run.py on the national dataset load_bench.py left (or on a fresh database with
only the gazetteer, when BENCH_NATIONAL=0). The figures it adds are removed afterwards. The
map outlines are built once (timed apart, as a machine's first map costs) and then read from
the var dir's cache, as a running site reads them.
"""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

import logging  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.web_bench import page_percentiles  # noqa: E402
from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.boundaries import region_outlines, tolerance_for  # noqa: E402
from luoshi.core.models import Region, Unit  # noqa: E402
from luoshi.indicators.models import Indicator, Observation, SourceKind, Target  # noqa: E402
from luoshi.indicators.services import catalogue_load  # noqa: E402

REPEAT = 20
YEAR = 2025
INDICATORS = ("gdp", "general-budget-revenue", "urban-new-jobs")
MARK = "bench-comparison"  # source_text of every row added here, to remove them after


def _figures(regions: list[Region]) -> None:
    rng = random.Random(15)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=INDICATORS)}
    targets, observations = [], []
    for region in regions:
        for code, indicator in indicators.items():
            jobs = code == "urban-new-jobs"
            for year in (YEAR - 1, YEAR):
                goal = (
                    Decimal(rng.randint(800, 12000)) if jobs else Decimal(rng.randint(40, 80)) / 10
                )
                targets.append(
                    Target(
                        region=region,
                        year=year,
                        indicator=indicator,
                        measure="count" if jobs else "growth",
                        low=goal,
                        high=None if jobs else goal,
                        unit="人" if jobs else "%",
                        qualifier="at_least" if jobs else "about",
                        source_kind=SourceKind.DOCUMENT,
                        source_text=MARK,
                    )
                )
                actual = goal * Decimal(rng.randint(85, 115)) / 100
                observations.append(
                    Observation(
                        region=region,
                        indicator=indicator,
                        year=year,
                        period_kind="year",
                        period_index=12,
                        value=actual.quantize(Decimal("1")) if jobs else None,
                        growth=None if jobs else actual.quantize(Decimal("0.1")),
                        unit="人" if jobs else "",
                        source_kind=SourceKind.DOCUMENT,
                        source_text=MARK,
                    )
                )
    Target.objects.bulk_create(targets, batch_size=5000)
    Observation.objects.bulk_create(observations, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE indicators_target")
        cursor.execute("ANALYZE indicators_observation")


def main() -> None:
    if connection.vendor != "postgresql":
        print("  (comparison figures need PostgreSQL)")
        return
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if not Region.objects.filter(source="gazetteer").exists():
        call_command("load_regions", verbosity=0)
    catalogue_load()
    # A run cut short leaves its rows; the national dataset itself has no indicator figures.
    Target.objects.filter(source_text=MARK).delete()
    Observation.objects.filter(source_text=MARK).delete()
    regions = list(Region.objects.filter(level__in=("province", "city", "county"), is_active=True))
    counties = [r for r in regions if r.level == "county"]
    started = time.perf_counter()
    _figures(regions)
    print(
        f"  {'targets and results of 3 indicators, 2 years':<48} "
        f"{time.perf_counter() - started:7.1f} s   ({len(regions):,} regions)"
    )
    codes = [r.code for r in counties]
    started = time.perf_counter()
    found = region_outlines(codes, tolerance_for(codes))
    print(
        f"  {'map outlines of every county, first build':<48} "
        f"{time.perf_counter() - started:7.1f} s   ({len(found):,} of {len(codes):,} drawn)"
    )
    province = Region.objects.get(code="440000")
    unit = Unit.objects.filter(region=province).order_by("pk").first() or Unit.objects.create(
        region=province, name="广东省人民政府办公厅"
    )
    user, _created = User.objects.get_or_create(username="bench-comparison")
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.SUPERVISOR)
    client = Client()
    client.force_login(user)
    base = "/indicators/compare/?indicator=gdp&year=2025"
    pages = [
        (f"all {len(counties):,} counties: table, chart, map", f"{base}&within=&level=county"),
        ("all counties, page 20 by gap", f"{base}&within=&level=county&sort=-gap&page=20"),
        ("all provinces", f"{base}&within=&level=province"),
        ("counties of 广东", f"{base}&within=440000&level=county"),
        ("目标兑现, cities of 广东", f"{base}&within=440000&view=promise"),
        ("API, all counties", "/api/v1/comparison?indicator=gdp&year=2025&within=&level=county"),
        ("indicator table of 广东 with its roll-up", "/indicators/?region=440000&year=2025"),
    ]
    try:
        with override_settings(DEBUG=False):
            for label, url in pages:
                p50, p95, size = page_percentiles(client, url, REPEAT)
                print(
                    f"  {label:<48} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {size / 1024:7.0f} KB"
                )
    finally:
        Target.objects.filter(source_text=MARK).delete()
        Observation.objects.filter(source_text=MARK).delete()


if __name__ == "__main__":
    main()
