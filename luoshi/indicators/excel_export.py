"""Workbooks made by code: the published indicator table, and the import templates (blank or
prefilled with the figures already stored, so a clerk edits last month's sheet instead of
typing the indicators again)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.core.models import Region
from luoshi.indicators.excel_columns import (
    MEASURE_WORDS,
    OBSERVATION_COLUMNS,
    QUALIFIER_WORDS,
    TARGET_COLUMNS,
    Column,
)
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


def _number(value: Decimal | None) -> float | str:
    """Numbers stay numbers in the sheet; a missing figure is the dash of printed tables."""
    return DASH if value is None else float(value)


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


def table_workbook(*, region: Region, year: int, period: Period, rows: Sequence[TableRow]) -> bytes:
    """指标 · 年度目标 · 1–N月完成 · 增速 · 进度% · 位次 under a title row, as printed."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{year}年{period.label}"
    headings = [
        "序号",
        "指标",
        "年度目标",
        completed_heading(period),
        "单位",
        "增速（%）",
        "进度（%）",
        "序时进度（%）",
        "状态",
        "灯色",
        "位次",
        "方阵",
        "公布位次",
    ]
    widths = [6, 26, 16, 14, 8, 10, 10, 12, 10, 8, 9, 10, 24]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headings))
    title = sheet.cell(row=1, column=1, value=table_title(region, year, period))
    title.font = Font(name=FONT_NAME, bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    _header(sheet, 2, headings)
    sheet.row_dimensions[2].height = 30
    for number, row in enumerate(rows, start=1):
        observation = row.observation
        values: list[object] = [
            number,
            row.indicator.name,
            target_text(row),
            _number(observation.value if observation else None),
            (observation.unit if observation and observation.value is not None else "") or "",
            _number(observation.growth if observation else None),
            _number(row.assessment.completion),
            float(row.assessment.elapsed) if row.target else DASH,
            row.assessment.status_label if row.target else DASH,
            colour_label(row.assessment.colour),
            (peer_rank_text(row) or DASH),
            row.tier,
            stated_rank_text(row.stated_ranks),
        ]
        line = number + 2
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=line, column=position, value=value)
            cell.font = Font(name=FONT_NAME)
            cell.border = BOX
            if isinstance(value, float):
                cell.number_format = "0.0" if position in (6, 7, 8) else "#,##0.####"
                cell.alignment = Alignment(horizontal="right")
            elif position in (1, 5, 9, 10, 11, 12) or value == DASH:
                cell.alignment = Alignment(horizontal="center")
        if row.assessment.colour in LIGHT_FILLS:
            sheet.cell(row=line, column=10).fill = LIGHT_FILLS[row.assessment.colour]
    note = len(rows) + 4
    sheet.cell(
        row=note,
        column=1,
        value="注：进度为累计完成值占年度目标的比例；序时进度按已过月份计算；位次为在同一上级区划内按增速排名；“–”表示未设目标或无数据。",
    ).font = Font(name=FONT_NAME, size=9, color="5F6B7A")
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "C3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return _save(workbook)


def _template_sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]]
) -> Worksheet:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    _header(sheet, 1, [c.heading for c in columns])
    for line, values in enumerate(rows, start=2):
        for position, value in enumerate(values, start=1):
            sheet.cell(row=line, column=position, value=value)
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
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
            for line in range(2, max(len(rows) + 2, 200)):
                sheet.cell(row=line, column=position).number_format = "@"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 70
    guide.append(["列", "填写要求"])
    for column in columns:
        guide.append([column.heading, column.help])
    guide.append([])
    guide.append(
        [
            "说明",
            "只读取第一个工作表；第一行为表头，请勿改动。整个文件全部无误才会保存，有错误时会逐行列出。",
        ]
    )
    for row in guide.iter_rows(min_row=1, max_row=1):
        for cell in row:
            cell.font = Font(bold=True)
    return sheet


def target_template(targets: Sequence[Target] = ()) -> bytes:
    """The target sheet, with the given targets filled in (to correct or to copy to a new year)."""
    workbook = Workbook()
    rows = [
        [
            t.region.code,
            t.year,
            t.indicator.name,
            MEASURE_WORDS[t.measure],
            float(t.low) if t.low is not None else None,
            float(t.high) if t.high is not None and t.qualifier not in ("exact", "about") else None,
            t.unit,
            QUALIFIER_WORDS[t.qualifier],
        ]
        for t in targets
    ]
    _template_sheet(workbook, "目标", TARGET_COLUMNS, rows)
    return _save(workbook)


def observation_template(observations: Sequence[Observation] = ()) -> bytes:
    """The monthly sheet; prefilled rows carry the stored figures of one period."""
    workbook = Workbook()
    rows = [
        [
            o.region.code,
            o.year,
            o.period_index,
            o.indicator.name,
            float(o.value) if o.value is not None else None,
            o.unit,
            float(o.growth) if o.growth is not None else None,
        ]
        for o in observations
    ]
    _template_sheet(workbook, "月度完成情况", OBSERVATION_COLUMNS, rows)
    return _save(workbook)
