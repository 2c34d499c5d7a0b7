"""Reading spreadsheets at the size limits: what the checks before openpyxl cost, and how long
a file at the row ceiling takes to read (issue 10: a file must never hold a worker for minutes).

Pure reading (no database): a 20,000-row indicator sheet read streaming, a 5,000-row 分解表
read whole (its merged cells), and the refusal of a sheet built to exhaust the reader.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from io import BytesIO
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from openpyxl import Workbook  # noqa: E402

from luoshi.core.spreadsheets.reading import SheetError, check_first_sheet_cells  # noqa: E402
from luoshi.indicators.excel_import import OBSERVATION_COLUMNS, read_sheet  # noqa: E402
from luoshi.tasks.excel.columns import COLUMNS as TASK_COLUMNS  # noqa: E402
from luoshi.tasks.excel.reading import read_sheet as read_task_sheet  # noqa: E402


def workbook(headings: list[str], rows: int, row: Callable[[int], list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headings)
    for n in range(rows):
        sheet.append(row(n))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label: str, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    outcome = work()
    print(f"  {label:<52} {time.perf_counter() - started:6.2f} s   {outcome}")


def main() -> None:
    headings = [c.heading for c in OBSERVATION_COLUMNS]
    figures = workbook(
        headings,
        20_000,
        lambda n: (
            [f"9{n % 90:02d}121", 2026, n % 12 + 1, "地区生产总值", 100 + n % 97, 5.1]
            + [None] * (len(headings) - 6)
        ),
    )
    print(f"  [{len(figures) // 1024} KB indicator sheet, 20,000 rows]")

    def counted() -> str:
        check_first_sheet_cells(figures, 2_000_000)
        return "within budget"

    timed("count cells before opening (streamed XML)", counted)
    timed(
        "read 20,000 rows (read-only, streaming)",
        lambda: f"{len(read_sheet(figures, OBSERVATION_COLUMNS))} rows",
    )

    task_headings = [c.heading for c in TASK_COLUMNS]
    tasks = workbook(
        task_headings,
        5_000,
        lambda n: (
            [str(n + 1), f"第{n + 1}项重点任务", "县发改局", "", "王某", "2026年底前"]
            + [None] * (len(task_headings) - 6)
        ),
    )
    print(f"  [{len(tasks) // 1024} KB 分解表, 5,000 rows]")
    timed(
        "read 5,000-row 分解表 (whole sheet, merged cells)",
        lambda: f"{len(read_task_sheet(tasks))} rows",
    )

    oversized = workbook(task_headings, 40_000, lambda n: [n] * 12)

    def refused() -> str:
        try:
            read_task_sheet(oversized)
        except SheetError as error:
            return f"refused: {error}"
        return "read (not refused)"

    print(f"  [{len(oversized) // 1024} KB 分解表, 480,000 cells]")
    timed("refuse a 分解表 over the 400,000-cell budget", refused)


if __name__ == "__main__":
    main()
