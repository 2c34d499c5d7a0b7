"""Background work of the tasks app: thin wrappers around services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task

from luoshi.tasks.services.reminders import send_reminders


@task()
def send_reminders_task(as_of: str | None = None) -> dict[str, int]:
    """Reminders for `as_of` (ISO date; today when empty): counts written by kind."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    return send_reminders(as_of=day).counts


def enqueue_reminders(as_of: dt.date | None = None) -> None:
    """Queue the reminders once the surrounding transaction commits."""
    value = as_of.isoformat() if as_of else None
    transaction.on_commit(lambda: send_reminders_task.enqueue(value))
