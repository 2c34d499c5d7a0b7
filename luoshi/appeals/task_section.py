"""The appeals a task answers, on the task's page (a section registered in
`luoshi.tasks.page_sections`): those the reader may see, numbers and states only — no
contact — and, for the office, a box to list more by number."""

from __future__ import annotations

from typing import Any

from luoshi.appeals.selectors import appeals_for
from luoshi.tasks.models import Task

SHOWN = 20


def task_section(*, task: Task, user: Any) -> dict[str, Any] | None:
    may_link = user.has_perm("appeals.dispatch_appeal", task)
    linked = appeals_for(user).filter(tasks=task)
    count = linked.count()
    if not count and not may_link:
        return None
    return {
        "task": task,
        "appeals": list(linked[:SHOWN]),
        "count": count,
        "may_link": may_link,
    }
