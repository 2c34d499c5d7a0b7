"""One handling step asked for by a page or the API, by name: the units are looked up among
those the appeal may go to, then the step's service does the rest. Pages and routers stay
thin and refuse the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import role_units
from luoshi.appeals import handling, merging, publishing
from luoshi.appeals.models import Appeal
from luoshi.appeals.selectors import units_to_dispatch_to

STEPS = (
    "dispatch",
    "sign",
    "return",
    "assist",
    "answer",
    "visit",
    "close",
    "merge",
    "publish",
    "unpublish",
)


@dataclass(frozen=True)
class StepAsked:
    step: str
    unit: int | None = None
    co_units: tuple[int, ...] = ()
    note: str = ""
    satisfaction: str = ""
    resolved: bool | None = None
    into: str = ""  # 合并: the number of the appeal to merge into


def take_step(user: Any, appeal: Appeal, asked: StepAsked) -> Appeal:
    if asked.step == "dispatch":
        candidates = units_to_dispatch_to(appeal)
        unit = candidates.filter(pk=asked.unit or 0).first()
        if unit is None:
            raise ValidationError(_("请选择承办单位。"))
        co_units = list(candidates.filter(pk__in=asked.co_units))
        if len(co_units) < len(set(asked.co_units)):
            raise ValidationError(_("协办单位只能是诉求所在地区或其上级地区的单位。"))
        return handling.appeal_dispatch(user, appeal, unit, asked.note, co_units)
    if asked.step == "sign":
        return handling.appeal_sign(user, appeal)
    if asked.step == "return":
        return handling.appeal_return(user, appeal, asked.note)
    if asked.step == "assist":
        mine = {unit for _role, unit in role_units(user)}
        unit = appeal.co_units.filter(pk__in=mine).first()
        if unit is None:
            raise ValidationError(_("您所在的单位不是这件诉求的协办单位。"))
        return handling.appeal_assist(user, appeal, unit, asked.note)
    if asked.step == "answer":
        return handling.appeal_answer(user, appeal, asked.note)
    if asked.step == "visit":
        return handling.appeal_visit(
            user, appeal, asked.satisfaction, resolved=asked.resolved, reason=asked.note
        )
    if asked.step == "close":
        return handling.appeal_close(user, appeal, asked.note)
    if asked.step == "merge":
        target = merging.merge_target(user, appeal, asked.into)
        return merging.appeal_merge(user, appeal, target, asked.note)
    if asked.step == "publish":
        return publishing.appeal_publish(user, appeal, asked.note)
    if asked.step == "unpublish":
        return publishing.appeal_unpublish(user, appeal)
    raise ValidationError(_("没有这个办理环节。"))
