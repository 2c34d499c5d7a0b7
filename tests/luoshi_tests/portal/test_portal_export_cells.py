"""The portal's downloads write text as text and figures as numbers: a published title that
begins with =, +, - or @ is a string cell in Excel (never a formula) and keeps its minus sign
in the CSV only where it is a figure; percentages are numbers (60 for 60 %), shown with the
sign."""

from __future__ import annotations

import csv
import io
from io import BytesIO

import pytest
from openpyxl import load_workbook

from luoshi_tests.portal.conftest import YEAR, add_task

pytestmark = pytest.mark.django_db

PAGE = f"/portal/930121/{YEAR}/"
RISKY = ('=HYPERLINK("http://x","点")', "+86-1234", "-1+2", "@SUM(A1)")


def test_task_titles_that_look_like_formulas_are_text_and_percent_is_a_number(
    client, portal_data, world
):
    for offset, title in enumerate(RISKY, start=3):
        add_task(world, title, number=str(offset), order=offset)
    sheet = load_workbook(BytesIO(client.get(f"{PAGE}tasks.xlsx").content)).active
    titles = {row[1].value: row for row in sheet.iter_rows(min_row=3)}
    for title in RISKY:
        cell = titles[title][1]
        assert cell.data_type == "s" and cell.value == title
    percent = titles["新建改造农村公路120公里"][5]
    assert percent.data_type == "n" and percent.value == 60
    assert percent.number_format == '0"%"'
    text = client.get(f"{PAGE}tasks.csv").content.decode("utf-8-sig")
    rows = {row[1]: row for row in csv.reader(io.StringIO(text))}
    assert "'" + RISKY[0] in rows and "'-1+2" in rows and "'@SUM(A1)" in rows
    assert rows["新建改造农村公路120公里"][5] == "60%"


def test_target_figures_are_numbers_in_excel(client, portal_data):
    sheet = load_workbook(BytesIO(client.get(f"{PAGE}targets.xlsx").content)).active
    row = next(sheet.iter_rows(min_row=3, max_row=3))
    growth = row[4]
    assert growth.data_type == "n" and growth.value == pytest.approx(6.4)
    assert row[1].data_type == "s" and row[1].value == "6%左右"
    assert row[2].value == "–"  # no completed value: the dash of printed tables
