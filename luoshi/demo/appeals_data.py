"""The demo county's appeals (诉求) of the last two months, through the services: handed in on
the form, by the hotline and by the 12345 push; dispatched (one to a lead unit with a co-unit,
one sent back and re-routed), signed, answered, rated (one reopened after 不满意), one merged
as a duplicate, one published as a case — and a hotspot: housing appeals gathering at 城关镇's
幸福小区. Each is then moved back to the day it came in, with its limits counted from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from luoshi.accounts.models import Membership, Role, User
from luoshi.appeals import handling, merging, publishing, services
from luoshi.appeals.models import Appeal, AppealEvent
from luoshi.appeals.search_indexing import index_appeals_after_commit
from luoshi.appeals.time_limits import answer_due, sign_due
from luoshi.core.models import Region, Unit
from luoshi.demo import dataset

DONE = "已到现场核实，问题已处理完毕，今后纳入日常巡查，请您继续监督。"


@dataclass(frozen=True)
class Spec:
    days_ago: int
    topic: str
    place_code: str  # a township's code, or the county's
    place: str
    content: str
    phone: str = ""
    lead: str = ""  # a unit key of dataset.UNITS; "" leaves it with the office
    outcome: str = "closed"  # received, dispatched, signed, answered, closed, reopened, basic
    co: str = ""
    urgency: str = "normal"


T1, T2, T3 = "910121100", "910121101", "910121200"
C = dataset.DEMO_COUNTY_CODE
LIFT = "幸福小区3号楼电梯又停运了，家里有老人，上下楼非常困难，请尽快维修。"
SPECS = (
    Spec(
        55,
        "housing",
        T1,
        "幸福小区",
        "幸福小区地下车库渗水严重，车辆停放困难，希望物业尽快处理。",
        lead="zjj",
    ),
    Spec(
        50,
        "traffic",
        C,
        "人民路",
        "人民路与建设路交叉口红绿灯时间太短，行人过街不安全。",
        lead="jtj",
    ),
    Spec(
        46,
        "rural",
        T3,
        "柳溪村",
        "柳溪村灌溉水渠堵塞，农田浇不上水，请帮助疏通。",
        lead="nyj",
        outcome="basic",
    ),
    Spec(42, "education", C, "", "城南片区小学学位紧张，孩子入学困难，希望增加学位。", lead="jyj"),
    Spec(
        38,
        "health",
        T2,
        "青石镇卫生院",
        "青石镇卫生院周末没有儿科医生，看病要跑到县城。",
        lead="wjj",
    ),
    Spec(35, "urban", C, "滨河公园", "滨河公园路灯坏了一半，晚上散步很不安全。", lead="zjj"),
    Spec(
        33,
        "traffic",
        T2,
        "青石镇",
        "青石镇到县城的公交车班次太少，早上等车要一个小时。",
        lead="jtj",
        outcome="reopened",
    ),
    Spec(30, "market", C, "农贸市场", "城东农贸市场有商户缺斤短两，希望加强监管。", lead="swj"),
    Spec(
        27,
        "environment",
        T1,
        "城关镇工业园",
        "工业园一家工厂夜间排放刺鼻气味，周边居民难以入睡。",
        lead="gxj",
        co="zrj",
    ),
    Spec(
        24,
        "service",
        C,
        "政务服务中心",
        "政务服务中心办理不动产登记要跑三次，希望一次办好。",
        lead="zrj",
    ),
    Spec(20, "housing", T1, "幸福小区", LIFT, phone="13907011234", lead="zjj"),
    Spec(
        16,
        "housing",
        T1,
        "幸福小区",
        "幸福小区5号楼电梯经常困人，物业维修不及时，请相关部门督促。",
        lead="zjj",
        outcome="answered",
    ),
    Spec(
        14,
        "housing",
        T1,
        "幸福小区",
        "幸福小区电梯年久失修，停运频繁，希望纳入老旧小区改造。",
        lead="zjj",
        outcome="signed",
    ),
    Spec(
        12,
        "housing",
        T1,
        "幸福小区",
        "幸福小区3号楼电梯又停运了，家里老人上下楼非常困难，上次反映后修好没几天，请尽快维修。",
        phone="13907011234",
    ),
    Spec(
        10,
        "housing",
        T1,
        "锦绣家园",
        "锦绣家园小区楼道堆放杂物，存在消防隐患。",
        lead="zjj",
        outcome="dispatched",
    ),
    Spec(
        9,
        "social",
        C,
        "",
        "申请低保已经两个月了，一直没有结果，想了解办理进度。",
        lead="gov",
        urgency="consult",
    ),
    Spec(
        8,
        "labour",
        T2,
        "青石镇",
        "在工地干活被拖欠工资三个月，老板一直推脱，请帮助讨薪。",
        lead="fgj",
        outcome="signed",
        urgency="urgent",
    ),
    Spec(
        6,
        "housing",
        T1,
        "幸福小区",
        "幸福小区电梯坏了好几次了，每次修好没几天又坏，请彻底解决。",
        outcome="received",
    ),
    Spec(
        5,
        "traffic",
        C,
        "建设路",
        "建设路施工围挡占道，早晚高峰严重拥堵。",
        lead="fgj",
        outcome="returned",
    ),
    Spec(
        3, "urban", T3, "柳溪乡集镇", "柳溪乡集镇生活垃圾清运不及时，气味很大。", outcome="received"
    ),
    Spec(
        2,
        "health",
        C,
        "县人民医院",
        "县人民医院挂号排队时间太长，希望增加自助挂号机。",
        lead="wjj",
        outcome="dispatched",
        urgency="urgent",
    ),
    Spec(
        1, "other", C, "", "建议在县城增设几处公共自行车停放点，方便市民出行。", outcome="received"
    ),
)


def _shift(appeal: Appeal, days: int) -> None:
    """Move the appeal and its events back by `days`, its limits counted from there."""
    delta = dt.timedelta(days=days)
    stamps = ("created_at", "dispatched_at", "signed_at", "answered_at", "closed_at")
    Appeal.objects.filter(pk=appeal.pk).update(**{name: F(name) - delta for name in stamps})
    AppealEvent.objects.filter(appeal=appeal).update(created_at=F("created_at") - delta)
    appeal.refresh_from_db()
    received = timezone.localtime(appeal.created_at).date()
    # The number begins with the day it came in.
    appeal.number = f"{received:%Y%m%d}{appeal.number[8:]}"
    if appeal.reopened and appeal.due_date:  # its 重办's limit, moved back with it
        appeal.due_date -= delta
    else:
        appeal.due_date = answer_due(appeal.urgency, received)
    if appeal.dispatched_at:
        appeal.sign_due = sign_due(appeal.urgency, timezone.localtime(appeal.dispatched_at).date())
    Appeal.objects.filter(pk=appeal.pk).update(
        number=appeal.number, due_date=appeal.due_date, sign_due=appeal.sign_due
    )
    index_appeals_after_commit([appeal.pk])  # the search entry links the new number


def load_appeals() -> dict[str, int]:
    """Creates nothing (and returns zeros) when the demo county has appeals already."""
    counts = {"appeals": 0}
    county = Region.objects.get(code=C)
    if Appeal.objects.filter(region__code__startswith=C).exists():
        return counts
    office = User.objects.get(username="duchayuan")
    units = {
        spec.key: Unit.objects.get(region__code=spec.region_code, name=spec.name)
        for spec in dataset.UNITS
    }
    heads = {
        unit.pk: unit.memberships.filter(
            is_active=True, role__in=(Role.LIAISON, Role.UNIT_HEAD)
        ).first()
        for unit in units.values()
    }
    regions = {r.code: r for r in Region.objects.filter(code__in=(C, T1, T2, T3))}
    with transaction.atomic():
        first_lift = None
        for spec in SPECS:
            appeal = services.appeal_record_call(
                office,
                services.AppealInput(
                    topic=spec.topic,
                    region=regions.get(spec.place_code, county),
                    content=spec.content,
                    urgency=spec.urgency,
                    place=spec.place,
                    contact_name="市民" if spec.phone else "",
                    contact_phone=spec.phone,
                ),
            ).appeal
            counts["appeals"] += 1
            _handle(appeal, spec, office, units, heads)
            if spec.content == LIFT:
                first_lift = appeal
            elif spec.phone and first_lift is not None and appeal.similar_to_id:
                merging.appeal_merge(office, appeal, first_lift)
            _shift(appeal, spec.days_ago)
    return counts


def _handle(
    appeal: Appeal,
    spec: Spec,
    office: User,
    units: dict[str, Unit],
    heads: dict[int, Membership | None],
) -> None:
    if not spec.lead or spec.outcome == "received":
        return
    lead = units[spec.lead]
    member = heads.get(lead.pk)
    # A bureau without demo users is handled by the system (no actor), as a push would be.
    person = member.user if member else None
    co_units = [units[spec.co]] if spec.co else []
    handling.appeal_dispatch(office, appeal, lead, co_units=co_units)
    if spec.outcome == "dispatched":
        return
    if spec.outcome == "returned":
        handling.appeal_return(
            person, appeal, "该路段施工由住建部门管理，不属于本单位职责，请改派。"
        )
        return
    handling.appeal_sign(person, appeal)
    if spec.outcome == "signed":
        return
    handling.appeal_answer(person, appeal, DONE)
    if spec.outcome == "answered":
        return
    if spec.outcome == "reopened":
        handling.appeal_visit(
            office,
            appeal,
            "unsatisfied",
            resolved=False,
            reason="班次只增加了一班，早高峰还是等不到车。",
        )
        handling.appeal_sign(person, appeal)
        handling.appeal_answer(
            person, appeal, "已协调公交公司早高峰加密至每20分钟一班，并新增一条支线。"
        )
        handling.appeal_visit(office, appeal, "satisfied", resolved=True)
        return
    verdict = "basic" if spec.outcome == "basic" else "satisfied"
    handling.appeal_visit(office, appeal, verdict, resolved=True)
    if spec.topic == "traffic" and spec.place == "人民路":
        publishing.appeal_publish(
            office,
            appeal,
            "群众反映人民路与建设路交叉口行人过街时间短。县交通运输局会同交警现场测算后，"
            "将行人绿灯延长至35秒，并增设过街安全岛。",
        )
