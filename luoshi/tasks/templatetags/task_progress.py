"""`{% progress_record task %}`: the progress part of the task page, with what the viewer
may do there. Kept in the tasks app so the task page needs only the task."""

from __future__ import annotations

from typing import Any

from django import template

from luoshi.tasks.models import Task
from luoshi.tasks.selectors.progress_queries import task_record

register = template.Library()


@register.inclusion_tag("tasks/_progress_record.html", takes_context=True)
def progress_record(context: dict[str, Any], task: Task) -> dict[str, Any]:
    user = context["request"].user
    return {
        "task": task,
        "record": task_record(task),
        "can_report": user.has_perm("tasks.add_progressreport", task),
        "can_request": user.has_perm("tasks.add_changerequest", task),
        "can_decide": user.has_perm("tasks.decide_changerequest", task),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
    }
