"""Show an action-log entry's before/after as a short list a clerk can read."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from luoshi.core.action_verbs import verb_label
from luoshi.core.models import ActionLog

register = template.Library()

# Bookkeeping fields say nothing about what was done.
HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "last_login", "date_joined"})
MAX_VALUE_LENGTH = 60
# Keys an entry records that are no field of its target (a sign-in's address, the name typed
# by someone who has no account).
EXTRA_LABELS = {"address": _("登录地址"), "username": _("用户名"), "minutes": _("锁定分钟数")}


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
    return str(EXTRA_LABELS.get(attname, attname))


def _show(value: Any, field: Any = None) -> str:
    """The value as a clerk reads it: a vocabulary's label (增速, not growth), never its code."""
    if field is not None and getattr(field, "choices", None) and not isinstance(value, list):
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
