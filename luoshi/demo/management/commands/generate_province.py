"""`luoshi generate_province`: the province-scale bench dataset (see luoshi.demo.province_scale)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.demo.province_scale import generate_province


class Command(BaseCommand):
    help = "Generate a province-scale dataset (≈120 regions, 15,000 tasks, 180,000 reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tasks", type=int, default=15_000)
        parser.add_argument("--months", type=int, default=12, choices=range(1, 13))
        parser.add_argument("--projects", type=int, default=3_000)
        parser.add_argument("--year", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        made = generate_province(
            tasks=options["tasks"],
            months=options["months"],
            projects=options["projects"],
            year=options["year"],
        )
        self.stdout.write(
            f"{made.regions} regions, {made.units} units, {made.tasks} tasks, "
            f"{made.reports} progress reports, {made.notices} notices, {made.projects} projects "
            f"in {time.perf_counter() - started:.1f} s"
        )
