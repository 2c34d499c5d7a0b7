"""`luoshi generate_province`: the bench's generated datasets — a province (≈120 regions of a
fictional province, 15,000 tasks; luoshi.demo.province_scale) or the whole country on the real
gazetteer (`--scale national`: 480,000 tasks, 5 M reports, 1 M opinions;
luoshi.demo.national_scale)."""

from __future__ import annotations

import resource
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.demo.national_opinions import NATIONAL_OPINIONS
from luoshi.demo.national_scale import NATIONAL_PROJECTS, NATIONAL_TASKS, generate_national
from luoshi.demo.province_scale import generate_province
from luoshi.projects.bench_data import generate_projects

SIZES = {"province": (15_000, 3_000, 12), "national": (NATIONAL_TASKS, NATIONAL_PROJECTS, 11)}


class Command(BaseCommand):
    help = (
        "Generate a measuring dataset: a province (≈120 regions, 15,000 tasks, 180,000 "
        "reports) or, with --scale national, every region of the gazetteer (480,000 tasks, "
        "5 M reports; PostgreSQL, into an empty database)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SIZES), default="province")
        parser.add_argument("--tasks", type=int, help="default: 15,000; national 480,000")
        parser.add_argument("--months", type=int, choices=range(1, 13), help="default 12; 11")
        parser.add_argument("--projects", type=int, help="default: 3,000; national 75,000")
        parser.add_argument("--opinions", type=int, help="national only: default 1,000,000")
        parser.add_argument("--year", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        tasks, projects, months = SIZES[options["scale"]]
        sizes = {
            "tasks": tasks if options["tasks"] is None else options["tasks"],
            "projects": projects if options["projects"] is None else options["projects"],
            "months": options["months"] or months,
            "year": options["year"],
        }
        started = time.perf_counter()

        def step(line: str) -> None:
            self.stdout.write(f"  {time.perf_counter() - started:6.1f} s  {line}")

        if options["scale"] == "national":
            try:
                made = generate_national(
                    **sizes,
                    opinions=NATIONAL_OPINIONS
                    if options["opinions"] is None
                    else options["opinions"],
                    progress=step,
                    project_generator=generate_projects,
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        else:
            if options["opinions"] is not None:
                raise CommandError("--opinions is for --scale national only.")
            made = generate_province(**sizes, project_generator=generate_projects)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
        self.stdout.write(
            f"{made.regions} regions, {made.units} units, {made.tasks} tasks, "
            f"{made.reports} progress reports, {made.notices} notices, "
            f"{made.projects} projects, {made.opinions} opinions "
            f"in {time.perf_counter() - started:.1f} s (peak memory {peak_mb:,.0f} MB)"
        )
