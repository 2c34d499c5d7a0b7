"""The rows of an uploaded project list, judged: each row read into a `ListRow` (the particulars
an office keeps: 项目编号, name, category, content, unit, leader, amounts, planned start), every
problem listed with its row and column. The computed columns (本月完成, 完成率, 开工情况…) are
not read. Nothing is written here; `luoshi.projects.excel_list_plan` plans and applies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q

from luoshi.accounts.permissions import region_code_lineage
from luoshi.core.models import Region, Unit
from luoshi.core.spreadsheets.cells import CellError, cell_text, parse_number
from luoshi.core.spreadsheets.outcome import ImportOutcome, RowError
from luoshi.core.spreadsheets.reading import SheetRow, read_rows
from luoshi.projects.excel_columns import (
    CATEGORY_BY_WORD,
    EDITABLE_COLUMNS,
    EDITABLE_KEYS,
    LIST_HEADINGS,
)
from luoshi.projects.selectors.scope import region_prefix

MONTH = re.compile(r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-\d{1,2}|月\d{1,2}日)?\s*$")
AMOUNT_LIMIT = Decimal("1e12")  # 14 digits with 2 decimals
CENT = Decimal("0.01")
ADVICE = "请上传从项目清单导出的 .xlsx 文件（可在其上修改）。"


@dataclass(frozen=True)
class ListRow:
    row: int
    code: str
    name: str
    category: str
    content: str
    unit: Unit
    leader: str
    total_investment: Decimal
    annual_plan: Decimal
    started_planned: date | None


class UnitChoices:
    """The units a project of the region may name: its own region's, those above it and those
    below it (as `project_create` allows), by full or short name."""

    def __init__(self, region: Region) -> None:
        self.region = region
        units = Unit.objects.filter(
            Q(region__code__in=region_code_lineage(region.code))
            | Q(region__code__startswith=region_prefix(region.code)),
            is_active=True,
        )
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in {unit.name, unit.short_name} - {""}:
                self.by_name.setdefault(name, []).append(unit)

    def find(self, name: str) -> Unit:
        found = self.by_name.get(name, [])
        if not found:
            raise CellError(f"“{name[:30]}”不是{self.region.name}、上级或下属地区的在用单位")
        if len({u.pk for u in found}) > 1:
            raise CellError(f"“{name[:30]}”对应多个单位，请写全称")
        return found[0]


def read_list(data: bytes) -> list[SheetRow]:
    """The data rows of the first worksheet, keyed by the columns the import reads; every one
    of them must be in the header. Raises SheetError."""
    # (The note under the table stands in 序号's column, which is not read: no data row.)
    return read_rows(data, EDITABLE_COLUMNS, needed=EDITABLE_KEYS, advice=ADVICE)


def parse_month(value: Any) -> date | None:
    """计划开工: a date cell, "2026年3月", "2026-03", "2026/3" or "2026-03-01"; blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    found = MONTH.match(str(value))
    if found is None:
        raise CellError(f"“{cell_text(value)[:20]}”不是月份（填 2026年3月 或 2026-03）")
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12:
        raise CellError(f"月份 {month} 超出范围（1–12）")
    if not 2000 <= year <= 2100:
        raise CellError(f"年份 {year} 超出范围（2000–2100）")
    return date(year, month, 1)


class _RowJudge:
    def __init__(self, sheet_row: SheetRow, errors: list[RowError]) -> None:
        self.row = sheet_row.number
        self.cells = sheet_row.cells
        self.errors = errors
        self.failed = False

    def fail(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.row, LIST_HEADINGS.get(key, ""), reason))
        self.failed = True

    def text(self, key: str, limit: int, *, required: bool = False) -> str:
        text = cell_text(self.cells.get(key))
        if required and not text:
            self.fail(key, "未填写")
        elif len(text) > limit:
            self.fail(key, f"过长（最多 {limit} 个字）")
        return text

    def amount(self, key: str) -> Decimal | None:
        try:
            value = parse_number(self.cells.get(key))
        except CellError as error:
            self.fail(key, str(error))
            return None
        if value is None:
            self.fail(key, "未填写（万元）")
            return None
        if value < 0:
            self.fail(key, f"金额不能为负数（填的是 {value.normalize():f}）")
            return None
        if value >= AMOUNT_LIMIT:
            self.fail(key, "金额过大（单位为万元）")
            return None
        return value.quantize(CENT)

    def category(self) -> str:
        word = cell_text(self.cells.get("category"))
        if word not in CATEGORY_BY_WORD:
            allowed = "、".join(CATEGORY_BY_WORD)
            self.fail(
                "category", f"“{word[:20]}”不是项目类别（可填：{allowed}）" if word else "未填写"
            )
            return ""
        return CATEGORY_BY_WORD[word]

    def unit(self, units: UnitChoices, current: dict[str, Unit]) -> Unit | None:
        name = cell_text(self.cells.get("unit"))
        if not name:
            self.fail("unit", "未填写")
            return None
        if name in current:  # a stored project's own unit, even one no longer in use
            return current[name]
        try:
            return units.find(name)
        except CellError as error:
            self.fail("unit", str(error))
            return None

    def month(self) -> date | None:
        try:
            return parse_month(self.cells.get("started_planned"))
        except CellError as error:
            self.fail("started_planned", str(error))
            return None


def list_rows_validate(
    sheet_rows: Sequence[SheetRow], *, units: UnitChoices, current_units: dict[str, Unit]
) -> ImportOutcome[ListRow]:
    """Every row judged on its own, and against the rows above it (a 项目编号 or a name given
    twice). `current_units`: the stored projects' units by name."""
    outcome: ImportOutcome[ListRow] = ImportOutcome()
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for sheet_row in sheet_rows:
        judge = _RowJudge(sheet_row, outcome.errors)
        code = judge.text("code", 30)
        name = judge.text("name", 200, required=True)
        category = judge.category()
        content = judge.text("content", 5000)
        unit = judge.unit(units, current_units)
        leader = judge.text("leader", 50)
        total, plan = judge.amount("total_investment"), judge.amount("annual_plan")
        started = judge.month()
        for key, value, seen in (("code", code, codes), ("name", name, names)):
            if value and seen.setdefault(value, judge.row) != judge.row:
                judge.fail(key, f"与第{seen[value]}行重复")
        if judge.failed or unit is None or total is None or plan is None:
            continue
        outcome.rows.append(
            ListRow(judge.row, code, name, category, content, unit, leader, total, plan, started)
        )
    return outcome
