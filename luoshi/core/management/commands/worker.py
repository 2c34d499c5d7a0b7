"""`luoshi worker`: runs background tasks with whichever backend is configured."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks: the database queue by default, Redis (RQ) when REDIS_URL is set."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--burst", action="store_true", help="run what is queued, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == "django_tasks_rq.RQBackend":
            self.stdout.write("Worker: Redis queue (RQ).")
            rq_options: dict[str, Any] = {"job_class": "django_tasks_rq.backend.Job"}
            if options["burst"]:
                rq_options["burst"] = True
            call_command("rqworker", "default", **rq_options)
        else:
            self.stdout.write("Worker: database queue.")
            db_options: dict[str, Any] = {}
            if options["burst"]:
                db_options["batch"] = True
                db_options["startup_delay"] = False
            call_command("db_worker", **db_options)
