"""The national dataset's consultation: every region's work report for the year, put out for
comments, and a million opinions on them — about 310 a report, a region's together, spread
over a 40-day consultation, seven in ten answered by one of the region's departments.

Streamed with COPY like the rest of the dataset (`luoshi.core.bulk_copy`): every opinion is a
function of its number, so nothing is kept in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from django.utils import timezone

from luoshi.core.bulk_copy import RowShape, copy_rows, indexes_built_after
from luoshi.demo.province_scale import DEPARTMENTS
from luoshi.engagement.models import AnswerState, Channel, Opinion
from luoshi.reports.models import ReportStatus, WorkReport

NATIONAL_OPINIONS = 1_000_000
CONSULTATION_DAYS = 40
TOPICS = ("就业", "教育", "医疗", "养老", "交通", "住房", "生态环境", "营商环境", "乡村振兴")
SECTORS = ("人大代表", "政协委员", "企业代表", "社区居民", "", "")
ANSWERS = (
    AnswerState.ADOPTED,
    AnswerState.PARTLY,
    AnswerState.ALREADY,
    AnswerState.NOTED,
    AnswerState.DECLINED,
)
OPINION_COLUMNS = [
    "created_at",
    "report_id",
    "channel",
    "author_sector",
    "text",
    "topics",
    "unit_id",
    "state",
    "reply",
    "answered_at",
    "is_public",
]


def consultation_reports(regions: list[tuple[int, str, str]], year: int) -> list[int]:
    """One work report a region for `year`, in consultation; their ids in the regions' order."""
    made = WorkReport.objects.bulk_create(
        WorkReport(
            region_id=region_id,
            year=year,
            title=f"{year}年{name}政府工作报告（征求意见稿）",
            status=ReportStatus.CONSULTING,
        )
        for region_id, name, _code in regions
    )
    return [report.pk for report in made]


def opinion_rows(
    count: int, reports: list[int], first_unit: int, year: int
) -> Iterator[tuple[object, ...]]:
    opened = timezone.make_aware(dt.datetime(year, 1, 5, 8))
    window = CONSULTATION_DAYS * 24 * 60
    for n in range(count):
        index = n * len(reports) // count
        topic = TOPICS[n % len(TOPICS)]
        created = opened + dt.timedelta(minutes=(n * 37) % window)
        answered = n % 10 >= 3
        state = ANSWERS[n % len(ANSWERS)] if answered else AnswerState.PENDING
        yield (
            created,
            reports[index],
            Channel.values[n % len(Channel.values)],
            SECTORS[n % len(SECTORS)],
            f"关于{topic}的建议：请在报告中把{topic}工作的年度目标写具体，并明确牵头单位和完成时限。",
            json.dumps([topic], ensure_ascii=False),
            first_unit + index * len(DEPARTMENTS) + n % len(DEPARTMENTS) if answered else None,
            state.value,
            f"感谢您的意见，已在报告{topic}部分作了相应修改。" if answered else "",
            created + dt.timedelta(days=3) if answered else None,
            answered and n % 2 == 0,
        )


def generate_opinions(
    regions: list[tuple[int, str, str]], first_unit: int, count: int, year: int
) -> int:
    """Each region's report for `year` and `count` opinions on them; how many opinions.
    `first_unit`: region i's departments are first_unit + 12 i + k (the national units)."""
    reports = consultation_reports(regions, year)
    with indexes_built_after(Opinion):
        return copy_rows(
            RowShape(Opinion, OPINION_COLUMNS), opinion_rows(count, reports, first_unit, year)
        )
