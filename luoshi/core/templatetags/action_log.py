"""Show an action-log entry as a clerk reads it: a sentence, and its before/after as a short
list (`luoshi.core.log_sentences`, `luoshi.core.log_changes`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import SafeString

from luoshi.core.action_verbs import verb_label
from luoshi.core.log_changes import change_rows, shown_value
from luoshi.core.log_sentences import LogLine, sentence_of
from luoshi.core.models import ActionLog

register = template.Library()


def _show(value: Any, field: Any = None) -> str:
    """A recorded value as a clerk reads it (kept under this name for its callers)."""
    return shown_value(value, field)


@register.simple_tag
def action_changes(entry: ActionLog | LogLine) -> list[dict[str, str]]:
    """[{label, before, after}] for the fields the entry records, labelled in the UI language.
    A `LogLine` brings its rows, looked up with the rest of its page."""
    if isinstance(entry, LogLine):
        return entry.changes
    return change_rows(entry)


@register.filter
def action_verb(entry: ActionLog) -> str:
    """The entry's verb as a clerk reads it (登录失败), never its code (user.sign_in_failed)."""
    target_type = (
        ContentType.objects.get_for_id(entry.target_type_id) if entry.target_type_id else None
    )
    return verb_label(entry.verb, target_type)


@register.simple_tag
def log_sentence(
    entry: ActionLog | LogLine, person_url: str = "", unnamed: bool = False
) -> SafeString:
    """The entry as a sentence (王丽 退回了进展报告「…」：请补充…); with `person_url` (such as
    "?person=") the person's name links to their entries; `unnamed` leaves the thing's name
    out (on the thing's own page: 王丽 退回了进展报告：请补充…)."""
    sentence = entry.sentence if isinstance(entry, LogLine) else sentence_of(entry)
    return sentence.html(person_url, named=not unnamed)
