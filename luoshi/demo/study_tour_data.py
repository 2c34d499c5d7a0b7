"""The demo county's study tour and its deputies' suggestions in handling, written by the team.

- A study tour to 浙江 came home to a summary meeting: what was learnt where, and three
  cooperation items — one signed and made a key project, one being negotiated, one late.
- The deputy 周敏 (城关代表团) handed in written suggestions on the 2027 draft: one was handed
  to 县教育局 and answered (B类), one waits at 县交通运输局 with its deadline.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.core.models import Region, Unit
from luoshi.demo import dataset
from luoshi.engagement.cooperation_services import (
    CooperationInput,
    cooperation_create,
    cooperation_follow,
)
from luoshi.engagement.meeting_services import InsightInput, MeetingInput, meeting_create
from luoshi.engagement.models import CooperationItem, Meeting, MeetingKind
from luoshi.engagement.services import opinion_answer, opinion_record
from luoshi.engagement.suggestion_services import opinion_hand
from luoshi.projects.models import Category
from luoshi.projects.services import ProjectInput, project_create
from luoshi.reports.models import WorkReport

INSIGHTS = (
    (
        "浙江杭州",
        "企业开办、不动产登记“一件事”集成办理，群众只跑一次。",
        "审批服务要从部门视角转到群众视角。",
    ),
    (
        "浙江湖州",
        "美丽乡村与乡村旅游连片打造，村集体经营性收入普遍超过百万元。",
        "乡村振兴要算好经营账。",
    ),
)
# (partner, content, responsible unit, deadline in days, next step): to be signed, due within
# the week (yellow), and one whose deadline will have passed (red).
ITEMS = (
    (
        "杭州某新能源科技有限公司",
        "合作建设储能电池模组生产线。一期投资3亿元",
        "kfq",
        60,
        "办理项目备案和用地预审",
    ),
    (
        "湖州市某文旅集团",
        "合作开发城关镇乡村旅游线路，共建民宿集群",
        "nyj",
        5,
        "对方下旬来县实地踏勘",
    ),
    ("宁波某物流公司", "共建农产品冷链物流分拨中心", "swj", 30, "商定选址"),
)
SUGGESTIONS = (
    ("建议城区新建一所九年一贯制学校，缓解老城区学校大班额。", "jyj"),
    ("建议为山区乡镇开通早晚两班城乡公交，方便学生和老人出行。", "jtj"),
)


def load_study_tours() -> dict[str, int]:
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    if Meeting.objects.filter(region=county, kind=MeetingKind.SUMMARY).exists():
        return {"items": 0, "suggestions": 0}
    units = {u.name: u for u in Unit.objects.filter(region=county)}
    by_key = {spec.key: units[spec.name] for spec in dataset.UNITS if spec.name in units}
    today = timezone.localdate()
    with transaction.atomic():
        tour = meeting_create(
            actor=None,
            data=MeetingInput(
                kind=MeetingKind.SUMMARY,
                title="赴浙江学习考察总结交流会",
                date=date(2026, 6, 18),
                region=county,
                place="清源县会议中心",
                topics=["营商环境", "乡村振兴", "招商引资"],
                insights=[InsightInput(*row) for row in INSIGHTS],
                instructions=["各责任单位要把合作事项逐项建立台账，每月报告进展。"],
                instructions_by="李建国",
                is_public=True,
            ),
        )
        signed, _soon, late = [
            cooperation_create(
                actor=None,
                meeting=tour,
                data=CooperationInput(
                    partner=partner,
                    content=content,
                    unit=by_key[unit_key],
                    deadline=today + timedelta(days=days),
                    next_step=next_step,
                ),
            )
            for partner, content, unit_key, days, next_step in ITEMS
        ]
        cooperation_follow(
            actor=None,
            item=signed,
            text="双方在县会议中心签订投资协议。",
            status="signed",
            amount=Decimal("3"),
            on=date(2026, 7, 20),
        )
        project_create(
            actor=None,
            data=ProjectInput(
                region=county,
                year=today.year,
                name="储能电池模组生产线",
                unit=by_key["kfq"],
                total_investment=Decimal(30000),
                annual_plan=Decimal(8000),
                category=Category.INDUSTRY,
                content=signed.content,
                cooperation_item=signed,
            ),
        )
        # History: this item's deadline has passed without a signature (shown red).
        CooperationItem.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=10))
        suggestions = _suggestions(county, by_key, today)
    return {"items": 3, "suggestions": suggestions}


def _suggestions(county: Region, units: dict[str, Unit], today: date) -> int:
    deputy = User.objects.filter(username="daibiao").first()
    report = WorkReport.objects.filter(region=county, year=2027).first()
    if deputy is None or report is None:
        return 0
    answered_by = User.objects.filter(username="duchayuan").first()
    for number, (text, unit_key) in enumerate(SUGGESTIONS):
        opinion = opinion_record(actor=deputy, report=report, channel="written", text=text)
        opinion_hand(
            actor=None, opinion=opinion, unit=units[unit_key], deadline=today + timedelta(days=90)
        )
        if number == 0:
            opinion_answer(
                actor=answered_by,
                opinion=opinion,
                state="partly",
                reply="已列入明年教育布局规划，选址论证正在进行。",
                category="B",
                is_public=False,
            )
    return len(SUGGESTIONS)
