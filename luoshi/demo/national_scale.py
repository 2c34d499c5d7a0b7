"""A national-scale dataset for measuring: every region of the real gazetteer (≈3,200), twelve
departments each, 480,000 tasks with a monthly progress report each month (5 M), notices, and
key projects, every region's report in consultation with a million opinions
(`luoshi.demo.national_opinions`). PostgreSQL only.

Streamed, not built: units, tasks, reports and notices go in with COPY (`luoshi.demo.bulk_copy`)
from generators, and every row is a function of its number — a task's region, lead unit,
deadline and pace are derived from `n`, so its reports are generated without keeping the tasks
— so memory stays flat however many rows are asked for. The regions are the gazetteer's own:
the generator makes none, so it never stands in the way of `load_regions` or `luoshi demo`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from luoshi.core.bulk_copy import RowShape, copy_rows, indexes_built_after, reserve_ids
from luoshi.core.models import Region, RegionLevel, Unit, UnitKind
from luoshi.core.services import regions_load_from_gazetteer
from luoshi.demo.national_opinions import NATIONAL_OPINIONS, generate_opinions
from luoshi.demo.province_scale import DEPARTMENTS, WORK, Generated
from luoshi.engagement.models import Opinion
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

NATIONAL_TASKS = 480_000
NATIONAL_PROJECTS = 75_000
NOTICE_EVERY = 32  # one task in 32 has a notice: 15,000 at national size
DEADLINE_MONTHS = (6, 9, 12, 12, 12)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TaskPlan:
    """Everything about task `n` that its rows need, derived from `n` alone."""

    n: int
    region_index: int
    lead_offset: int  # which of the region's departments leads it
    deadline_month: int
    pace: float
    work: int

    @classmethod
    def of(cls, n: int, regions: int, count: int) -> TaskPlan:
        """Task `n` of `count`: a region's tasks are consecutive, as a region enters its year's
        tasks together (one 分解表), so they lie together on disk as in a real database."""
        mixed = (n * 2654435761 + 97) & 0xFFFFFFFF  # Knuth's multiplicative hash
        return cls(
            n=n,
            region_index=n * regions // count,
            lead_offset=mixed % len(DEPARTMENTS),
            deadline_month=DEADLINE_MONTHS[(mixed >> 8) % len(DEADLINE_MONTHS)],
            pace=0.6 + ((mixed >> 12) % 71) / 100,
            work=(mixed >> 4) % len(WORK),
        )

    def lead(self, first_unit: int) -> int:
        """The lead unit's id: its region's departments are numbered from `first_unit`."""
        return first_unit + self.region_index * len(DEPARTMENTS) + self.lead_offset

    def percent(self, month: int) -> Decimal:
        return min(Decimal("100"), Decimal(round(month / 12 * 100 * self.pace, 1)))


def _regions() -> list[tuple[int, str, str]]:
    """(id, name, code) of every current gazetteer region down to counties, by code; loaded first
    when the gazetteer is not there yet."""
    if not Region.objects.filter(source="gazetteer").exists():
        regions_load_from_gazetteer()
    return list(
        Region.objects.filter(
            source="gazetteer",
            is_active=True,
            level__in=[RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY],
        )
        .order_by("code")
        .values_list("id", "name", "code")
    )


def _units(regions: list[tuple[int, str, str]]) -> int:
    """Twelve departments per region, ids in one block: region i's department k is
    first + 12 i + k. Returns `first`."""
    first = reserve_ids(Unit, len(regions) * len(DEPARTMENTS))
    shape = RowShape(Unit, ["id", "region_id", "name", "short_name"], kind=UnitKind.DEPARTMENT)
    copy_rows(
        shape,
        (
            (first + i * len(DEPARTMENTS) + k, region_id, f"{name}{department}", short)
            for i, (region_id, name, _code) in enumerate(regions)
            for k, (department, short) in enumerate(DEPARTMENTS)
        ),
    )
    return first


def _task_rows(
    count: int, regions: list[tuple[int, str, str]], first_unit: int, first_task: int, year: int
) -> Iterator[tuple[object, ...]]:
    created = timezone.make_aware(dt.datetime(year, 1, 1, 9))
    for n in range(count):
        plan = TaskPlan.of(n, len(regions), count)
        month = plan.deadline_month
        yield (
            first_task + n,
            created,
            regions[plan.region_index][0],
            str(n - -(-plan.region_index * count // len(regions)) + 1),  # its number there
            n,
            WORK[plan.work].format(n=(n % 299) + 2),
            plan.lead(first_unit),
            dt.date(year, 1, 1),
            dt.date(year, month, 30 if month in (6, 9) else 31),
            n % 3 != 0,
        )


TASK_COLUMNS = [
    "id",
    "created_at",
    "region_id",
    "number",
    "order",
    "title",
    "lead_unit_id",
    "start_date",
    "deadline",
    "is_public",
]


def _report_rows(
    count: int, codes: list[str], first_unit: int, first_task: int, months: int, year: int
) -> Iterator[tuple[object, ...]]:
    periods = [period_containing(Cadence.MONTHLY, dt.date(year, m, 1)) for m in range(1, 13)]
    # What repeats is worked out once: a report's text and percent depend only on the task's
    # pace (71 steps) and the month; its submission time on the month and whether it was late.
    sent = [
        [
            timezone.make_aware(dt.datetime.combine(period.due, dt.time(10)) + dt.timedelta(days=d))
            for d in (0, 1)
        ]
        for period in periods
    ]
    texts: dict[tuple[float, int], tuple[str, Decimal]] = {}
    rng = random.Random(year)
    approved, returned_state, submitted = (
        ReportState.APPROVED.value,
        ReportState.RETURNED.value,
        ReportState.SUBMITTED.value,
    )
    for n in range(count):
        plan = TaskPlan.of(n, len(codes), count)
        task_id = first_task + n
        unit = plan.lead(first_unit)
        code = codes[plan.region_index]
        for month in range(1, months + 1):
            period = periods[month - 1]
            key = (plan.pace, month)
            if key not in texts:
                percent = plan.percent(month)
                texts[key] = (f"{period.label}按计划推进，累计完成{percent}%。", percent)
            text, percent = texts[key]
            roll = rng.random()
            state = (
                approved
                if month < months or roll < 0.6
                else returned_state
                if roll < 0.7
                else submitted
            )
            returned = state == returned_state
            yield (
                task_id,
                unit,
                code,
                period.start,
                period.end,
                period.label,
                period.due,
                text,
                percent,
                state,
                "数据与台账不一致" if returned else "",
                int(returned),
                sent[month - 1][roll < 0.05],
            )


REPORT_COLUMNS = [
    "task_id",
    "unit_id",
    "region_code",
    "period_start",
    "period_end",
    "period_label",
    "due_date",
    "progress",
    "percent",
    "state",
    "return_reason",
    "returned_count",
    "submitted_at",
]


def generate_national(
    *,
    tasks: int = NATIONAL_TASKS,
    months: int = 11,
    projects: int = NATIONAL_PROJECTS,
    opinions: int = NATIONAL_OPINIONS,
    year: int = 2026,
    progress: Progress = lambda _line: None,
    project_generator: Callable[[list[Unit], int, int, random.Random], int] | None = None,
) -> Generated:
    """Write the dataset into PostgreSQL (tasks, reports, notices and projects are added each
    time; the gazetteer's regions are used as they are). Returns counts; `progress` gets a
    line after each part."""
    if connection.vendor != "postgresql":
        raise ValueError("The national dataset needs PostgreSQL (COPY); DATABASE_URL is SQLite.")
    if Unit.objects.filter(region__source="gazetteer").exists():
        raise ValueError(
            "The gazetteer's regions have units already: generate the national dataset into "
            "an empty database (its units are numbered in one block)."
        )
    made = Generated()
    regions = _regions()
    made.regions = len(regions)
    progress(f"regions: {len(regions):,} from the gazetteer")
    with transaction.atomic():
        first_unit = _units(regions)
        made.units = len(regions) * len(DEPARTMENTS)
        progress(f"units: {made.units:,}")
        first_task = reserve_ids(Task, tasks)
        task_shape = RowShape(
            Task,
            TASK_COLUMNS,
            year=year,
            source=TaskSource.REPORT,
            leader="分管负责同志",
            cadence=Cadence.MONTHLY,
        )
        made.tasks = copy_rows(task_shape, _task_rows(tasks, regions, first_unit, first_task, year))
        progress(f"tasks: {made.tasks:,}")
        with indexes_built_after(ProgressReport):
            made.reports = copy_rows(
                RowShape(ProgressReport, REPORT_COLUMNS),
                _report_rows(
                    tasks,
                    [code for _id, _name, code in regions],
                    first_unit,
                    first_task,
                    months,
                    year,
                ),
            )
        progress(f"progress reports: {made.reports:,}")
        _percent_from_reports(first_task, tasks)
        made.notices = copy_rows(
            RowShape(
                Notice,
                ["task_id", "unit_id", "colour", "state"],
                reason="进度滞后于序时",
                due_date=dt.date(year, 12, 20),
            ),
            (
                (
                    first_task + n,
                    TaskPlan.of(n, len(regions), tasks).lead(first_unit),
                    NoticeColour.values[n % 3],
                    NoticeState.values[n % 4],
                )
                for n in range(0, tasks, NOTICE_EVERY)
            ),
        )
        progress(f"notices: {made.notices:,}")
        if project_generator is not None and projects:
            units = list(
                Unit.objects.filter(pk__gte=first_unit, pk__lt=first_unit + made.units)
                .select_related("region")
                .order_by("pk")
            )
            made.projects = project_generator(units, projects, year, random.Random(year))
            progress(f"key projects: {made.projects:,}")
        if opinions:
            made.opinions = generate_opinions(regions, first_unit, opinions, year)
            progress(f"opinions on the regions' reports: {made.opinions:,}")
    with connection.cursor() as cursor:
        for model in (Unit, Task, ProgressReport, Notice, Opinion):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    tasks_evaluate(actor=None, as_of=dt.date(year, months, 28))
    progress("status and colour of every task evaluated")
    return made


def _percent_from_reports(first_task: int, count: int) -> None:
    """Each new task's percent: its latest report's, in one statement."""
    task = connection.ops.quote_name(Task._meta.db_table)
    report = connection.ops.quote_name(ProgressReport._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {task} t SET percent = latest.percent
            FROM (SELECT DISTINCT ON (task_id) task_id, percent FROM {report}
                  WHERE task_id BETWEEN %s AND %s ORDER BY task_id, period_end DESC) latest
            WHERE t.id = latest.task_id""",
            [first_task, first_task + count - 1],
        )
