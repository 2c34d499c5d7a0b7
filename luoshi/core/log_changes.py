"""An action-log entry's before/after as rows a clerk reads: 签发人 王丽, not issued_by 2; 增速,
not growth; a time in the region's time zone, not UTC ISO text.

The people, units and other objects the entries point at are looked up for a whole page of
entries at once (`related_names`), one query per kind of object, so that a page of a hundred
entries costs no more queries than a page of ten.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import ActionLog

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

# Fields that store a code without being a vocabulary (no choices), by "<app>.<model>.<field>":
# what each code reads as, and what an unlisted one reads as. Strings only, like the verb labels
# of `action_verbs`: core knows the words, not the apps.
VALUE_LABELS: dict[str, dict[str, Any]] = {
    "tasks.notice.rule": {
        "colour_red": _("按规则生成（已逾期）"),
        "colour_yellow": _("按规则生成（滞后于序时进度）"),
        "deadline_near": _("按规则生成（临近完成时限）"),
        "": _("按规则生成"),
    },
}

# (model, primary key as text) → the object's name, for the objects a page of entries names.
RelatedNames = dict[tuple[type[models.Model], str], str]


def target_model(entry: ActionLog) -> type[models.Model] | None:
    """The model of the entry's target (content types are cached: no query after the first)."""
    if entry.target_type_id is None:
        return None
    return ContentType.objects.get_for_id(entry.target_type_id).model_class()


def field_of(model: Any, attname: str) -> Any:
    if model is not None:
        for field in model._meta.concrete_fields:
            if field.attname == attname:
                return field
    return None


def label_of(model: Any, attname: str) -> str:
    field = field_of(model, attname)
    if field is not None:
        return str(field.verbose_name)
    # A key nobody labelled reads 其他, never the code.
    return str(EXTRA_LABELS.get(attname, _("其他")))


def _recorded(entry: ActionLog) -> Iterator[tuple[str, Any]]:
    for side in (entry.before, entry.after):
        if isinstance(side, dict):
            yield from side.items()


def related_names(entries: Iterable[ActionLog]) -> RelatedNames:
    """The names of every object the entries' foreign keys point at: one query per model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = target_model(entry)
        for key, value in _recorded(entry):
            field = field_of(model, key)
            if (
                isinstance(field, models.ForeignKey)
                and isinstance(value, int | str)
                and value != ""
            ):
                wanted[field.related_model].add(value)
    names: RelatedNames = {}
    for model, values in wanted.items():
        try:
            found = model._default_manager.in_bulk(list(values))
        except (TypeError, ValueError, ValidationError):
            continue  # a value of the wrong kind: shown as deleted, like a missing row
        for pk, instance in found.items():
            names[(model, str(pk))] = str(instance)
    return names


def _related(field: models.ForeignKey[Any, Any], value: Any, names: RelatedNames | None) -> str:
    """What a foreign key pointed at, by its name (签发人 王丽, not issued_by 2)."""
    if names is not None:
        name = names.get((field.related_model, str(value)))
        if name is not None:
            return name
        return gettext("（已删除，编号 %(id)s）") % {"id": value}
    try:
        target = field.related_model._default_manager.filter(pk=value).first()
    except (TypeError, ValueError, ValidationError):
        target = None
    if target is not None:
        return str(target)
    return gettext("（已删除，编号 %(id)s）") % {"id": value}


def _coded(field: Any) -> dict[str, Any] | None:
    model = getattr(field, "model", None)
    if model is None:
        return None
    return VALUE_LABELS.get(f"{model._meta.label_lower}.{field.name}")


def local_moment(value: str) -> str | None:
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


def shown_value(value: Any, field: Any = None, names: RelatedNames | None = None) -> str:
    """The value as a clerk reads it: a vocabulary's label (增速, not growth), never its code;
    a person or unit by name, never its id; a time in local time, never UTC ISO text."""
    moment = local_moment(value) if isinstance(value, str) else None
    if isinstance(field, models.ForeignKey) and value not in (None, ""):
        value = _related(field, value, names)
    elif moment is not None:
        value = moment
    elif field is not None and getattr(field, "choices", None) and not isinstance(value, list):
        value = dict(field.flatchoices).get(value, value)
    elif field is not None and value and _coded(field) is not None:
        labels = _coded(field) or {}
        value = labels.get(value, labels.get("", value))
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


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def change_rows(entry: ActionLog, names: RelatedNames | None = None) -> list[dict[str, str]]:
    """[{label, before, after}] for the fields the entry records, labelled in the UI language.
    `names` from `related_names` (for a page of entries); without it each foreign key is
    looked up on its own."""
    model = target_model(entry)
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        if key in HIDDEN_FIELDS:
            continue
        if (key in before) != (key in after) and _empty(before.get(key, after.get(key))):
            continue  # a new object's empty fields (or an empty note) say nothing
        field = field_of(model, key)
        rows.append(
            {
                "label": label_of(model, key),
                "before": shown_value(before.get(key), field, names) if key in before else "",
                "after": shown_value(after.get(key), field, names) if key in after else "",
            }
        )
    return rows


def changes_text(rows: list[dict[str, str]]) -> str:
    """The rows as one line of text, for an export: 状态：已报送 → 已退办；退办理由：请补充…"""
    parts = []
    for row in rows:
        values = " → ".join(v for v in (row["before"], row["after"]) if v)
        parts.append(f"{row['label']}：{values}")
    return "；".join(parts)
