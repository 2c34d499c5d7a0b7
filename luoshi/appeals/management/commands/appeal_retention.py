"""`luoshi appeal_retention [--date YYYY-MM-DD] [--background]`: the daily job that erases
the contact details of appeals closed longer ago than the retention period (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.appeals.retention import erase_expired_contacts, retention_days
from luoshi.appeals.tasks import erase_contacts_task
from luoshi.core.management.arguments import iso_date


class Command(BaseCommand):
    help = (
        "Erase the contact name and phone of appeals closed more than "
        "APPEAL_CONTACT_RETENTION_DAYS ago (365 by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to count from (default: today)")
        parser.add_argument(
            "--background", action="store_true", help="queue it for `luoshi worker` instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = iso_date(options["date"]) if options["date"] else None
        if options["background"]:
            result = erase_contacts_task.enqueue(day.isoformat() if day else None)
            self.stdout.write(f"Queued the erasure as task {result.id}.")
            return
        erased = erase_expired_contacts(day)
        self.stdout.write(
            self.style.SUCCESS(
                f"Contact details erased from {erased} appeals closed more than "
                f"{retention_days()} days ago."
            )
        )
