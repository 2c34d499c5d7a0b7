"""Issue-4 figures: importing seed 003 end to end, and the indicator table of a city with
15 counties × 12 indicators × 36 months, beside a trivial-view baseline.

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.web_bench import measure_requests  # noqa: E402
from luoshi.accounts.models import Role, User  # noqa: E402
from luoshi.accounts.services import membership_grant  # noqa: E402
from luoshi.core.models import Region, RegionLevel, RegionSource, Unit  # noqa: E402
from luoshi.core.services import regions_load_from_gazetteer  # noqa: E402
from luoshi.demo.cycle import generate_observations  # noqa: E402
from luoshi.demo.services import demo_load  # noqa: E402
from luoshi.imports.committing import import_batch_commit  # noqa: E402
from luoshi.imports.services import (  # noqa: E402
    import_batch_create,
    import_batch_read,
    import_items_accept_pending,
)
from luoshi.indicators.models import Indicator, Observation  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def bench_import(user: User) -> None:
    seed = next(SEEDS.glob("003_*.txt")).read_bytes()
    jixian = Region.objects.get(code="141028")
    unit = Unit.objects.create(region=jixian, name="吉县人民政府督查室（测速）")
    membership_grant(actor=None, user=user, unit=unit, role=Role.SUPERVISOR)
    start = time.perf_counter()
    created = import_batch_create(actor=user, file_name="003.txt", content=seed)
    uploaded = time.perf_counter()
    batch = import_batch_read(batch_id=created.batch.pk)
    read = time.perf_counter()
    import_items_accept_pending(actor=user, batch=batch)
    result = import_batch_commit(actor=user, batch=batch)
    done = time.perf_counter()
    print(
        f"  {'import seed 003 end to end':<44} {done - start:7.2f} s   "
        f"(upload {uploaded - start:.2f} · read {read - uploaded:.2f} · "
        f"review+commit {done - read:.2f}; "
        f"{result.targets} targets, {result.observations} results)"
    )


def bench_city(client: Client) -> None:
    province = Region.objects.create(
        code="980000", name="测速省", level=RegionLevel.PROVINCE, source=RegionSource.MANUAL
    )
    city = Region.objects.create(
        code="980100",
        name="测速市",
        level=RegionLevel.CITY,
        parent=province,
        source=RegionSource.MANUAL,
    )
    counties = [
        Region.objects.create(
            code=f"9801{n:02d}",
            name=f"测速县{n}",
            level=RegionLevel.COUNTY,
            parent=city,
            source=RegionSource.MANUAL,
        )
        for n in range(1, 16)
    ]
    indicators = {i.code: i for i in Indicator.objects.all()}
    start = time.perf_counter()
    rows = generate_observations(counties, indicators)
    Observation.objects.bulk_create(rows, batch_size=2000)
    seconds = time.perf_counter() - start
    label = "generate 15 counties × 12 indicators × 36 mo"
    print(f"  {label:<44} {seconds:7.2f} s   ({len(rows):,} rows)")
    county = counties[0].code
    measure_requests(client, "baseline: /livez (no database)", "/livez")
    measure_requests(
        client,
        "indicator table page (1–10月, 15 peers)",
        f"/indicators/?region={county}&year=2026&period=month-10",
    )
    measure_requests(
        client,
        "indicator table Excel",
        f"/indicators/table.xlsx?region={county}&year=2026&period=month-10",
    )
    measure_requests(
        client,
        "API /api/v1/indicator-table",
        f"/api/v1/indicator-table?region={county}&year=2026&period_kind=month&period_index=10",
    )


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    regions_load_from_gazetteer()
    demo_load()
    user = User.objects.get(username="admin")
    print(f"  [{connection.vendor}]")
    bench_import(user)
    client = Client()
    client.force_login(user)
    with override_settings(DEBUG=False):
        bench_city(client)


if __name__ == "__main__":
    main()
