"""Workbooks made by code: the project list in its published layout, and the monthly
investment template (prefilled with the user's projects, so a clerk types only the figures)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.projects.colours import day_text, month_text
from luoshi.projects.excel_import import IMPORT_COLUMNS
from luoshi.projects.models import InclusionState, MonthlyInvestment, Project
from luoshi.projects.selectors import ProjectRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin", color="9AA5B1")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
LIGHT_FILLS = {
    "green": PatternFill("solid", fgColor="D5F0DA"),
    "yellow": PatternFill("solid", fgColor="FFF1C2"),
    "red": PatternFill("solid", fgColor="F8D3CF"),
}
FONT_NAME = "宋体"
DASH = "–"

LIST_HEADINGS = (
    "序号",
    "项目名称",
    "建设内容",
    "责任单位",
    "总投资",
    "年度计划投资",
    "本月完成",
    "年度累计",
    "完成率(%)",
    "开工情况",
    "纳统情况",
    "存在问题",
)
LIST_WIDTHS = (6, 30, 36, 18, 11, 12, 10, 11, 9, 20, 18, 36)
AMOUNT_COLUMNS = {5, 6, 7, 8}


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, row: int, headings: Sequence[str]) -> None:
    for position, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=position, value=heading)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number(value: Decimal | None) -> float | str:
    return DASH if value is None else float(value)


def start_text(project: Project, as_of: date) -> str:
    if project.started_actual is not None and project.started_actual <= as_of:
        return f"已开工（{day_text(project.started_actual)}）"
    if project.started_planned is not None:
        return f"未开工（计划{month_text(project.started_planned)}）"
    return "未开工"


INCLUSION_WORDS: dict[str, str] = {
    InclusionState.REPORTED: "已申报，待部门审核",
    InclusionState.REVIEWED: "待统计部门确认",
    InclusionState.RETURNED: "申报被退回",
}


def inclusion_text(row: ProjectRow, as_of: date) -> str:
    project = row.project
    if not project.is_statistics_eligible:
        return "500万元以下"
    if project.included_actual is not None and project.included_actual <= as_of:
        return f"已纳统（{day_text(project.included_actual)}）"
    if project.started_actual is None or project.started_actual > as_of:
        return DASH
    if row.inclusion_state in INCLUSION_WORDS:
        return INCLUSION_WORDS[row.inclusion_state]
    return "未纳统"


def list_title(region_name: str, year: int, month: int) -> str:
    through = f"（截至{month}月）" if 0 < month < 12 else ""
    return f"{region_name}{year}年重点项目推进情况表{through}"


def _named_styles(workbook: Workbook) -> None:
    """Cell styles registered once: styling 36,000 cells one by one costs seconds, naming a
    registered style costs nothing."""
    kinds = {
        "text": (Alignment(vertical="top"), None),
        "wrap": (Alignment(vertical="top", wrap_text=True), None),
        "center": (Alignment(horizontal="center", vertical="top"), None),
        "amount": (Alignment(horizontal="right", vertical="top"), "#,##0.00"),
        "percent": (Alignment(horizontal="right", vertical="top"), "0.0"),
    }
    for kind, (alignment, number_format) in kinds.items():
        for light, fill in (("", None), *LIGHT_FILLS.items()):
            style = NamedStyle(name=f"prj-{kind}{'-' + light if light else ''}")
            style.font = Font(name=FONT_NAME)
            style.border = BOX
            style.alignment = alignment
            if number_format:
                style.number_format = number_format
            if fill is not None:
                style.fill = fill
            workbook.add_named_style(style)


def _kind(position: int, value: object) -> str:
    if isinstance(value, float):
        return "percent" if position == 9 else "amount"
    if position == 1 or value == DASH:
        return "center"
    return "wrap" if position in (2, 3, 12) else "text"


def project_list_workbook(*, title: str, rows: Sequence[ProjectRow], as_of: date) -> bytes:
    """序号 · 项目名称 · 建设内容 · 责任单位 · 总投资 · 年度计划投资 · 本月完成 · 年度累计 ·
    完成率 · 开工情况 · 纳统情况 · 存在问题, under a title row and a units row."""
    workbook = Workbook()
    _named_styles(workbook)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "重点项目"
    columns = len(LIST_HEADINGS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    cell = sheet.cell(row=1, column=1, value=title)
    cell.font = Font(name=FONT_NAME, bold=True, size=16)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    units = sheet.cell(row=2, column=1, value="单位：万元")
    units.font = Font(name=FONT_NAME)
    units.alignment = Alignment(horizontal="right")
    _header(sheet, 3, LIST_HEADINGS)
    for position, width in enumerate(LIST_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "C4"
    for number, row in enumerate(rows, start=1):
        project = row.project
        values: list[object] = [
            number,
            project.name,
            project.content,
            project.unit.name,
            _number(project.total_investment),
            _number(project.annual_plan),
            _number(row.month_completed),
            _number(row.year_to_date),
            _number(row.completion),
            start_text(project, as_of),
            inclusion_text(row, as_of),
            "；".join(row.problem_texts) or "无",
        ]
        lights = {
            9: row.colours.investment.colour,
            10: row.colours.start.colour,
            11: row.colours.inclusion.colour,
        }
        line = number + 3
        for position, value in enumerate(values, start=1):
            light = lights.get(position)
            suffix = f"-{light}" if light in LIGHT_FILLS else ""
            sheet.cell(
                row=line, column=position, value=value
            ).style = f"prj-{_kind(position, value)}{suffix}"
    note = len(rows) + 5
    sheet.cell(
        row=note,
        column=1,
        value=(
            f"注：数据截至{day_text(as_of)}；完成率 = 年度累计 ÷ 年度计划投资；"
            "底色为预警灯色（绿、黄、红），由本系统按本地区预警规则计算。"
        ),
    ).font = Font(name=FONT_NAME, size=9, color="5F6B7A")
    return _save(workbook)


def investment_template(
    projects: Sequence[Project],
    *,
    year: int,
    month: int,
    stored: dict[tuple[int, int], MonthlyInvestment],
) -> bytes:
    """The import sheet: one row per project for the month, with what is already stored for
    it (plan and completed; the cumulative columns blank, to be computed again)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{year}年{month}月" if month else f"{year}年"
    _header(sheet, 1, [c.heading for c in IMPORT_COLUMNS])
    for position, column in enumerate(IMPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width + 4
        if column.text:
            sheet.column_dimensions[get_column_letter(position)].number_format = "@"
    for line, project in enumerate(projects, start=2):
        row = stored.get((project.pk, month))
        values: list[object] = [
            project.code,
            project.name,
            project.year,
            month or None,
            float(row.planned) if row is not None and row.planned is not None else None,
            float(row.completed) if row is not None else None,
            None,
            None,
            row.note if row is not None else "",
        ]
        for position, value in enumerate(values, start=1):
            target = sheet.cell(row=line, column=position, value=value)
            if position == 1:
                target.number_format = "@"
    help_sheet = workbook.create_sheet("填写说明")
    _header(help_sheet, 1, ["列", "说明", "必填"])
    for line, column in enumerate(IMPORT_COLUMNS, start=2):
        help_sheet.cell(row=line, column=1, value=column.heading)
        help_sheet.cell(row=line, column=2, value=column.help)
        help_sheet.cell(row=line, column=3, value="是" if column.required else "")
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["B"].width = 60
    note_line = len(IMPORT_COLUMNS) + 3
    help_sheet.cell(
        row=note_line,
        column=1,
        value="金额单位为万元；只读取第一个工作表；全部行无误才会保存，已有的同月数据会被更新。",
    )
    return _save(workbook)
