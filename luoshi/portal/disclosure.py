"""The public-disclosure layout (年度重点工作进展和完成情况): one line per task or target,
worded the same on the page, in the CSV and Excel files and in the open-data API."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from luoshi.core.models import Region
from luoshi.indicators.selectors import TableRow
from luoshi.indicators.table_display import (
    DASH,
    completion_text,
    plain_number,
    rate_number,
    target_text,
)
from luoshi.tasks.models import Task

TASK_HEADERS = ("序号", "工作任务", "牵头单位", "完成时限", "进展情况", "完成进度", "状态")
TARGET_HEADERS = ("指标", "年度目标", "完成值", "单位", "增速（%）", "完成进度", "状态")


def disclosure_title(region: Region, year: int) -> str:
    return f"{region.name}{year}年重点工作进展和完成情况"


def targets_title(region: Region, year: int) -> str:
    return f"{region.name}{year}年主要预期目标完成情况"


def date_words(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class TaskLine:
    number: str
    title: str
    lead_unit: str
    deadline: str
    progress: str
    progress_period: str
    percent: Decimal
    status: str

    def cells(self) -> list[Any]:
        return [
            self.number,
            self.title,
            self.lead_unit,
            self.deadline,
            self.progress,
            f"{plain_number(self.percent)}%",
            self.status,
        ]

    def sheet_cells(self) -> list[Any]:
        """The line for the Excel file: the same words, the percent as a number (60 for 60%)."""
        return [*self.cells()[:5], self.percent, self.status]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["percent"] = float(self.percent)
        return data


def task_line(task: Task, position: int, status_words: dict[str, str]) -> TaskLine:
    """A task from `portal.selectors.public_tasks` (which adds the public progress)."""
    return TaskLine(
        number=task.number or str(position),
        title=task.title,
        lead_unit=task.lead_unit.name,
        deadline=task.deadline_text or date_words(task.deadline),
        progress=getattr(task, "public_progress", None) or "",
        progress_period=getattr(task, "public_period", None) or "",
        percent=task.percent,
        status=status_words.get(task.status, task.get_status_display()),
    )


def task_lines(tasks: list[Task], status_words: dict[str, str], start: int = 1) -> list[TaskLine]:
    return [task_line(task, start + offset, status_words) for offset, task in enumerate(tasks)]


@dataclass(frozen=True)
class TargetLine:
    indicator: str
    target: str
    value: str
    unit: str
    growth: str
    completion: str
    status: str

    def cells(self) -> list[Any]:
        return [
            self.indicator,
            self.target,
            self.value,
            self.unit,
            self.growth,
            self.completion,
            self.status,
        ]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def target_line(row: TableRow) -> TargetLine:
    observation = row.observation
    value = observation.value if observation else None
    growth = observation.growth if observation else None
    return TargetLine(
        indicator=row.indicator.name,
        target=target_text(row),
        value=plain_number(value) if value is not None else DASH,
        unit=(observation.unit if observation else "") or row.indicator.unit,
        growth=rate_number(growth) if growth is not None else DASH,
        completion=completion_text(row),
        status=row.assessment.status_label,
    )


def target_figures(row: TableRow) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """The completed value, the growth rate and the completion (percent points), as numbers."""
    observation = row.observation
    value = observation.value if observation else None
    growth = observation.growth if observation else None
    return value, growth, row.assessment.completion


def target_sheet_cells(row: TableRow) -> list[Any]:
    """The target's line for the Excel file: the same words, with the completed value, the
    growth rate and the completion (percent points) as numbers."""
    line = target_line(row)
    value, growth, completion = target_figures(row)
    return [
        line.indicator,
        line.target,
        DASH if value is None else value,
        line.unit,
        DASH if growth is None else growth,
        DASH if completion is None else completion,
        line.status,
    ]


def target_data(row: TableRow) -> dict[str, Any]:
    """The target's line for the open-data JSON: words as words, figures as numbers (null when
    there is none yet)."""
    line = target_line(row)
    value, growth, completion = target_figures(row)
    return {
        "indicator": line.indicator,
        "target": line.target,
        "value": value,
        "unit": line.unit,
        "growth": growth,
        "completion": completion,
        "status": line.status,
    }
