"""`luoshi remind [--date YYYY-MM-DD] [--background]`: send the day's reminders (for cron).

Safe to run as often as wanted: each reminder is written once per person, item and kind.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.core.management.arguments import iso_date
from luoshi.tasks.services.reminders import KIND_WORDS, send_all_reminders
from luoshi.tasks.tasks import send_reminders_task


class Command(BaseCommand):
    help = (
        "Remind units of progress reports due within 3 days or overdue (those never started "
        "too, up to 30 days after their due date), task deadlines within 3 days, and notices "
        "due within a day or overdue, and appeals on or past their time limits to sign and to "
        "answer (in-app and by e-mail)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind for (default: today)")
        parser.add_argument(
            "--background", action="store_true", help="queue it for `luoshi worker` instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = iso_date(options["date"]) if options["date"] else None
        if options["background"]:
            result = send_reminders_task.enqueue(day.isoformat() if day else None)
            self.stdout.write(f"Queued reminders as task {result.id}.")
            return
        summary = send_all_reminders(as_of=day)
        details = "; ".join(
            f"{KIND_WORDS.get(kind, kind)}: {n}" for kind, n in sorted(summary.counts.items())
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Reminders sent: {summary.total}" + (f" ({details})." if details else ".")
            )
        )
