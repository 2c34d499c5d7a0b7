"""The demo county's consultation and deliberation, written by the team.

- 2026: the draft for comments drew opinions at a grassroots symposium, from representatives
  and online; they were answered, and the road target in the adopted text changed because of
  them. The county delegation then deliberated the report and the county head gave numbered
  instructions, referred to units.
- 2027: a first draft is out for comments now (late 2026), so the public page takes opinions.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from luoshi.core.models import Region, Unit
from luoshi.demo import dataset
from luoshi.engagement.models import AnswerState, Meeting, Opinion
from luoshi.engagement.services import (
    MeetingInput,
    Passage,
    PersonInput,
    SpeechInput,
    meeting_create,
    opinion_answer,
    opinion_link_change,
    opinion_record,
    opinion_submit_public,
    referral_create,
)
from luoshi.reports.models import VersionKind, WorkReport
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text

OPINIONS_2026 = (
    (
        "public",
        "农民",
        "山区乡镇的道路还很窄，建议新建改造农村公路的任务向山区倾斜，里程再多一些。",
        "road",
        AnswerState.PARTLY,
        "已吸纳，调整为优先安排山区乡镇，改造里程结合财力另行安排。",
    ),
    (
        "public",
        "企业",
        "希望开发区标准化厂房早日建成，并配套职工宿舍。",
        "",
        AnswerState.ALREADY,
        "报告已有相关安排，将在实施中统筹配套。",
    ),
    (
        "written",
        "人大代表",
        "建议把口袋公园建在老城区，方便老年人就近活动。",
        "park",
        AnswerState.ADOPTED,
        "采纳，在老城区优先选址。",
    ),
    (
        "public",
        "教师",
        "建议增加城区学位，缓解大班额。",
        "",
        AnswerState.NOTED,
        "留作参考，纳入教育布局规划研究。",
    ),
    (
        "public",
        "个体工商户",
        "能否取消所有停车收费？",
        "",
        AnswerState.DECLINED,
        "停车收费属于市场化管理，暂不具备取消条件。",
    ),
)
DRAFT_2027 = """政府工作报告（征求意见稿）
一、2026年工作回顾
一年来，全县地区生产总值预计增长6%左右，重点项目建设提速，民生实事按期完成。
二、2027年工作安排
今年主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%；城镇新增就业2000人以上。
（一）推进乡村振兴
建设现代农业产业园2个；新建改造农村公路100公里。
（二）增进民生福祉
新增普惠性托育位300个；改造城镇老旧小区20个。
"""


def load_engagement() -> dict[str, int]:
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    if Meeting.objects.filter(region=county).exists():
        return {"meetings": 0, "opinions": 0}
    units = {u.short_name: u for u in Unit.objects.filter(region=county)}
    with transaction.atomic():
        report_2026 = WorkReport.objects.get(region=county, year=2026)
        draft, adopted = list(report_2026.versions.order_by("number"))[:2]
        symposium = meeting_create(
            actor=None,
            data=MeetingInput(
                kind="symposium",
                title="2026年县政府工作报告（征求意见稿）基层代表座谈会",
                date=date(2026, 1, 6),
                region=county,
                place="清源县城关镇便民服务中心",
                report=report_2026,
                report_version=draft,
                topics=["农村公路", "城市公园", "民营经济"],
                people=[PersonInput("李建国", ("县长",), "host")],
                groups=[("乡镇干部", 6), ("企业代表", 5), ("农民代表", 8), ("教师和医务人员", 4)],
                is_public=True,
            ),
        )
        count = 0
        paragraphs = {
            "road": draft.paragraphs.get(text__contains="农村公路"),
            "park": draft.paragraphs.get(text__contains="口袋公园"),
        }
        for channel, sector, text, anchor_key, state, reply in OPINIONS_2026:
            passage = Passage()
            if anchor_key:
                paragraph = paragraphs[anchor_key]
                passage = Passage(draft, paragraph.anchor)
            # The 2026 round is history (the report is adopted): what was said at the symposium
            # is on record as recorded by staff.
            opinion = opinion_record(
                actor=None,
                report=report_2026,
                channel="meeting" if channel == "public" else channel,
                text=text,
                author_sector=sector,
                passage=passage,
                meeting=symposium if channel == "public" else None,
            )
            opinion_answer(actor=None, opinion=opinion, state=state, reply=reply, is_public=True)
            if anchor_key:
                opinion_link_change(
                    actor=None, opinion=opinion, version=adopted, anchor=passage.anchor
                )
            count += 1

        deliberation = meeting_create(
            actor=None,
            data=MeetingInput(
                kind="deliberation",
                title="县人大代表团审议政府工作报告",
                date=date(2026, 1, 21),
                region=county,
                place="清源县会议中心",
                delegation="城关代表团",
                report=report_2026,
                report_version=adopted,
                topics=["项目建设", "农村公路", "教育"],
                people=[PersonInput("李建国", ("县长",), "leader")],
                speeches=[
                    SpeechInput(
                        "周敏", "县人大代表", ("教育",), "建议加快城区学校扩建，解决大班额。"
                    ),
                    SpeechInput(
                        "孙强", "县人大代表", ("农村公路",), "建议农村公路建设同步考虑养护资金。"
                    ),
                ],
                instructions=[
                    "要抓紧抓实重点项目，确保一季度开工率达到四成以上。",
                    "要把农村公路建设和养护一体推进，让群众出行更安全。",
                    "要认真吸纳代表意见，逐条研究、按时答复。",
                ],
                instructions_by="李建国",
                is_public=True,
            ),
        )
        today = timezone.localdate()
        for instruction, unit_names in zip(
            deliberation.instructions.order_by("ordinal"),
            (["县发改局", "县住建局"], ["县住建局"], ["县政府办"]),
            strict=True,
        ):
            referral_create(
                actor=None,
                summary=instruction.text,
                units=[units[name] for name in unit_names],
                deadline=today + timedelta(days=60),
                instruction=instruction,
            )

        report_2027 = report_create(
            actor=None,
            region=county,
            year=2027,
            title="2027年清源县政府工作报告",
            speaker_name="李建国",
            speaker_title="县长",
        )
        draft_2027 = report_version_create(
            actor=None,
            report=report_2027,
            kind=VersionKind.DRAFT,
            label="征求意见稿",
            blocks=split_report_text(DRAFT_2027),
        )
        report_version_publish(actor=None, version=draft_2027)
        report_2027.refresh_from_db()
        road = draft_2027.paragraphs.get(text__contains="农村公路")
        _public(
            report_2027,
            "希望明年继续安排山区道路，并公开建设进度。",
            "农民",
            Passage(draft_2027, road.anchor),
            "demo-2027",
        )
        count += 1
    return {"meetings": 2, "opinions": count}


def _public(report: WorkReport, text: str, sector: str, passage: Passage, key: str) -> Opinion:
    return opinion_submit_public(
        report=report, text=text, author_sector=sector, passage=passage, client_key=key
    )
