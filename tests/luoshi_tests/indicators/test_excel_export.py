"""The indicator table as Excel, and the import templates, opened back with openpyxl."""

from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_table_export_has_title_chinese_headers_and_numbers(client_for, liaison, figures):
    response = client_for(liaison).get(
        reverse("indicators:table_xlsx"), {"region": "930121", "year": "2025", "period": "month-11"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "甲县2025年1–11月主要经济指标完成情况.xlsx" in unquote(response["Content-Disposition"])
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "甲县2025年1–11月主要经济指标完成情况"
    assert "A1:M1" in {str(r) for r in sheet.merged_cells.ranges}
    header = rows[1]
    assert header[:8] == (
        "序号",
        "指标",
        "年度目标",
        "1–11月完成",
        "单位",
        "增速（%）",
        "进度（%）",
        "序时进度（%）",
    )
    body = {row[1]: row for row in rows[2:] if row[1]}
    gdp = body["地区生产总值"]
    assert gdp[2] == "5.5%左右"
    assert gdp[3] == pytest.approx(123.45) and isinstance(gdp[3], float)
    assert gdp[4] == "亿元"
    assert gdp[5] == pytest.approx(6.1)
    assert gdp[6] == "–"  # no completion share for a growth target
    assert (gdp[10], gdp[11], gdp[12]) == ("2/2", "第一方阵", "全市第2、前进1位")
    jobs = body["城镇新增就业"]
    assert jobs[6] == pytest.approx(71.4) and jobs[7] == pytest.approx(91.7)
    assert (jobs[8], jobs[9]) == ("滞后", "黄灯")
    assert body["一般公共预算收入"][2] == "–"
    assert body["单位地区生产总值能耗"][2] == "下降2.5%"
    assert sheet.column_dimensions["B"].width >= 20


def test_table_export_needs_a_region(client_for, superuser, figures):
    response = client_for(superuser).get(reverse("indicators:table_xlsx"))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("kind", "headings"),
    [
        ("targets", ("区划代码", "年度", "指标", "目标类型", "下限", "上限", "单位", "表述")),
        (
            "observations",
            ("区划代码", "年度", "截至月份", "指标", "累计完成值", "单位", "增速(%)"),
        ),
    ],
)
def test_blank_templates_carry_the_import_headers(client_for, liaison, world, kind, headings):
    response = client_for(liaison).get(reverse("indicators:import_template", args=[kind]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    first = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert first[0] == headings
    assert len([r for r in first[1:] if any(v is not None for v in r)]) == 0
    assert workbook.sheetnames[1] == "填写说明"


def test_prefilled_templates_carry_stored_figures(client_for, liaison, figures):
    client = client_for(liaison)
    params = {"region": "930121", "year": "2025", "period": "month-11"}
    targets = load_workbook(
        BytesIO(client.get(reverse("indicators:import_template", args=["targets"]), params).content)
    ).worksheets[0]
    rows = {r[2]: r for r in list(targets.iter_rows(values_only=True))[1:]}
    assert rows["地区生产总值"] == ("930121", 2025, "地区生产总值", "增速", 5.5, None, "%", "左右")
    assert rows["城镇新增就业"][3:] == ("数量", 4200, None, "人", "以上")
    observations = load_workbook(
        BytesIO(
            client.get(reverse("indicators:import_template", args=["observations"]), params).content
        )
    ).worksheets[0]
    rows = {r[3]: r for r in list(observations.iter_rows(values_only=True))[1:]}
    assert rows["地区生产总值"] == ("930121", 2025, 11, "地区生产总值", 123.45, "亿元", 6.1)
    assert rows["单位地区生产总值能耗"][4:] == (None, "%", -1.0)
