from __future__ import annotations

from dataclasses import dataclass

import pytest

from luoshi.reports.models import ReportVersion, WorkReport
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text

DRAFT = """一、工作回顾
全县地区生产总值增长6.1%。
二、今年安排
建设苹果产业园区，带动农民增收。
新建改造农村公路120公里。
"""
REVISED = DRAFT.replace("新建改造农村公路120公里。", "新建改造农村公路150公里，优先安排山区乡镇。")


@dataclass
class Consultation:
    report: WorkReport
    draft: ReportVersion


@pytest.fixture
def consultation(world, supervisor) -> Consultation:
    report = report_create(actor=supervisor, region=world.county, year=2026)
    draft = report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    report_version_publish(actor=supervisor, version=draft)
    report.refresh_from_db()
    return Consultation(report, draft)


def revise(supervisor, consultation: Consultation) -> ReportVersion:
    return report_version_create(
        actor=supervisor,
        report=consultation.report,
        kind="revised",
        blocks=split_report_text(REVISED),
    )
