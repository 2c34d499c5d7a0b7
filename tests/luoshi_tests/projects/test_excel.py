"""Excel: the list exported in its published layout; monthly investment imported row by row,
every error listed (row, column, Chinese reason), all or nothing; broken and mismatched files
refused with nothing changed."""

import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.core.models import ActionLog
from luoshi.projects import services
from luoshi.projects.excel_import import investments_import
from luoshi.projects.models import MonthlyInvestment
from luoshi.projects.stages import Stage

from .conftest import TODAY, YEAR, make_project, record, xlsx

pytestmark = pytest.mark.django_db

IMPORT = reverse("projects:investment_import")
HEADER = [
    "项目编号",
    "项目名称",
    "月份",
    "本月计划(万元)",
    "本月完成(万元)",
    "年度累计(万元)",
    "自开工累计(万元)",
]


def state():
    return sorted(
        MonthlyInvestment.objects.values_list("project__name", "month", "completed", "year_to_date")
    ), ActionLog.objects.count()


def test_export_has_the_published_columns_and_figures(
    client_for, supervisor, liaison, project, world
):
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.STARTED, actual_on=date(YEAR, 3, 9), today=TODAY
    )
    record(liaison, project, 3, 1000)
    record(liaison, project, 12, 200, year_to_date=Decimal(3000))
    services.problem_create(
        actor=liaison,
        project=project,
        data=services.ProblemInput(
            category="funds", description="配套资金未到位", unit=world.office
        ),
    )
    response = client_for(supervisor).get(
        reverse("projects:project_export"), {"year": YEAR, "region": "930121"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "甲县2025年重点项目推进情况表"
    assert [c.value for c in sheet[3]] == [
        "序号",
        "项目编号",
        "项目名称",
        "项目类别",
        "建设内容",
        "责任单位",
        "责任领导",
        "总投资",
        "年度计划投资",
        "计划开工",
        "本月完成",
        "年度累计",
        "完成率(%)",
        "开工情况",
        "纳统情况",
        "存在问题",
    ]
    row = [c.value for c in sheet[4]]
    assert row[:3] == [1, "JX-001", project.name] and row[5] == "甲县发展和改革局"
    assert (row[3], row[9]) == ("产业", "2025年3月")
    assert row[7:9] == [12000, 6000] and row[10:13] == [200, 3000, 50]
    assert row[13] == "已开工（2025年3月9日）"
    assert row[14] == "未纳统"
    assert row[15] == "配套资金未到位"
    cells = list(sheet[4])
    amounts = cells[7:9] + cells[10:13]
    assert all(c.data_type == "n" for c in amounts)
    assert amounts[0].number_format == "#,##0.00" and amounts[-1].number_format == "0.0"


def test_import_by_code_or_name_with_every_month_format(
    client_for, liaison, project, supervisor, world
):
    second = make_project(supervisor, world, name="甲县冷链物流园", code="JX-002")
    content = xlsx(
        [
            HEADER,
            ["JX-001", None, 1, 100, 80, None, None],
            [None, "甲县年产10万吨饲料加工项目", "2月", None, "120", None, None],
            ["JX-001", "甲县年产10万吨饲料加工项目", "2025-03", None, 100, 300, None],
            [None, "甲县冷链物流园", datetime(2025, 4, 1), None, 50, 50, 1050],
        ],
        title_rows=[["甲县2025年重点项目月度投资"]],
    )
    response = client_for(liaison).post(
        IMPORT, {"year": YEAR, "file": SimpleUploadedFile("投资.xlsx", content)}
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    rows = {(r.project_id, r.month): r for r in MonthlyInvestment.objects.all()}
    assert rows[(project.pk, 3)].year_to_date == Decimal(300)
    assert rows[(project.pk, 2)].year_to_date == Decimal(200)
    assert rows[(second.pk, 4)].since_start == Decimal(1050)
    second.refresh_from_db()
    assert second.invested_before_year == Decimal(1000)


def test_every_bad_row_is_listed_and_nothing_is_saved(liaison, project, other_project):
    record(liaison, project, 1, 100)
    before = state()
    content = xlsx(
        [
            HEADER,
            ["JX-001", None, 2, None, -5, None, None],  # negative
            ["NOPE", None, 3, None, 10, None, None],  # unknown code
            [None, None, 4, None, 10, None, None],  # no project
            ["JX-001", None, 13, None, 10, None, None],  # bad month
            ["YX-001", None, 2, None, 10, None, None],  # another unit's project
            ["JX-001", None, 5, None, "很多", None, None],  # not a number
            ["JX-001", None, 6, None, 10, None, None],
            ["JX-001", None, 6, None, 11, None, None],  # duplicate
            ["JX-001", None, 7, None, 10, 5, None],  # year to date below the month
        ]
    )
    outcome = investments_import(actor=liaison, data=content, default_year=YEAR, today=TODAY)
    errors = [(e.row, e.column) for e in outcome.errors]
    assert errors == [
        (2, "本月完成(万元)"),
        (3, "项目编号"),
        (4, "项目名称"),
        (5, "月份"),
        (6, "项目编号"),  # another unit's project is not even visible to this liaison
        (7, "本月完成(万元)"),
        (9, ""),
        (10, "年度累计(万元)"),  # found by the service, listed with the rest
    ]
    assert any("不能为负数" in e.reason for e in outcome.errors)
    assert not outcome.ok and outcome.saved == 0
    assert state() == before


def test_a_project_seen_but_not_ones_own_is_refused(
    supervisor, statistician, statistics_bureau, project, world
):
    services.preset_set(actor=supervisor, region=world.county, statistics_unit=statistics_bureau)
    content = xlsx([HEADER, ["JX-001", None, 2, None, 10, None, None]])
    outcome = investments_import(actor=statistician, data=content, default_year=YEAR, today=TODAY)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "项目名称")]
    assert "只能填报本单位的项目" in outcome.errors[0].reason
    assert not MonthlyInvestment.objects.exists()


def test_a_row_the_service_refuses_rolls_the_whole_file_back(liaison, project):
    record(liaison, project, 1, 100)
    before = state()
    content = xlsx(
        [
            HEADER,
            ["JX-001", None, 2, None, 50, None, None],  # fine on its own
            ["JX-001", None, 3, None, 50, 999, None],  # 150 + 50 ≠ 999
        ]
    )
    outcome = investments_import(actor=liaison, data=content, default_year=YEAR, today=TODAY)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "年度累计(万元)")]
    assert "200.00" in outcome.errors[0].reason
    assert state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", ".xls"),
        (b"just text", "不是 Excel"),
        (b"PK\x03\x04broken", "损坏"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(
    client_for, liaison, project, content, message
):
    before = state()
    response = client_for(liaison).post(
        IMPORT, {"year": YEAR, "file": SimpleUploadedFile("x.xlsx", content)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert state() == before


def test_a_mismatched_file_names_the_missing_columns(client_for, supervisor, liaison, project):
    exported = (
        client_for(supervisor).get(reverse("projects:project_export"), {"year": YEAR}).content
    )
    outcome = investments_import(actor=liaison, data=exported, default_year=YEAR, today=TODAY)
    assert "缺少列：月份" in outcome.file_error
    other = xlsx([["区划代码", "年度", "指标"], ["930121", 2025, "GDP"]])
    outcome = investments_import(actor=liaison, data=other, default_year=YEAR, today=TODAY)
    assert "找不到表头" in outcome.file_error or "缺少列" in outcome.file_error
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    outcome = investments_import(
        actor=liaison, data=buffer.getvalue(), default_year=YEAR, today=TODAY
    )
    assert "不是 Excel" in outcome.file_error
    assert not MonthlyInvestment.objects.exists()


def test_the_template_lists_the_users_projects_and_round_trips(
    client_for, liaison, project, other_project
):
    record(liaison, project, 5, 70, planned=Decimal(90))
    response = client_for(liaison).get(
        reverse("projects:investment_template"), {"year": YEAR, "month": 5}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [["JX-001", project.name, YEAR, 5, 90, 70, None, None, None]]
    sheet.cell(row=2, column=6, value=75)
    buffer = BytesIO()
    sheet.parent.save(buffer)
    outcome = investments_import(
        actor=liaison, data=buffer.getvalue(), default_year=YEAR, today=TODAY
    )
    assert outcome.ok and outcome.updated == 1
    assert MonthlyInvestment.objects.get(month=5).completed == Decimal(75)


def test_only_reporters_may_import(client_for, leader, representative):
    assert client_for(leader).get(IMPORT).status_code == 403
    assert client_for(representative).get(IMPORT).status_code == 403
