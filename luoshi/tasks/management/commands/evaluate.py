"""`luoshi evaluate [--date YYYY-MM-DD] [--region CODE] [--background]`: the daily job that sets
every task's status (序时推进 · 滞后 · …) and colour by its region's preset (for cron).

Safe to run as often as wanted: a task whose status and colour do not change is not written,
and a colour change is recorded in the task's colour history once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from luoshi.core.management.arguments import iso_date
from luoshi.core.models import Region
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.tasks import evaluate_tasks_task


class Command(BaseCommand):
    help = "Evaluate the status and colour of every task (of a region and below) as of a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to evaluate as of (default: today)")
        parser.add_argument("--region", help="a region code: only its tasks and those below")
        parser.add_argument(
            "--background", action="store_true", help="queue it for `luoshi worker` instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = iso_date(options["date"]) if options["date"] else None
        code = options["region"]
        region = Region.objects.filter(code=code).first() if code else None
        if code and region is None:
            raise CommandError(f"No region with code {code!r}.")
        if options["background"]:
            result = evaluate_tasks_task.enqueue(day.isoformat() if day else None, code)
            self.stdout.write(f"Queued the evaluation as task {result.id}.")
            return
        changed, recoloured = tasks_evaluate(
            actor=None, as_of=day or timezone.localdate(), region=region
        )
        self.stdout.write(
            self.style.SUCCESS(f"Tasks evaluated: {changed} changed, {recoloured} changed colour.")
        )
