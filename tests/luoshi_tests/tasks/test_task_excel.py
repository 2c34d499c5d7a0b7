"""The 分解表 in Excel: import row by row (all or nothing), export, and back again."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.core.models import ActionLog
from luoshi.core.spreadsheets.cells import CellError
from luoshi.tasks.excel.applying import tasks_apply
from luoshi.tasks.excel.cells import parse_deadline, parse_milestones
from luoshi.tasks.excel.exporting import tasks_workbook
from luoshi.tasks.models import Milestone, Task
from luoshi.tasks.selectors.task_queries import TaskFilters, task_list
from luoshi_tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "报告任务原文",
    "具体工作",
    "责任领导",
    "牵头单位",
    "配合单位",
    "完成时限",
    "季度节点",
]
SOURCE = "实施城乡供水一体化工程，让群众喝上放心水。"


def workbook_bytes(rows, *, header=HEADER, title="2026年甲县政府工作报告重点任务分解表", merges=()):
    book = Workbook()
    sheet = book.active
    line = 1
    if title:
        sheet.cell(row=1, column=1, value=title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        line = 2
    for position, heading in enumerate(header, start=1):
        sheet.cell(row=line, column=position, value=heading)
    for offset, values in enumerate(rows, start=line + 1):
        for position, value in enumerate(values, start=1):
            sheet.cell(row=offset, column=position, value=value)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path.read_bytes()


@pytest.fixture
def water(world):
    return UnitFactory(region=world.county, name="甲县水利局", short_name="县水利局")


GOOD_ROWS = [
    # 报告任务原文 merged over the task and its two sub-items (C3:C5 in sheet terms → B3:B5).
    [
        "1",
        SOURCE,
        "建成城乡供水一体化工程",
        "李某（副县长）",
        "县水利局",
        "县发改局、甲县交通运输局",
        "年底前",
        "一季度：完成初步设计；二季度：开工建设\n三季度：主体完工；四季度：通水验收",
    ],
    [
        "1.1",
        None,
        "完成水厂扩建",
        None,
        "县水利局",
        None,
        "2026年6月30日",
        "Q1：完成招标；Q2：设备安装",
    ],
    ["1.2", None, "铺设村级管网80公里", None, None, "县发改局", "三季度末", None],
    [
        "2",
        "推进农村公路提档升级。",
        "新建改造农村公路60公里",
        "王某",
        "甲县交通运输局",
        "",
        "长期坚持",
        "第二季度：完成30公里",
    ],
]


def test_a_good_sheet_with_sub_items_merged_cells_and_milestones(
    tmp_path, supervisor, world, water, transport
):
    data = write(tmp_path, "分解表.xlsx", workbook_bytes(GOOD_ROWS, merges=["B3:B5"]))
    outcome = tasks_apply(actor=supervisor, data=data, region=world.county, year=2026)
    assert outcome.ok, [str(e) for e in outcome.errors]
    assert outcome.created == 4
    first = Task.objects.get(number="1")
    assert first.lead_unit == water and set(first.co_units.all()) == {world.bureau, transport}
    assert first.deadline == date(2026, 12, 31) and first.deadline_text == "年底前"
    assert [(m.quarter, m.due_date) for m in first.milestones.all()] == [
        (1, date(2026, 3, 31)),
        (2, date(2026, 6, 30)),
        (3, date(2026, 9, 30)),
        (4, date(2026, 12, 31)),
    ]
    sub1, sub2 = Task.objects.get(number="1.1"), Task.objects.get(number="1.2")
    assert sub1.parent == first and sub2.parent == first
    assert sub1.source_text == SOURCE and sub2.source_text == SOURCE  # from the merged cell
    assert sub1.deadline == date(2026, 6, 30) and sub1.deadline_text == ""
    assert sub2.lead_unit == water  # blank lead: the parent's
    assert list(sub2.co_units.all()) == [world.bureau]
    assert sub2.deadline == date(2026, 9, 30) and sub2.leader == "李某（副县长）"
    second = Task.objects.get(number="2")
    assert second.parent is None and second.deadline_text == "长期坚持"
    assert second.milestones.get().text == "完成30公里"
    assert first.order == sub1.order < second.order
    assert ActionLog.objects.filter(verb="task.created").count() == 4


def test_every_bad_row_is_listed_and_nothing_is_stored(tmp_path, supervisor, world, water):
    rows = [
        ["1", "原文", "修缮县城老旧小区", "", "县城管局", "", "年底前", ""],  # unknown unit
        ["2", "", "", "", "县水利局", "", "年底前", ""],  # no work
        [
            "3",
            "",
            "建设污水管网",
            "",
            "县水利局",
            "乙县发展和改革局",
            "2026年2月30日",
            "",
        ],  # other county; date
        [
            "4",
            "",
            "打造特色街区",
            "",
            "县水利局",
            "",
            "下个月",
            "上半年完成一半",
        ],  # deadline; milestones
        ["4", "", "重复序号", "", "县水利局", "", "年底前", ""],
        ["5", "", "建设口袋公园", "", "县水利局", "", "2025-12-31", ""],
    ]
    data = write(tmp_path, "bad.xlsx", workbook_bytes(rows))
    outcome = tasks_apply(actor=supervisor, data=data, region=world.county, year=2026)
    assert not outcome.ok
    found = {(e.row, e.column) for e in outcome.errors}
    assert {
        (3, "牵头单位"),
        (4, "具体工作"),
        (5, "配合单位"),
        (5, "完成时限"),
        (6, "完成时限"),
        (6, "季度节点"),
        (7, "序号"),
        (8, "完成时限"),
    } <= found
    messages = " ".join(str(e) for e in outcome.errors)
    assert "第3行「牵头单位」：“县城管局”不是甲县及下属地区的单位" in messages
    assert "2026年2月30日”不是有效的日期" in messages
    assert not Task.objects.exists() and not Milestone.objects.exists()


def test_a_file_that_is_not_excel_is_refused_with_one_message(tmp_path, supervisor, world):
    data = write(tmp_path, "tasks.csv", "序号,具体工作\n1,修路\n".encode())
    outcome = tasks_apply(actor=supervisor, data=data, region=world.county, year=2026)
    assert outcome.file_error.startswith("文件不是 Excel 工作簿（.xlsx）")
    assert not outcome.errors and not Task.objects.exists()


def test_a_sheet_with_other_columns_is_refused_with_the_expected_layout(
    tmp_path, supervisor, world
):
    data = workbook_bytes([["930121", 2026, "地区生产总值"]], header=["区划代码", "年度", "指标"])
    outcome = tasks_apply(
        actor=supervisor, data=write(tmp_path, "t.xlsx", data), region=world.county, year=2026
    )
    assert "找不到表头" in outcome.file_error and "序号 · 报告任务原文" in outcome.file_error
    partial = workbook_bytes([["1", "修路", "县发改局"]], header=["序号", "具体工作", "牵头单位"])
    outcome = tasks_apply(actor=supervisor, data=partial, region=world.county, year=2026)
    assert outcome.file_error.startswith("表头（第2行）缺少列：完成时限")
    assert not Task.objects.exists()


def test_a_liaison_cannot_import(tmp_path, liaison, world, water):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        tasks_apply(actor=liaison, data=workbook_bytes(GOOD_ROWS), region=world.county, year=2026)
    assert not Task.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(
    tmp_path, supervisor, world, water, transport
):
    data = workbook_bytes(GOOD_ROWS, merges=["B3:B5"])
    assert tasks_apply(actor=supervisor, data=data, region=world.county, year=2026).ok
    logged = ActionLog.objects.count()
    again = tasks_apply(actor=supervisor, data=data, region=world.county, year=2026)
    assert again.ok and (again.created, again.updated) == (0, 0)
    assert {r.action for r in again.plan.rows} == {"unchanged"}
    assert Task.objects.count() == 4
    assert ActionLog.objects.count() == logged


def test_export_then_import_gives_the_same_tasks(tmp_path, supervisor, world, water, transport):
    tasks_apply(
        actor=supervisor,
        data=workbook_bytes(GOOD_ROWS, merges=["B3:B5"]),
        region=world.county,
        year=2026,
    )

    def snapshot():
        return [
            (
                t.number,
                t.parent.number if t.parent else "",
                t.source_text,
                t.title,
                t.leader,
                t.lead_unit.name,
                sorted(u.name for u in t.co_units.all()),
                t.deadline,
                t.deadline_text,
                [(m.quarter, m.text, m.due_date) for m in t.milestones.all()],
            )
            for t in task_list(TaskFilters(year=2026), supervisor)
        ]

    before = snapshot()
    exported = tasks_workbook(
        title="2026年甲县任务分解表", tasks=list(task_list(TaskFilters(year=2026), supervisor))
    )
    sheet = load_workbook(BytesIO(write(tmp_path, "export.xlsx", exported))).active
    assert [c.value for c in sheet[2]] == HEADER
    assert sheet.freeze_panes == "A3"
    assert "B3:B5" in {str(r) for r in sheet.merged_cells.ranges}
    assert (
        sheet["F3"].value == "甲县发展和改革局、甲县交通运输局"
        or sheet["F3"].value == "甲县交通运输局、甲县发展和改革局"
    )
    assert sheet["H3"].value.startswith("一季度：完成初步设计\n二季度：开工建设")
    assert sheet["C3"].alignment.wrap_text and sheet.column_dimensions["C"].width >= 30
    Task.objects.all().delete()
    outcome = tasks_apply(actor=supervisor, data=exported, region=world.county, year=2026)
    assert outcome.ok, [str(e) for e in outcome.errors]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-30", (date(2026, 6, 30), "")),
        ("2026年6月30日", (date(2026, 6, 30), "")),
        ("6月底前", (date(2026, 6, 30), "6月底前")),
        ("年底前", (date(2026, 12, 31), "年底前")),
        ("三季度末", (date(2026, 9, 30), "三季度末")),
        ("长期坚持", (date(2026, 12, 31), "长期坚持")),
        ("上半年", (date(2026, 6, 30), "上半年")),
        (date(2026, 5, 1), (date(2026, 5, 1), "")),
    ],
)
def test_deadline_words(text, expected):
    deadline = parse_deadline(text, 2026)
    assert (deadline.date, deadline.text) == expected


@pytest.mark.parametrize("text", ["2026年2月30日", "2026-13-01", "13月底", "尽快", ""])
def test_impossible_or_unreadable_deadlines(text):
    with pytest.raises(CellError):
        parse_deadline(text, 2026)


def test_milestone_forms():
    parsed = parse_milestones("第一季度：选址；Q2: 开工\n三季度：封顶")
    assert [(m.quarter, m.text) for m in parsed] == [(1, "选址"), (2, "开工"), (3, "封顶")]
    for bad in ("完成一半", "一季度：", "一季度：甲；一季度：乙"):
        with pytest.raises(CellError):
            parse_milestones(bad)
