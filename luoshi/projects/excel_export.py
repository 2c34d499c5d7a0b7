"""Workbooks made by code: the project list in its published layout (which imports back as an
update of the same projects, matched by 项目编号), and the monthly investment template
(prefilled with the user's projects, so a clerk types only the figures).

Every cell goes through the spreadsheet kit's `put`: text stays text (never a formula, whatever
it begins with); amounts stay numbers (万元, "#,##0.00"). A percentage (完成率) is written as
percent points — 50 for 50 % — numeric, with the number format "0.0" and "(%)" in the
heading; never the text "50%".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

from luoshi.core.spreadsheets.writing import (
    BOX,
    FONT_NAME,
    header_row,
    put,
    title_row,
    workbook_bytes,
)
from luoshi.projects.colours import day_text, month_text
from luoshi.projects.excel_columns import CATEGORY_WORDS, INVESTMENT_COLUMNS, LIST_COLUMNS
from luoshi.projects.models import InclusionState, MonthlyInvestment, Project
from luoshi.projects.selectors import ProjectRow

LIGHT_FILLS = {
    "green": PatternFill("solid", fgColor="D5F0DA"),
    "yellow": PatternFill("solid", fgColor="FFF1C2"),
    "red": PatternFill("solid", fgColor="F8D3CF"),
}
DASH = "–"
AMOUNT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
WRAPPED = {"name", "content", "problems"}


def amount_text(value: Decimal | None) -> str:
    """An amount as the import compares it: 6000.00 → "6000", 6000.50 → "6000.5"."""
    return "" if value is None else format(value.normalize(), "f")


def project_cells(project: Project) -> dict[str, str]:
    """The particulars the list carries, column key → text (unit joined). The import compares
    an edited row with this to say what changes."""
    return {
        "code": project.code,
        "name": project.name,
        "category": CATEGORY_WORDS.get(project.category, project.category),
        "content": project.content,
        "unit": project.unit.name,
        "leader": project.leader,
        "total_investment": amount_text(project.total_investment),
        "annual_plan": amount_text(project.annual_plan),
        "started_planned": month_text(project.started_planned) if project.started_planned else "",
    }


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
        "amount": (Alignment(horizontal="right", vertical="top"), AMOUNT_FORMAT),
        "percent": (Alignment(horizontal="right", vertical="top"), PERCENT_FORMAT),
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


def _kind(key: str, value: object) -> str:
    if isinstance(value, Decimal):
        return "percent" if key == "completion" else "amount"
    if key == "number" or value == DASH:
        return "center"
    return "wrap" if key in WRAPPED else "text"


def _figure(value: Decimal | None) -> Decimal | str:
    return DASH if value is None else value


def list_values(row: ProjectRow, number: int, as_of: date) -> dict[str, object]:
    project = row.project
    return {
        "number": number,
        **project_cells(project),
        "total_investment": project.total_investment,
        "annual_plan": project.annual_plan,
        "month_completed": _figure(row.month_completed),
        "year_to_date": _figure(row.year_to_date),
        "completion": _figure(row.completion),
        "start": start_text(project, as_of),
        "inclusion": inclusion_text(row, as_of),
        "problems": "；".join(row.problem_texts) or "无",
    }


def project_list_workbook(*, title: str, rows: Sequence[ProjectRow], as_of: date) -> bytes:
    """序号 · 项目编号 · 项目名称 · 项目类别 · 建设内容 · 责任单位 · 责任领导 · 总投资 ·
    年度计划投资 · 计划开工 · 本月完成 · 年度累计 · 完成率 · 开工情况 · 纳统情况 · 存在问题,
    under a title row and a units row."""
    workbook = Workbook()
    _named_styles(workbook)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "重点项目"
    width = len(LIST_COLUMNS)
    title_row(sheet, title, width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    units = put(sheet, 2, 1, "单位：万元")
    units.font = Font(name=FONT_NAME)
    units.alignment = Alignment(horizontal="right")
    header_row(sheet, 3, [c.heading for c in LIST_COLUMNS], [c.width for c in LIST_COLUMNS])
    sheet.freeze_panes = "D4"
    for number, row in enumerate(rows, start=1):
        values = list_values(row, number, as_of)
        lights = {
            "completion": row.colours.investment.colour,
            "start": row.colours.start.colour,
            "inclusion": row.colours.inclusion.colour,
        }
        line = number + 3
        for position, column in enumerate(LIST_COLUMNS, start=1):
            value = values[column.key]
            light = lights.get(column.key)
            suffix = f"-{light}" if light in LIGHT_FILLS else ""
            put(
                sheet, line, position, value, as_text=column.text
            ).style = f"prj-{_kind(column.key, value)}{suffix}"
    note = put(
        sheet,
        len(rows) + 5,
        1,
        f"注：数据截至{day_text(as_of)}；完成率 = 年度累计 ÷ 年度计划投资；"
        "底色为预警灯色（绿、黄、红），由本系统按本地区预警规则计算。",
    )
    note.font = Font(name=FONT_NAME, size=9, color="5F6B7A")
    return workbook_bytes(workbook)


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
    header_row(
        sheet,
        1,
        [c.heading for c in INVESTMENT_COLUMNS],
        [c.width + 4 for c in INVESTMENT_COLUMNS],
    )
    for line, project in enumerate(projects, start=2):
        row = stored.get((project.pk, month))
        values: list[object] = [
            project.code,
            project.name,
            project.year,
            month or None,
            row.planned if row is not None else None,
            row.completed if row is not None else None,
            None,
            None,
            row.note if row is not None else "",
        ]
        for position, (column, value) in enumerate(
            zip(INVESTMENT_COLUMNS, values, strict=True), start=1
        ):
            put(sheet, line, position, value, as_text=column.text)
    help_sheet = workbook.create_sheet("填写说明")
    header_row(help_sheet, 1, ["列", "说明", "必填"], [18, 60])
    for line, column in enumerate(INVESTMENT_COLUMNS, start=2):
        put(help_sheet, line, 1, column.heading)
        put(help_sheet, line, 2, column.help)
        put(help_sheet, line, 3, "是" if column.required else "")
    put(
        help_sheet,
        len(INVESTMENT_COLUMNS) + 3,
        1,
        "金额单位为万元；只读取第一个工作表；全部行无误才会保存，已有的同月数据会被更新。",
    )
    return workbook_bytes(workbook)
