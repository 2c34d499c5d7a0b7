"""The comparison as an Excel workbook: every region compared (not one page), in the order
sorted, figures as numbers, targets as worded, with the verdict rule under the table."""

from __future__ import annotations

from openpyxl import Workbook

from luoshi.core.spreadsheets.writing import header_row, put, title_row, workbook_bytes
from luoshi.indicators.comparison import ComparedRegion, Comparison
from luoshi.indicators.comparison_display import figure_heading
from luoshi.indicators.table_display import target_words

HEADINGS = (
    "位次",
    "区划代码",
    "地区",
    "年度目标",
    "上年目标",
    "调整",
    "",  # the figure's heading, from the comparison
    "单位",
    "与目标差距",
    "结论",
    "上年位次",
    "位次变化",
    "目标原文",
)
WIDTHS = (6, 10, 16, 14, 14, 8, 12, 8, 12, 10, 8, 8, 50)


def _cells(row: ComparedRegion, comparison: Comparison) -> list[object]:
    return [
        row.rank,
        row.region.code,
        row.region.name,
        target_words(row.target) if row.target else "",
        target_words(row.previous_target) if row.previous_target else "",
        row.target_change_label,
        row.figure,
        comparison.unit,
        row.gap,
        row.verdict_label,
        row.previous_rank,
        row.rank_change,
        row.target.source_text if row.target else "",
    ]


def comparison_workbook(comparison: Comparison, rows: list[ComparedRegion], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "地区对比"
    headings = list(HEADINGS)
    headings[6] = figure_heading(comparison)
    title_row(sheet, title, len(headings))
    header_row(sheet, 2, headings, WIDTHS)
    for offset, row in enumerate(rows, start=3):
        for column, value in enumerate(_cells(row, comparison), start=1):
            put(sheet, offset, column, value, as_text=column == 2)
    sheet.freeze_panes = "D3"
    note = len(rows) + 4
    put(
        sheet,
        note,
        1,
        "结论：增速等比率达到目标为达成，差距在 0.5 个百分点以内为基本达成；"
        "总量完成目标的 100% 为达成，95% 以上为基本达成。位次按所比较的数值排名，并列同位次。",
    )
    return workbook_bytes(workbook)
