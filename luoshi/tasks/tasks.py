"""Background work of the tasks app: thin wrappers around services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from luoshi.core.models import Region
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.services.reminders import send_all_reminders


@task()
def send_reminders_task(as_of: str | None = None) -> dict[str, int]:
    """Reminders for `as_of` (ISO date; today when empty): counts written by kind."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    return send_all_reminders(as_of=day).counts


@task()
def evaluate_tasks_task(as_of: str | None = None, region_code: str | None = None) -> dict[str, int]:
    """The daily evaluation: status and colour of every task (of a region) as of `as_of`."""
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    region = Region.objects.get(code=region_code) if region_code else None
    changed, recoloured = tasks_evaluate(actor=None, as_of=day, region=region)
    return {"changed": changed, "recoloured": recoloured}
