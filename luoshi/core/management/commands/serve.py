"""`luoshi serve`: the production-shaped server (gunicorn + whitenoise)."""

import os
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MAX_WORKERS = 8  # × threads: connections stay well under PostgreSQL's default 100
POSTGRES_THREADS = 4


def server_size(cores: int, vendor: str, environ: Mapping[str, str]) -> tuple[int, int]:
    """(workers, threads per worker) for gunicorn: LUOSHI_WORKERS / LUOSHI_THREADS when set,
    else 2 × cores + 1 processes (gunicorn's advice; capped) and, on PostgreSQL, 4 threads
    each — a request mostly waits on the database, and two sync workers saturated at about
    40 requests/s with /healthz itself queueing. SQLite keeps one thread per worker: it has one
    writer, and more threads would only queue on its lock."""
    workers = environ.get("LUOSHI_WORKERS") or str(min(2 * max(cores, 1) + 1, MAX_WORKERS))
    default_threads = POSTGRES_THREADS if vendor == "postgresql" else 1
    threads = environ.get("LUOSHI_THREADS") or str(default_threads)
    try:
        sizes = int(workers), int(threads)
    except ValueError as error:
        raise CommandError("LUOSHI_WORKERS and LUOSHI_THREADS must be whole numbers.") from error
    if min(sizes) < 1:
        raise CommandError("LUOSHI_WORKERS and LUOSHI_THREADS must be at least 1.")
    return sizes


class Command(BaseCommand):
    help = "Serve Luoshi with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("LUOSHI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, help="default: LUOSHI_WORKERS, else by cores")
        parser.add_argument("--threads", type=int, help="default: LUOSHI_THREADS, else 4 or 1")
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start a background-task worker beside the server (run `luoshi worker`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(
                f"{len(pending)} database migrations are not applied: run `luoshi migrate` first."
            )
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        connection.close()
        if not options["no_worker"]:
            # One command runs the whole of Luoshi: the worker reads uploaded documents while
            # gunicorn serves pages. A supervisor restarts the worker when it dies (with
            # back-off) and stops with the server: it is in this process group, so Ctrl+C
            # stops all, and it also notices when the server (its parent) is gone.
            worker = [sys.executable, "-m", "luoshi.cli", "worker"]
            subprocess.Popen([sys.executable, "-m", "luoshi.worker_supervisor", "--", *worker])
            self.stdout.write("Background worker started (luoshi worker, restarted if it dies).")
        self.stdout.write(f"Luoshi is serving at http://{options['bind']}/ (Ctrl+C stops it).")
        sys.stdout.flush()
        workers, threads = server_size(os.cpu_count() or 1, connection.vendor, os.environ)
        workers, threads = options["workers"] or workers, options["threads"] or threads
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.base")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            # A 20,000-row Excel import takes about a minute on SQLite; the default 30 s would
            # kill the worker midway (the import's transaction then leaves nothing behind).
            "--timeout",
            os.environ.get("LUOSHI_REQUEST_TIMEOUT", "180"),
            "--access-logfile",
            "-",
            "--env",
            f"DJANGO_SETTINGS_MODULE={settings_module}",
        ]
        if settings.DEBUG:
            argv.append("--reload")
        os.execv(sys.executable, argv)
