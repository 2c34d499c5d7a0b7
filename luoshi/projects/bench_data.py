"""Key projects for the province-scale bench dataset (`luoshi.demo.province_scale` calls
`generate_projects` as its project generator): a year's list with stage dates, twelve months of
investment per project, 纳统 for some and problems for others.

Written with COPY on PostgreSQL (bulk inserts elsewhere), not the services: this is generated
test data, consistent by construction (year to date is the running sum, since start adds the
investment before the year, the stage follows the actual dates), and no action log is wanted.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from luoshi.core.bulk_copy import save_all
from luoshi.core.models import RegionLevel, Unit
from luoshi.projects.models import (
    STATISTICS_THRESHOLD,
    Category,
    InclusionState,
    MonthlyInvestment,
    ProblemCategory,
    Project,
    ProjectProblem,
    StatisticsInclusion,
)
from luoshi.projects.stages import stage_from_actuals

BATCH = 5000
CENT = Decimal("0.01")
TOTALS = (300, 800, 1500, 3000, 8000, 12000, 30000, 120000)  # 万元
WORDS = ("产业园", "物流中心", "污水处理厂", "农村公路", "标准化厂房", "学校", "医院", "光伏电站")
PROBLEMS = ("用地报批滞后", "环评批复未下达", "配套资金未到位", "施工用电未接入", "技术工人短缺")


def _project(unit: Unit, number: int, year: int, rng: random.Random) -> Project:
    total = Decimal(rng.choice(TOTALS))
    before = (total * Decimal(rng.choice(("0", "0", "0.2", "0.4")))).quantize(Decimal(1))
    plan = min(
        total - before, (total * Decimal(rng.choice(("0.3", "0.5", "0.8")))).quantize(Decimal(1))
    )
    continuing = before > 0
    planned = date(year - 1 if continuing else year, rng.randint(1, 12), 1)
    started = None
    if continuing or rng.random() < 0.75:
        started = planned.replace(day=rng.randint(1, 28))
    included = None
    if started is not None and total >= STATISTICS_THRESHOLD and rng.random() < 0.65:
        included = started.replace(month=min(12, started.month + 1))
    project = Project(
        region=unit.region,
        year=year,
        code=f"{unit.region.code}-{number:04d}",
        name=f"{unit.region.name}{rng.choice(WORDS)}项目{number:04d}",
        category=rng.choice(Category.values),
        unit=unit,
        total_investment=total,
        annual_plan=plan,
        invested_before_year=before,
        started_planned=planned,
        started_actual=started,
        included_actual=included,
        is_public=rng.random() < 0.5,
    )
    project.stage = stage_from_actuals(project.stage_dates("actual"))
    return project


def generate_projects(units: list[Unit], count: int, year: int, rng: random.Random) -> int:
    """Create `count` projects of `year` for county-level units (or any, when there are none),
    with twelve months of investment each, `BATCH` projects at a time (memory stays flat at
    national size: 75,000 projects, 900,000 monthly figures). Returns how many were made."""
    owners = [u for u in units if u.region.level == RegionLevel.COUNTY] or list(units)
    if not owners or count <= 0:
        return 0
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        _write(year, rng, [_project(owners[n % len(owners)], n, year, rng) for n in numbers])
    return count


def _write(year: int, rng: random.Random, projects: list[Project]) -> None:
    save_all(Project, projects, ids=True)
    months: list[MonthlyInvestment] = []
    problems: list[ProjectProblem] = []
    inclusions: list[StatisticsInclusion] = []
    for project in projects:
        running = Decimal(0)
        monthly_plan = (project.annual_plan / 12).quantize(CENT)
        for month in range(1, 13):
            amount = (monthly_plan * Decimal(str(round(rng.uniform(0.3, 1.3), 2)))).quantize(CENT)
            running += amount
            months.append(
                MonthlyInvestment(
                    project=project,
                    month=month,
                    planned=monthly_plan,
                    completed=amount,
                    year_to_date=running,
                    since_start=project.invested_before_year + running,
                )
            )
        if project.included_actual is not None:
            inclusions.append(StatisticsInclusion(project=project, state=InclusionState.ACCEPTED))
        if rng.random() < 0.25:
            problems.append(
                ProjectProblem(
                    project=project,
                    category=rng.choice(ProblemCategory.values),
                    description=rng.choice(PROBLEMS),
                    unit_id=project.unit_id,
                    deadline=date(year, rng.randint(1, 12), 28),
                )
            )
    save_all(MonthlyInvestment, months)
    save_all(StatisticsInclusion, inclusions)
    save_all(ProjectProblem, problems)
