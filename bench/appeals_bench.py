"""诉求 at the country's size, PostgreSQL only: 1,000,000 appeals over eleven months in every
county of the gazetteer, handled by four bureaus a county, in every state; then the pages a
county, a city and a province read — the monthly rates, a unit's queue, the list, hotspots,
the dashboard, the 红黑榜, the portal and the API — p50/p95, and the daily reminders.

Run by bench/run.py on the national dataset load_bench.py left (or a fresh database with the
gazetteer). The appeals are written with COPY and removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Iterator

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.web_bench import page_percentiles  # noqa: E402
from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.appeals.models import Appeal  # noqa: E402
from luoshi.appeals.reminders import send_appeal_reminders  # noqa: E402
from luoshi.core.models import Region, Unit, UnitKind  # noqa: E402

TOTAL = int(os.environ.get("BENCH_APPEALS", "1000000"))
REPEAT = 20
BUREAUS = ("住房和城乡建设局", "城市管理局", "交通运输局", "卫生健康局")
TOPICS = ("housing", "urban", "traffic", "health", "environment", "education", "social", "other")
MARK = "bench"  # the source of every appeal written here
ZONE = dt.timezone(dt.timedelta(hours=8))
COLUMNS = (
    "created_at, updated_at, number, channel, topic, urgency, status, region_id, place, "
    "content, contact_name, contact_phone, is_anonymous, lead_unit_id, reply, source, "
    "source_number, code_digest, client_hash, due_date, sign_due, dispatched_at, signed_at, "
    "answered_at, closed_at, satisfaction, resolved, reopened, public_text"
)


def _units(counties: list[Region]) -> dict[int, list[int]]:
    Unit.objects.bulk_create(
        [
            Unit(region=c, name=f"{c.name}{name}", kind=UnitKind.DEPARTMENT)
            for c in counties
            for name in BUREAUS
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    found: dict[int, list[int]] = {}
    names = {f"{c.name}{name}" for c in counties for name in BUREAUS}
    for unit_id, region_id, name in Unit.objects.filter(region__in=counties).values_list(
        "pk", "region_id", "name"
    ):
        if name in names:
            found.setdefault(region_id, []).append(unit_id)
    return found


def _stamp(moment: dt.datetime | None) -> str:
    return moment.isoformat() if moment else "\\N"


def _rows(counties: list[Region], units: dict[int, list[int]]) -> Iterator[str]:
    rng = random.Random(16)
    start = dt.datetime(2026, 1, 1, 8, tzinfo=ZONE)
    span = (dt.datetime(2026, 11, 30, 20, tzinfo=ZONE) - start).total_seconds()
    for index in range(TOTAL):
        county = counties[index % len(counties)]
        received = start + dt.timedelta(seconds=rng.random() * span)
        roll = rng.random()
        status = (
            "closed"
            if roll < 0.8
            else "answered"
            if roll < 0.85
            else "signed"
            if roll < 0.9
            else "dispatched"
            if roll < 0.95
            else "received"
        )
        unit = rng.choice(units[county.pk]) if status != "received" else None
        dispatched = received + dt.timedelta(hours=rng.randint(1, 30)) if unit else None
        signed = (
            dispatched + dt.timedelta(hours=rng.randint(1, 40))
            if dispatched and status != "dispatched"
            else None
        )
        answered = (
            signed + dt.timedelta(days=rng.randint(1, 8))
            if signed and status in ("answered", "closed")
            else None
        )
        closed = answered + dt.timedelta(days=1) if answered and status == "closed" else None
        rated = closed is not None and rng.random() < 0.7
        satisfaction = (
            rng.choice(("satisfied", "satisfied", "satisfied", "basic", "unsatisfied"))
            if rated
            else ""
        )
        yield (
            "\t".join(
                (
                    _stamp(received),
                    _stamp(received),
                    f"B{index:013d}",
                    "hotline",
                    rng.choice(TOPICS),
                    "normal",
                    status,
                    str(county.pk),
                    rng.choice(("", "幸福小区", "人民路", "东关村", "")),
                    "小区门口道路破损积水，居民出行不便，希望尽快修复。",
                    "",
                    "",
                    "t",
                    str(unit) if unit else "\\N",
                    "已安排修复。" if answered else "",
                    MARK,
                    str(index),
                    "x",
                    "",
                    (received.date() + dt.timedelta(days=7)).isoformat(),
                    (dispatched.date() + dt.timedelta(days=1)).isoformat() if dispatched else "\\N",
                    _stamp(dispatched),
                    _stamp(signed),
                    _stamp(answered),
                    _stamp(closed),
                    satisfaction,
                    ("t" if rng.random() < 0.8 else "f") if rated else "\\N",
                    "1" if satisfaction == "unsatisfied" and rng.random() < 0.5 else "0",
                    "",
                )
            )
            + "\n"
        )


def _write(counties: list[Region], units: dict[int, list[int]]) -> None:
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f"COPY appeals_appeal ({COLUMNS}) FROM STDIN") as copy:
        batch: list[str] = []
        for row in _rows(counties, units):
            batch.append(row)
            if len(batch) >= 20000:
                copy.write("".join(batch))
                batch = []
        if batch:
            copy.write("".join(batch))
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appeals_appeal")


def _remove() -> None:
    """One DELETE (the bench's appeals have no events, photos or links to cascade to)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM appeals_appeal WHERE source = %s", [MARK])


def _person(name: str, unit: Unit, role: str) -> Client:
    user, _created = User.objects.get_or_create(username=name)
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    if connection.vendor != "postgresql":
        print("  (appeal figures need PostgreSQL)")
        return
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if not Region.objects.filter(source="gazetteer").exists():
        call_command("load_regions", verbosity=0)
    _remove()  # a run cut short leaves its rows
    counties = list(Region.objects.filter(level="county", is_active=True).order_by("code"))
    started = time.perf_counter()
    units = _units(counties)
    _write(counties, units)
    print(
        f"  {'appeals written (COPY) and analysed':<48} {time.perf_counter() - started:7.1f} s"
        f"   ({TOTAL:,} in {len(counties):,} counties)"
    )
    province = Region.objects.get(code="440000")
    city = Region.objects.get(code="440100")
    county = Region.objects.filter(code__startswith="4401", level="county").order_by("code")[0]
    office_unit = Unit.objects.get_or_create(region=province, name="广东省人民政府办公厅")[0]
    county_office = Unit.objects.get_or_create(region=county, name=f"{county.name}人民政府办公室")[
        0
    ]
    city_office = Unit.objects.get_or_create(region=city, name=f"{city.name}人民政府办公厅")[0]
    bureau = Unit.objects.get(pk=units[county.pk][0])
    province_office = _person("bench-appeals-gd", office_unit, Role.SUPERVISOR)
    county_clerk = _person("bench-appeals-county", county_office, Role.SUPERVISOR)
    city_leader = _person("bench-appeals-city", city_office, Role.LEADER)
    liaison = _person("bench-appeals-unit", bureau, Role.LIAISON)
    queue = Appeal.objects.filter(lead_unit=bureau).count()
    pages = [
        (
            "rates, 广东, a month by unit",
            province_office,
            "/appeals/rates/?region=440000&period=2026-11&by=unit",
        ),
        (
            "rates, 广东, the year by city",
            province_office,
            "/appeals/rates/?region=440000&period=2026&by=region",
        ),
        (
            "rates, a county, a month by topic",
            county_clerk,
            f"/appeals/rates/?region={county.code}&period=2026-11&by=topic",
        ),
        (f"a unit's queue ({queue:,} appeals)", liaison, "/appeals/?mine=1"),
        ("a county's overdue appeals", county_clerk, "/appeals/?light=red"),
        ("广东's appeal list, first page", province_office, "/appeals/"),
        (
            "hotspots of 广州, 30 days",
            city_leader,
            f"/appeals/hotspots/?region={city.code}&days=30",
        ),
        (
            "dashboard of 广东 (figures kept)",
            province_office,
            "/dashboard/?region=440000&year=2026",
        ),
        (
            "红黑榜 of 广东 with appeals",
            province_office,
            f"/tasks/ranking/?region={province.pk}&year=2026",
        ),
        ("portal of a county, 2026", Client(), f"/portal/{county.code}/2026/"),
        ("API, a unit's appeals", liaison, "/api/v1/appeals"),
    ]
    try:
        with override_settings(DEBUG=False):
            for label, client, url in pages:
                p50, p95, size = page_percentiles(client, url, REPEAT)
                print(
                    f"  {label:<48} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {size / 1024:7.0f} KB"
                )
            started = time.perf_counter()
            summary = send_appeal_reminders(as_of=dt.date(2026, 11, 30))
            print(
                f"  {'the daily reminders, whole country':<48} "
                f"{(time.perf_counter() - started) * 1000:7.0f} ms  ({summary.total:,} written)"
            )
    finally:
        if os.environ.get("BENCH_KEEP") != "1":  # kept to look at plans with EXPLAIN ANALYZE
            _remove()


if __name__ == "__main__":
    main()
