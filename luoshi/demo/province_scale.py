"""A province-scale dataset for `make bench`: ≈120 regions, 15,000 tasks with 180,000
progress reports, notices, and key projects. Generated, not written: the demo county is
the place for text people read; this is for measuring.

江屿省 (92xxxx) is fictional, outside the national code space like the demo province. Rows
go in with bulk_create in batches; the generator's own time is one of the bench figures.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from luoshi.core.models import Region, RegionLevel, RegionSource, Unit, UnitKind
from luoshi.tasks.models import (
    Cadence,
    Notice,
    NoticeColour,
    NoticeState,
    ProgressReport,
    ReportState,
    Task,
    TaskSource,
)
from luoshi.tasks.periods import period_containing
from luoshi.tasks.services.evaluation import tasks_evaluate

PROVINCE_CODE = "920000"
# Made up, so not the gazetteer's: `luoshi demo` and `load_regions` still see the gazetteer as
# missing after this ran, and load it.
DEMO = RegionSource.DEMO
CITIES = 12
COUNTIES_PER_CITY = 9
DEPARTMENTS = (
    ("发展和改革局", "发改局"),
    ("工业和信息化局", "工信局"),
    ("财政局", "财政局"),
    ("自然资源局", "自然资源局"),
    ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通局"),
    ("农业农村局", "农业农村局"),
    ("水利局", "水利局"),
    ("商务局", "商务局"),
    ("教育局", "教育局"),
    ("卫生健康局", "卫健局"),
    ("生态环境局", "生态环境局"),
)
WORK = (
    "推进{n}个重点产业项目建设",
    "新建改造农村公路{n}公里",
    "新增城镇就业{n}人",
    "改造老旧小区{n}个",
    "建设高标准农田{n}万亩",
    "新建幼儿园{n}所",
    "完成造林绿化{n}万亩",
    "培育规上工业企业{n}家",
)
BATCH = 5000


@dataclass
class Generated:
    regions: int = 0
    units: int = 0
    tasks: int = 0
    reports: int = 0
    notices: int = 0
    projects: int = 0
    opinions: int = 0


# Filled in by the projects part of the dataset (see `generate_projects` hook below).
ProjectGenerator = Callable[[list[Unit], int, int, random.Random], int]


def _regions() -> list[Region]:
    province, _created = Region.objects.get_or_create(
        code=PROVINCE_CODE,
        defaults={"name": "江屿省", "level": RegionLevel.PROVINCE, "kind": "省", "source": DEMO},
    )
    regions = [province]
    for c in range(1, CITIES + 1):
        city, _created = Region.objects.get_or_create(
            code=f"92{c:02d}00",
            defaults={
                "name": f"屿{c}市",
                "level": RegionLevel.CITY,
                "kind": "地级市",
                "parent": province,
                "source": DEMO,
            },
        )
        regions.append(city)
        for k in range(21, 21 + COUNTIES_PER_CITY):
            county, _created = Region.objects.get_or_create(
                code=f"92{c:02d}{k:02d}",
                defaults={
                    "name": f"屿{c}市{k}县",
                    "level": RegionLevel.COUNTY,
                    "kind": "县",
                    "parent": city,
                    "source": DEMO,
                },
            )
            regions.append(county)
    return regions


def _units(regions: list[Region]) -> list[Unit]:
    existing = set(Unit.objects.filter(region__in=regions).values_list("region_id", "name"))
    rows = [
        Unit(
            region=region,
            name=f"{region.name}{name}",
            short_name=short,
            kind=UnitKind.DEPARTMENT,
        )
        for region in regions
        for name, short in DEPARTMENTS
        if (region.pk, f"{region.name}{name}") not in existing
    ]
    Unit.objects.bulk_create(rows, batch_size=BATCH)
    return list(Unit.objects.filter(region__in=regions).select_related("region"))


def _tasks(units: list[Unit], count: int, year: int, rng: random.Random) -> list[Task]:
    by_region: dict[int, list[Unit]] = {}
    for unit in units:
        by_region.setdefault(unit.region_id, []).append(unit)
    regions = sorted(by_region)
    rows = []
    for n in range(count):
        region_id = regions[n % len(regions)]
        lead = rng.choice(by_region[region_id])
        month = rng.choice((6, 9, 12, 12, 12))
        rows.append(
            Task(
                region=lead.region,
                year=year,
                number=str(n // len(regions) + 1),
                order=n,
                source=TaskSource.REPORT,
                title=rng.choice(WORK).format(n=rng.randint(2, 300)),
                leader="副县长",
                lead_unit=lead,
                deadline=dt.date(year, month, 30 if month in (6, 9) else 31),
                cadence=Cadence.MONTHLY,
                is_public=n % 3 != 0,
            )
        )
    # bulk_create sets the primary keys on PostgreSQL and SQLite ≥ 3.35 (RETURNING).
    return Task.objects.bulk_create(rows, batch_size=BATCH)


def _reports(
    tasks: list[Task], months: int, year: int, rng: random.Random
) -> Iterator[ProgressReport]:
    for task in tasks:
        pace = rng.uniform(0.6, 1.3)
        for month in range(1, months + 1):
            period = period_containing(Cadence.MONTHLY, dt.date(year, month, 1))
            percent = min(Decimal("100"), Decimal(round(month / 12 * 100 * pace, 1)))
            roll = rng.random()
            state = (
                ReportState.APPROVED
                if month < months or roll < 0.6
                else ReportState.RETURNED
                if roll < 0.7
                else ReportState.SUBMITTED
            )
            yield ProgressReport(
                task=task,
                unit_id=task.lead_unit_id,
                region_code=task.region.code,
                period_start=period.start,
                period_end=period.end,
                period_label=period.label,
                due_date=period.due,
                progress=f"{period.label}按计划推进，累计完成{percent}%。",
                percent=percent,
                state=state,
                return_reason="数据与台账不一致" if state == ReportState.RETURNED else "",
                returned_count=1 if state == ReportState.RETURNED else 0,
            )
        task.percent = percent


def generate_province(
    *,
    tasks: int = 15_000,
    months: int = 12,
    projects: int = 3_000,
    year: int = 2026,
    seed: int = 20261122,
    project_generator: ProjectGenerator | None = None,
) -> Generated:
    """Write the dataset (idempotent for regions and units; tasks are added). Returns counts."""
    rng = random.Random(seed)
    made = Generated()
    with transaction.atomic():
        regions = _regions()
        units = _units(regions)
        made.regions, made.units = len(regions), len(units)
        task_rows = _tasks(units, tasks, year, rng)
        made.tasks = len(task_rows)
        batch: list[ProgressReport] = []
        for report in _reports(task_rows, months, year, rng):
            batch.append(report)
            if len(batch) >= BATCH:
                ProgressReport.objects.bulk_create(batch)
                made.reports += len(batch)
                batch = []
        ProgressReport.objects.bulk_create(batch)
        made.reports += len(batch)
        Task.objects.bulk_update(task_rows, ["percent"], batch_size=BATCH)
        notices = [
            Notice(
                task=task,
                unit_id=task.lead_unit_id,
                colour=rng.choice(NoticeColour.values),
                reason="进度滞后于序时",
                due_date=dt.date(year, 12, 20),
                state=rng.choice(NoticeState.values),
            )
            for task in task_rows[:: max(1, len(task_rows) // 1500)]
        ]
        Notice.objects.bulk_create(notices, batch_size=BATCH)
        made.notices = len(notices)
        if project_generator is not None:
            made.projects = project_generator(units, projects, year, rng)
    province = regions[0]
    tasks_evaluate(actor=None, as_of=dt.date(year, months, 28), region=province)
    return made
