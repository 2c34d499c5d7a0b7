"""A 甲县 year with public and private data side by side: the portal must show the first and
never the second."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from luoshi.engagement.models import Opinion
from luoshi.indicators.models import Indicator, Observation, Target
from luoshi.projects.models import Project
from luoshi.reports.models import WorkReport
from luoshi.tasks.models import Notice, Task
from luoshi_tests.tasks.conftest import make_report

YEAR = 2026
SECRET_TASK = "内部不公开的任务XYZ"
SECRET_PROJECT = "未公开的项目QRS"
RETURN_REASON = "内部退办理由ABC"
NOTICE_REASON = "督办事由DEF"
CONTACT = "13900001111"


@dataclass
class PortalData:
    public_task: Task
    secret_task: Task
    report: WorkReport
    indicator: Indicator


def add_task(world, title, *, is_public=True, number="1", order=1, **fields) -> Task:
    data = {
        "region": world.county,
        "year": YEAR,
        "lead_unit": world.bureau,
        "deadline": date(YEAR, 12, 31),
        "status": "on_schedule",
        "percent": Decimal("60"),
    }
    data.update(fields)
    return Task.objects.create(title=title, is_public=is_public, number=number, order=order, **data)


@pytest.fixture
def portal_data(world) -> PortalData:
    public = add_task(world, "新建改造农村公路120公里", deadline_text="年底前")
    make_report(
        public, world.bureau, date(YEAR, 5, 25), state="approved", progress="已完成路基60公里"
    )
    make_report(
        public,
        world.bureau,
        date(YEAR, 6, 25),
        state="returned",
        progress="六月进展（未审核）",
        return_reason=RETURN_REASON,
        returned_count=1,
    )
    Notice.objects.create(
        task=public,
        unit=world.bureau,
        colour="yellow",
        reason=NOTICE_REASON,
        due_date=date(YEAR, 7, 1),
    )
    secret = add_task(world, SECRET_TASK, is_public=False, number="2", order=2)
    make_report(secret, world.bureau, date(YEAR, 5, 25), state="approved", progress="秘密进展")
    report = WorkReport.objects.create(
        region=world.county, year=YEAR, title="甲县2026年政府工作报告", status="adopted"
    )
    indicator = Indicator.objects.filter(measure="growth").order_by("sort_order").first()
    Target.objects.create(
        region=world.county,
        year=YEAR,
        indicator=indicator,
        measure="growth",
        low=Decimal("6"),
        high=Decimal("6"),
        unit="%",
        qualifier="about",
    )
    Observation.objects.create(
        region=world.county,
        indicator=indicator,
        year=YEAR,
        period_kind="month",
        period_index=6,
        growth=Decimal("6.4"),
    )
    for project_name, is_public in (("甲县饲料加工项目", True), (SECRET_PROJECT, False)):
        Project.objects.create(
            region=world.county,
            year=YEAR,
            name=project_name,
            unit=world.bureau,
            total_investment=Decimal("12000"),
            annual_plan=Decimal("6000"),
            started_planned=date(YEAR, 2, 1),
            started_actual=date(YEAR, 2, 10),
            is_public=is_public,
        )
    Opinion.objects.create(
        report=report,
        channel="written",
        text="建议加快农村公路建设",
        state="adopted",
        reply="已采纳",
        is_public=True,
        contact=CONTACT,
    )
    Opinion.objects.create(report=report, channel="written", text="内部意见", state="noted")
    return PortalData(public, secret, report, indicator)
