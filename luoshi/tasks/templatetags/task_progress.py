"""`{% progress_record task %}`: the progress part of the task page, with what the viewer
may do there. Kept in the tasks app so the task page needs only the task."""

from __future__ import annotations

from typing import Any

import rules
from django import template

from luoshi.tasks.deadline_words import rewrite_deadline_words
from luoshi.tasks.models import ChangeRequest, Task
from luoshi.tasks.selectors.progress_queries import task_record

register = template.Library()


@register.inclusion_tag("tasks/_progress_record.html", takes_context=True)
def progress_record(context: dict[str, Any], task: Task) -> dict[str, Any]:
    user = context["request"].user
    return {
        "task": task,
        "record": task_record(task, user),
        # The rule itself, as the report form applies it: `user.has_perm` lets a superuser
        # through every rule, but the form opens only to a liaison or head of the task's
        # units, so an administrator would be offered a 填报 link that answers 403.
        "can_report": rules.has_perm("tasks.add_progressreport", user, task),
        "can_request": user.has_perm("tasks.add_changerequest", task),
        "can_decide": user.has_perm("tasks.decide_changerequest", task),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
    }


@register.simple_tag
def new_deadline_words(change: ChangeRequest) -> str:
    """The deadline words an approved extension writes on the task (9月底前 → 11月底前)."""
    if change.new_deadline is None or not change.task.deadline_text:
        return ""
    return rewrite_deadline_words(change.task.deadline_text, change.new_deadline, change.task.year)
