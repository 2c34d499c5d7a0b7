"""Excel import of monthly investment figures: every row judged, every error listed (row,
column, reason in Chinese), nothing saved unless every row is valid and accepted. Reading,
cells and the outcome are the spreadsheet kit's (`luoshi.core.spreadsheets`).

Rows name their project by 项目编号 or 项目名称 (both may be given; then they must agree), the
month (3, "3月", "2026-03", "2026年3月" or a date) and the amounts in 万元. Saving goes through
`investment_record`, the service the form and the API use, one savepoint per row inside one
transaction: a row the service refuses (a year to date that does not add up, a month not yet
come) is reported against its row and column like any other error, and the whole file is
rolled back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from luoshi.core.action_log import Actor
from luoshi.core.refusals import refusal_items
from luoshi.core.spreadsheets.cells import CellError, cell_text, parse_number, parse_whole
from luoshi.core.spreadsheets.columns import headings
from luoshi.core.spreadsheets.outcome import ImportOutcome, RowError
from luoshi.core.spreadsheets.reading import SheetError, SheetRow, read_rows
from luoshi.projects.excel_columns import INVESTMENT_COLUMNS
from luoshi.projects.investment_rules import MonthFigures
from luoshi.projects.models import MonthlyInvestment, Project
from luoshi.projects.selectors import project_base
from luoshi.projects.services import investment_record

HEADINGS = headings(INVESTMENT_COLUMNS)
MONTH_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*月?\s*$")
MAX_ERRORS_SHOWN = 500
WRONG_KIND_ADVICE = "这可能不是月度投资导入表，请下载模板填写。"


@dataclass(frozen=True)
class InvestmentRow:
    row: int
    project: Project
    figures: MonthFigures
    note: str


@dataclass(frozen=True)
class Lookups:
    by_code: Mapping[tuple[int, str], list[Project]]
    by_name: Mapping[tuple[int, str], list[Project]]
    may_report: Callable[[Project], bool]


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


class _RowJudge:
    def __init__(self, sheet_row: SheetRow, errors: list[RowError]) -> None:
        self.row = sheet_row.number
        self.cells = sheet_row.cells
        self.errors = errors
        self.failed = False

    def fail(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.row, HEADINGS.get(key, ""), reason))
        self.failed = True

    def year(self, default_year: int) -> int | None:
        try:
            year = parse_whole(self.cells.get("year"), suffix="年")
        except CellError as error:
            self.fail("year", f"年度{error}")
            return None
        if year is None:
            return default_year
        if not 2000 <= year <= 2100:
            self.fail("year", f"年度 {year} 超出范围（2000–2100）")
            return None
        return year

    def month(self, year: int | None) -> tuple[int | None, int | None]:
        """(year, month): a date cell or "2026-03" carries its own year."""
        raw = self.cells.get("month")
        if isinstance(raw, datetime | date):
            return raw.year, raw.month
        if isinstance(raw, str) and (found := MONTH_PATTERN.match(raw)):
            month = int(found.group(2))
            if not 1 <= month <= 12:
                self.fail("month", f"月份 {month} 超出范围（1–12）")
                return year, None
            return int(found.group(1)), month
        try:
            whole = parse_whole(raw, suffix="月")
        except CellError:
            self.fail("month", f"“{cell_text(raw)[:20]}”不是月份（填 1–12，或 2026-03）")
            return year, None
        if whole is None:
            self.fail("month", "未填写月份")
            return year, None
        if not 1 <= whole <= 12:
            self.fail("month", f"月份 {whole} 超出范围（1–12）")
            return year, None
        return year, whole

    def amount(self, key: str, *, required: bool = False) -> Decimal | None:
        try:
            value = parse_number(self.cells.get(key))
        except CellError as error:
            self.fail(key, str(error))
            return None
        if value is None:
            if required:
                self.fail(key, "未填写")
            return None
        if value < 0:
            self.fail(key, f"金额不能为负数（填的是 {value.normalize():f}）")
            return None
        return value.quantize(Decimal("0.01"))

    def project(self, year: int, lookups: Lookups) -> Project | None:
        code = cell_text(self.cells.get("code"))
        name = cell_text(self.cells.get("name"))
        if not code and not name:
            self.fail("name", "项目编号和项目名称至少填一项")
            return None
        by_code = lookups.by_code.get((year, _key(code)), []) if code else []
        by_name = lookups.by_name.get((year, _key(name)), []) if name else []
        if code and not by_code:
            self.fail("code", f"{year}年的项目中没有编号为“{code[:30]}”的项目")
            return None
        if name and not by_name:
            self.fail("name", f"{year}年的项目中没有“{name[:40]}”（名称须与项目清单一致）")
            return None
        candidates = by_code if code else by_name
        if code and name:
            candidates = [p for p in by_code if p in by_name]
            if not candidates:
                self.fail("name", f"项目编号“{code[:30]}”与项目名称“{name[:40]}”不是同一个项目")
                return None
        if len(candidates) > 1:
            where = "、".join(sorted({p.region.name for p in candidates}))
            self.fail(
                "code" if code else "name",
                f"有 {len(candidates)} 个项目与此对应（{where}），请同时填写项目编号和名称",
            )
            return None
        project = candidates[0]
        if not lookups.may_report(project):
            self.fail("name", f"您没有填报“{project.name[:40]}”的权限（只能填报本单位的项目）")
            return None
        return project


def investments_validate(
    sheet_rows: Sequence[SheetRow], lookups: Lookups, *, default_year: int
) -> ImportOutcome[InvestmentRow]:
    outcome: ImportOutcome[InvestmentRow] = ImportOutcome()
    seen: dict[tuple[int, int], int] = {}
    for sheet_row in sheet_rows:
        judge = _RowJudge(sheet_row, outcome.errors)
        year = judge.year(default_year)
        year, month = judge.month(year)
        project = judge.project(year, lookups) if year is not None else None
        planned = judge.amount("planned")
        completed = judge.amount("completed", required=True)
        year_to_date = judge.amount("year_to_date")
        since_start = judge.amount("since_start")
        note = cell_text(judge.cells.get("note"))
        if len(note) > 200:
            judge.fail("note", "备注过长（最多 200 字）")
        if judge.failed or project is None or month is None or completed is None:
            continue
        first = seen.setdefault((project.pk, month), judge.row)
        if first != judge.row:
            outcome.errors.append(RowError(judge.row, "", f"与第{first}行重复（同一项目同一月份）"))
            continue
        outcome.rows.append(
            InvestmentRow(
                judge.row,
                project,
                MonthFigures(month, completed, planned, year_to_date, since_start),
                note,
            )
        )
    return outcome


def _lookups(actor: Actor, sheet_rows: Sequence[SheetRow], default_year: int) -> Lookups:
    years = {default_year}
    for sheet_row in sheet_rows:
        raw = sheet_row.cells.get("month")
        if isinstance(raw, datetime | date):
            years.add(raw.year)
        elif isinstance(raw, str) and (found := MONTH_PATTERN.match(raw)):
            years.add(int(found.group(1)))
        try:
            year = parse_whole(sheet_row.cells.get("year"), suffix="年")
        except CellError:
            continue
        if year is not None and 2000 <= year <= 2100:
            years.add(year)
    by_code: dict[tuple[int, str], list[Project]] = {}
    by_name: dict[tuple[int, str], list[Project]] = {}
    for project in project_base(actor).filter(year__in=years).order_by("id"):
        if project.code:
            by_code.setdefault((project.year, _key(project.code)), []).append(project)
        by_name.setdefault((project.year, _key(project.name)), []).append(project)
    allowed: dict[int, bool] = {}

    def may_report(project: Project) -> bool:
        if project.pk not in allowed:
            allowed[project.pk] = actor is None or bool(
                actor.has_perm("projects.report_project", project)  # type: ignore[union-attr]
            )
        return allowed[project.pk]

    return Lookups(by_code=by_code, by_name=by_name, may_report=may_report)


def investments_import(
    *, actor: Actor, data: bytes, default_year: int, today: date | None = None
) -> ImportOutcome[InvestmentRow]:
    """Validate every row and try every valid one; keep them all, in one transaction, only
    when no row has an error."""
    try:
        sheet_rows = read_rows(
            data, INVESTMENT_COLUMNS, one_of=("code", "name"), advice=WRONG_KIND_ADVICE
        )
    except SheetError as error:
        return ImportOutcome(file_error=str(error))
    outcome = investments_validate(
        sheet_rows, _lookups(actor, sheet_rows, default_year), default_year=default_year
    )
    # The valid rows are tried even when others failed, so that one upload lists the
    # service's objections too (a year to date that does not add up); nothing is kept.
    existing = set(
        MonthlyInvestment.objects.filter(
            project__in={r.project.pk for r in outcome.rows}
        ).values_list("project_id", "month")
    )
    # Earlier months first, so that each month's cumulative figures build on the previous.
    ordered = sorted(outcome.rows, key=lambda r: (r.project.pk, r.figures.month))
    with transaction.atomic():
        for row in ordered:
            try:
                with transaction.atomic():
                    investment_record(
                        actor=actor,
                        project=row.project,
                        figures=row.figures,
                        note=row.note,
                        today=today,
                    )
            except ValidationError as error:
                for field, message in refusal_items(error):
                    outcome.errors.append(RowError(row.row, HEADINGS.get(field, ""), message))
            except PermissionDenied as error:
                outcome.errors.append(RowError(row.row, "", str(error)))
            else:
                if (row.project.pk, row.figures.month) in existing:
                    outcome.updated += 1
                else:
                    outcome.created += 1
        if outcome.errors:
            outcome.errors.sort(key=lambda e: e.row)
            outcome.created = outcome.updated = 0
            transaction.set_rollback(True)
    return outcome
