"""Workbooks made by code: the published indicator table, and the import templates (blank or
prefilled with the figures already stored, so a clerk edits last month's sheet instead of
typing the indicators again — the prefilled template is the export that imports back).

Every cell goes through the spreadsheet kit's `put`: text stays text (never a formula, whatever
it begins with), figures stay numbers. Percentages are written as percent points — 70 for
70 % — numeric, with the number format "0.0" and "（%）" in the heading, as statistics
tables print them; never the text "70%".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.core.models import Region
from luoshi.core.spreadsheets.columns import Column
from luoshi.core.spreadsheets.writing import (
    BOX,
    FONT_NAME,
    header_row,
    put,
    title_row,
    workbook_bytes,
)
from luoshi.indicators.excel_columns import (
    MEASURE_WORDS,
    OBSERVATION_COLUMNS,
    QUALIFIER_WORDS,
    TARGET_COLUMNS,
)
from luoshi.indicators.excel_plans import shown_high
from luoshi.indicators.models import Observation, Target
from luoshi.indicators.periods import Period
from luoshi.indicators.selectors import TableRow
from luoshi.indicators.table_display import (
    DASH,
    colour_label,
    completed_heading,
    peer_rank_text,
    stated_rank_text,
    table_title,
    target_text,
)

LIGHT_FILLS = {
    "green": PatternFill("solid", fgColor="D5F0DA"),
    "yellow": PatternFill("solid", fgColor="FFF1C2"),
    "red": PatternFill("solid", fgColor="F8D3CF"),
}
PERCENT_FORMAT = "0.0"  # percent points: 6.1 under 增速（%）
TABLE_HEADINGS = (
    "序号",
    "指标",
    "年度目标",
    "",  # 1–N月完成: named by the period
    "单位",
    "增速（%）",
    "进度（%）",
    "序时进度（%）",
    "状态",
    "灯色",
    "位次",
    "方阵",
    "公布位次",
)
TABLE_WIDTHS = (6, 26, 16, 14, 8, 10, 10, 12, 10, 8, 9, 10, 24)
PERCENT_COLUMNS = {6, 7, 8}
CENTRED_COLUMNS = {1, 5, 9, 10, 11, 12}


def _figure(value: Decimal | None) -> Decimal | str:
    """A figure stays a number; a missing one is the dash of printed tables."""
    return DASH if value is None else value


def table_workbook(*, region: Region, year: int, period: Period, rows: Sequence[TableRow]) -> bytes:
    """指标 · 年度目标 · 1–N月完成 · 增速 · 进度% · 位次 under a title row, as printed."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{year}年{period.label}"
    headings = list(TABLE_HEADINGS)
    headings[3] = completed_heading(period)
    title_row(sheet, table_title(region, year, period), len(headings))
    header_row(sheet, 2, headings, TABLE_WIDTHS)
    sheet.row_dimensions[2].height = 30
    for number, row in enumerate(rows, start=1):
        observation = row.observation
        values: list[object] = [
            number,
            row.indicator.name,
            target_text(row),
            _figure(observation.value if observation else None),
            (observation.unit if observation and observation.value is not None else "") or "",
            _figure(observation.growth if observation else None),
            _figure(row.assessment.completion),
            row.assessment.elapsed if row.target else DASH,
            row.assessment.status_label if row.target else DASH,
            colour_label(row.assessment.colour),
            (peer_rank_text(row) or DASH),
            row.tier,
            stated_rank_text(row.stated_ranks),
        ]
        line = number + 2
        for position, value in enumerate(values, start=1):
            cell = put(
                sheet,
                line,
                position,
                value,
                number_format=PERCENT_FORMAT if position in PERCENT_COLUMNS else None,
            )
            cell.font = Font(name=FONT_NAME)
            cell.border = BOX
            if isinstance(value, Decimal):
                cell.alignment = Alignment(horizontal="right")
            elif position in CENTRED_COLUMNS or value == DASH:
                cell.alignment = Alignment(horizontal="center")
        if row.assessment.colour in LIGHT_FILLS:
            sheet.cell(row=line, column=10).fill = LIGHT_FILLS[row.assessment.colour]
    note = put(
        sheet,
        len(rows) + 4,
        1,
        "注：进度为累计完成值占年度目标的比例；序时进度按已过月份计算；"
        "位次为在同一上级区划内按增速排名；“–”表示未设目标或无数据。",
    )
    note.font = Font(name=FONT_NAME, size=9, color="5F6B7A")
    sheet.freeze_panes = "C3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook_bytes(workbook)


def _template_sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]]
) -> Worksheet:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    header_row(sheet, 1, [c.heading for c in columns], [c.width for c in columns])
    for line, values in enumerate(rows, start=2):
        for position, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            put(sheet, line, position, value, as_text=column.text)
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        if column.choices:
            # A drop-down helps; the importer still checks every cell.
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            validation.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(validation)
        if column.text:
            for line in range(len(rows) + 2, max(len(rows) + 2, 200)):
                sheet.cell(row=line, column=position).number_format = "@"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("填写说明")
    header_row(guide, 1, ["列", "填写要求"], [18, 70])
    for line, column in enumerate(columns, start=2):
        put(guide, line, 1, column.heading)
        put(guide, line, 2, column.help)
    put(guide, len(columns) + 3, 1, "说明")
    put(
        guide,
        len(columns) + 3,
        2,
        "只读取第一个工作表；第一行为表头，请勿改动。上传后先预览：与系统中相同的行不变，"
        "不同的逐项列出，确认后一次性保存；有错误时逐行列出，整个文件不保存。",
    )
    return sheet


def target_template(targets: Sequence[Target] = ()) -> bytes:
    """The target sheet, with the given targets filled in (to correct or to copy to a new
    year); region and indicator joined."""
    workbook = Workbook()
    rows = [
        [
            t.region.code,
            t.year,
            t.indicator.name,
            MEASURE_WORDS[t.measure],
            t.low,
            shown_high(t.qualifier, t.low, t.high),
            t.unit,
            QUALIFIER_WORDS[t.qualifier],
        ]
        for t in targets
    ]
    _template_sheet(workbook, "目标", TARGET_COLUMNS, rows)
    return workbook_bytes(workbook)


def observation_template(observations: Sequence[Observation] = ()) -> bytes:
    """The monthly sheet; prefilled rows carry the stored figures of one period."""
    workbook = Workbook()
    rows = [
        [
            o.region.code,
            o.year,
            o.period_index,
            o.indicator.name,
            o.value,
            o.unit,
            o.growth,
        ]
        for o in observations
    ]
    _template_sheet(workbook, "月度完成情况", OBSERVATION_COLUMNS, rows)
    return workbook_bytes(workbook)
