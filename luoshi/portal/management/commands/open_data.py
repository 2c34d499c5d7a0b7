"""`luoshi open_data [--background]`: the daily job that rebuilds every open-data package
(开放数据包) from what the portal publishes (for cron, after `luoshi evaluate`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.portal.open_data_store import open_data_refresh
from luoshi.portal.tasks import refresh_open_data_task


class Command(BaseCommand):
    help = "Rebuild the open-data packages (one per region and year, and one for everything)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--background", action="store_true", help="queue it for `luoshi worker` instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            result = refresh_open_data_task.enqueue()
            self.stdout.write(f"Queued the open-data rebuild as task {result.id}.")
            return
        summary = open_data_refresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Open data: {summary['packages']} packages built, {summary['removed']} removed."
            )
        )
