"""Show an action-log entry's before/after as a short list a clerk can read."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from luoshi.core.action_verbs import verb_label
from luoshi.core.models import ActionLog

register = template.Library()

# Bookkeeping fields say nothing about what was done.
HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "last_login", "date_joined"})
MAX_VALUE_LENGTH = 60
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Keys an entry records that are no field of its target (a sign-in's address, the name typed
# by someone who has no account).
EXTRA_LABELS = {
    "address": _("登录地址"),
    "username": _("用户名"),
    "minutes": _("锁定分钟数"),
    "note": _("说明"),
    "anchor": _("段落位置"),
    "as_of": _("截至日期"),
    "backup_created_at": _("备份时间"),
    "changed": _("状态变化"),
    "recoloured": _("颜色变化"),
    "co_units": _("配合单位"),
    "count": _("条数"),
    "created": _("新增"),
    "updated": _("修改"),
    "unchanged": _("未变"),
    "issued": _("下发"),
    "no_longer_due": _("不再应报"),
    "replaced": _("替换"),
    "rows": _("行数"),
    "source": _("来源"),
    "tables": _("数据表"),
    "version": _("版本"),
    "year": _("年度"),
    "kind": _("类别"),
    "status": _("状态"),
}


def _field(model: Any, attname: str) -> Any:
    if model is not None:
        for field in model._meta.concrete_fields:
            if field.attname == attname:
                return field
    return None


def _label(model: Any, attname: str) -> str:
    field = _field(model, attname)
    if field is not None:
        return str(field.verbose_name)
    # A key nobody labelled reads 其他, never the code.
    return str(EXTRA_LABELS.get(attname, _("其他")))


def _related(field: models.ForeignKey[Any, Any], value: Any) -> str:
    """What a foreign key pointed at, by its name (签发人 王丽, not issued_by 2)."""
    try:
        target = field.related_model._default_manager.filter(pk=value).first()
    except (TypeError, ValueError):
        target = None
    return str(target) if target is not None else _("（已删除，编号 %(id)s）") % {"id": value}


def _moment(value: str) -> str | None:
    """A stored ISO time (UTC) in the region's local time, as pages show times."""
    if not ISO_TIME.match(value):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


def _show(value: Any, field: Any = None) -> str:
    """The value as a clerk reads it: a vocabulary's label (增速, not growth), never its code;
    a person or unit by name, never its id; a time in local time, never UTC ISO text."""
    moment = _moment(value) if isinstance(value, str) else None
    if isinstance(field, models.ForeignKey) and value not in (None, ""):
        value = _related(field, value)
    elif moment is not None:
        value = moment
    elif field is not None and getattr(field, "choices", None) and not isinstance(value, list):
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, list):
        value = "、".join(str(v) for v in value)
    if value is None or value == "":
        return "—"
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


@register.simple_tag
def action_changes(entry: ActionLog) -> list[dict[str, str]]:
    """[{label, before, after}] for the fields the entry records, labelled in the UI language."""
    model = entry.target_type.model_class() if entry.target_type is not None else None
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        if key in HIDDEN_FIELDS:
            continue
        field = _field(model, key)
        rows.append(
            {
                "label": _label(model, key),
                "before": _show(before.get(key), field) if key in before else "",
                "after": _show(after.get(key), field) if key in after else "",
            }
        )
    return rows


@register.filter
def action_verb(entry: ActionLog) -> str:
    """The entry's verb as a clerk reads it (登录失败), never its code (user.sign_in_failed)."""
    target_type = (
        ContentType.objects.get_for_id(entry.target_type_id) if entry.target_type_id else None
    )
    return verb_label(entry.verb, target_type)
