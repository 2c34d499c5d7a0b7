"""Excel import of targets and monthly figures: every bad row listed with its reason, bad files
refused, permissions from both sides, and nothing stored unless the whole file is valid."""

import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from luoshi.accounts.models import Role
from luoshi.core.models import ActionLog
from luoshi.indicators import services
from luoshi.indicators.models import Observation, SourceKind, Target
from luoshi_tests.conftest import user_with_role

from .conftest import OBSERVATION_HEADER, TARGET_HEADER, stored_state, xlsx

pytestmark = pytest.mark.django_db

TARGETS = reverse("indicators:import_targets")
OBSERVATIONS = reverse("indicators:import_observations")


def upload(client, url, content, name="数据.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def upload_and_apply(client, url, content, name="数据.xlsx"):
    """Upload (the preview) and confirm it, as a clerk does; returns the confirmation's
    response, or the upload's when the file was refused."""
    preview = upload(client, url, content, name)
    if not preview.context["token"]:
        return preview
    form = {
        "token": preview.context["token"],
        "digest": preview.context["digest"],
        "filename": name,
    }
    return client.post(f"{url}apply/", form)


def errors_of(response):
    return [(e["row"], e["column"], e["reason"]) for e in response.context["errors"]]


def assert_unchanged(before, log_count):
    assert stored_state() == before
    assert ActionLog.objects.count() == log_count


# --- valid files ---------------------------------------------------------------------------


def test_supervisor_imports_targets(client_for, supervisor, world, figures):
    content = xlsx(
        [
            [
                "区划代码",
                "年度",
                "指标",
                "目标类型(增速/总量/占比/数量)",
                "下限",
                "上限",
                "单位",
                "表述",
            ],
            [930121, 2026, "GDP", "增速", 5, None, None, "左右"],
            ["930121", "2026", "固定资产投资", "增速", "8", "10", "%", "区间"],
            ["930121", 2026, "城镇新增就业", "数量", "4,500", None, "人", "以上"],
            ["930121", 2026, "单位GDP能耗", "增速", "2.5%", None, None, "确定值"],
            ["930121", 2026, "城镇调查失业率", "占比", None, 5.5, "%", "以内"],
            [" 930121 ", 2026, "城镇居民人均可支配收入", "增速", None, None, None, "同步"],
        ],
        title_rows=[["甲县2026年主要预期目标"]],
    )
    client = client_for(supervisor)
    response = upload_and_apply(client, TARGETS, content, "2026年目标.xlsx")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('indicators:table')}?region=930121&year=2026"
    targets = {
        t.indicator.code: t for t in Target.objects.filter(year=2026).select_related("indicator")
    }
    assert len(targets) == 6
    assert (targets["gdp"].low, targets["gdp"].qualifier, targets["gdp"].unit) == (
        Decimal(5),
        "about",
        "%",
    )
    assert (targets["fixed-asset-investment"].low, targets["fixed-asset-investment"].high) == (
        8,
        10,
    )
    assert targets["urban-new-jobs"].low == Decimal(4500)
    assert targets["energy-intensity"].direction == "down"
    assert targets["urban-unemployment"].describe() == "5.5%以内"
    assert targets["urban-income"].describe() == "与经济增长同步"
    assert {t.source_kind for t in targets.values()} == {SourceKind.EXCEL}
    assert targets["gdp"].source_text == "2026年目标.xlsx 第3行"
    assert ActionLog.objects.filter(verb="target.created").count() >= 6
    page = client.get(response["Location"]).content.decode()
    assert "已导入 6 行（新增 6 条，更新 0 条）" in page


def test_supervisor_imports_monthly_figures_and_updates_existing(client_for, supervisor, figures):
    content = xlsx(
        [
            OBSERVATION_HEADER,
            ["930121", 2025, 11, "地区生产总值", 130.5, "亿元", 6.4],  # replaces 123.45 / 6.1
            ["930121", 2025, "12月", "地区生产总值", "140.2", "亿元", "6.5%"],
            ["930121", 2025, 12.0, "单位GDP能耗", None, None, "－2.8"],
        ]
    )
    client = client_for(supervisor)
    response = upload_and_apply(client, OBSERVATIONS, content)
    assert response.status_code == 302
    assert response["Location"].endswith("?region=930121&year=2025&period=month-11")
    november = Observation.objects.get(
        region__code="930121", indicator=figures.gdp, period_index=11
    )
    assert (november.value, november.growth, november.source_kind) == (
        Decimal("130.5"),
        Decimal("6.4"),
        "excel",
    )
    assert november.stated_ranks.count() == 1  # stated ranks are kept: the sheet has none
    energy = Observation.objects.get(
        indicator=figures.energy, region__code="930121", period_index=12
    )
    assert (energy.growth, energy.value, energy.period_kind) == (Decimal("-2.8"), None, "month")
    page = client.get(response["Location"]).content.decode()
    assert "新增 2 条，更新 1 条" in page


# --- every kind of bad row -----------------------------------------------------------------


def test_bad_target_rows_are_all_listed_and_nothing_is_saved(client_for, supervisor, figures):
    rows = [
        TARGET_HEADER,
        ["999999", 2026, "地区生产总值", "增速", 5, None, "%", "左右"],  # 2
        ["12ab", 2026, "地区生产总值", "增速", 5, None, "%", "左右"],  # 3
        ["930121", 2026, "幸福指数", "增速", 5, None, "%", "左右"],  # 4
        ["930121", 2026, "固定资产投资", "增速", "五", None, "%", "左右"],  # 5
        ["930121", 2026, "社会消费品零售总额", "增速", 8, 6, "%", "区间"],  # 6
        ["930121", 2026, "进出口总额", "速度", 5, None, "%", "左右"],  # 7
        ["930121", "二〇二六", "出口总额", "增速", 5, None, "%", "左右"],  # 8
        ["930121", 2026, "地区生产总值", "增速", 5, None, "%", "左右"],  # 9
        ["930121", 2026, "GDP", "增速", 6, None, "%", "左右"],  # 10: same as 9 by synonym
        ["930122", 2026, "地区生产总值", "增速", 5, None, "%", "左右"],  # 11: 乙县
        ["930121", 2026, "税收收入", "增速", 5, None, "%", "区间"],  # 12
        ["930121", 2026, "城镇居民人均可支配收入", "增速", 5, None, "%", "同步"],  # 13
        ["930121", 1900, "农村居民人均可支配收入", "增速", 5, None, "%", "左右"],  # 14
        ["930121", 2026, "一般公共预算收入", "增速", 5, None, "%", "大约"],  # 15
        ["930121", 2026, "一般公共预算支出", "增速", 5, 4, "%", "以上"],  # 16
        [None, None, None, None, None, None, None, None],  # blank: skipped
        ["930121", 2026, "实际使用外资", "增速", 5, None, "%", "左右"],  # 18: valid
    ]
    before, log_count = stored_state(), ActionLog.objects.count()
    response = upload(client_for(supervisor), TARGETS, xlsx(rows))
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors == [
        (2, "区划代码", "没有代码为 999999 的行政区划"),
        (3, "区划代码", "区划代码“12ab”应为 6 位或 9 位数字"),
        (4, "指标", "指标目录中没有“幸福指数”（须与指标名称或别名完全一致）"),
        (5, "下限", "“五”不是数字"),
        (6, "上限", "上限小于下限"),
        (7, "目标类型", "“速度”不是可用的值（可填：增速、总量、占比、数量）"),
        (8, "年度", "年度“二〇二六”不是数字"),
        (10, "", "与第9行重复（区划、年度、指标和目标类型相同）"),
        (11, "区划代码", "您没有为乙县（930122）设定目标的权限"),
        (12, "上限", "区间目标的上限要大于等于下限。"),
        (13, "表述", "“同步”“高于”“低于”目标不填数值。"),
        (14, "年度", "年度 1900 超出范围（1978–2100）"),
        (
            15,
            "表述",
            "“大约”不是可用的值（可填：左右、区间、以上、以内、确定值、同步、高于、低于）",
        ),
        (16, "上限", "上限小于下限"),
    ]
    page = response.content.decode()
    assert "有 14 行存在错误，整个文件未保存" in page
    assert "没有代码为 999999 的行政区划" in page and "与第9行重复" in page
    assert_unchanged(before, log_count)
    assert not Target.objects.filter(year=2026).exists()


def test_bad_observation_rows_are_all_listed_and_nothing_is_saved(client_for, supervisor, figures):
    rows = [
        OBSERVATION_HEADER,
        ["930121", 2025, 13, "地区生产总值", 100, "亿元", 5],  # 2
        ["930121", 2025, "十一", "地区生产总值", 100, "亿元", 5],  # 3
        ["930121", 2025, 11.5, "地区生产总值", 100, "亿元", 5],  # 4
        ["930121", 2025, 9, "地区生产总值", "abc", "亿元", 5],  # 5
        ["930121", 2025, 9, "规模以上工业增加值", None, "亿元", None],  # 6
        ["930121", 2025, 8, "规上工业增加值", 10, "亿元", 5],  # 7
        ["930121", 2025, 8, "规模以上工业增加值", 10, "亿元", 5],  # 8: same by canonical name
        ["930122", 2025, 8, "地区生产总值", 10, "亿元", 5],  # 9: 乙县
        ["930121", 2025, 8, "地区生产总值", 10, "亿元", True],  # 10
        ["930121", None, 0, "", 10, "亿元", 5],  # 11
        ["930121", 2025, 8, "社会消费品零售总额", 1e20, "亿元", 5],  # 12
    ]
    before, log_count = stored_state(), ActionLog.objects.count()
    response = upload(client_for(supervisor), OBSERVATIONS, xlsx(rows))
    errors = errors_of(response)
    assert errors == [
        (2, "截至月份", "截至月份 13 超出范围（1–12）"),
        (3, "截至月份", "截至月份“十一”不是数字"),
        (4, "截至月份", "截至月份应为整数"),
        (5, "累计完成值", "“abc”不是数字"),
        (6, "累计完成值", "累计完成值和增速至少填一项"),
        (8, "", "与第7行重复（区划、年度、月份和指标相同）"),
        (9, "区划代码", "您没有为乙县（930122）填报完成情况的权限"),
        (10, "增速(%)", "不是数字"),
        (11, "年度", "未填写年度"),
        (11, "截至月份", "截至月份 0 超出范围（1–12）"),
        (11, "指标", "未填写指标"),
        (12, "累计完成值", "数值过大"),
    ]
    assert "有 10 行存在错误" in response.content.decode()
    assert_unchanged(before, log_count)


def test_a_service_refusal_mid_file_rolls_everything_back(
    client_for, supervisor, figures, monkeypatch
):
    real = services.observation_record
    calls = []

    def refuse_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError("数据库拒绝了这一行")
        return real(**kwargs)

    monkeypatch.setattr(services, "observation_record", refuse_second)
    before, log_count = stored_state(), ActionLog.objects.count()
    content = xlsx(
        [
            OBSERVATION_HEADER,
            ["930121", 2025, 9, "地区生产总值", 100, "亿元", 5],
            ["930121", 2025, 9, "固定资产投资", 50, "亿元", 4],
        ]
    )
    response = upload_and_apply(client_for(supervisor), OBSERVATIONS, content)
    assert len(calls) == 2
    assert errors_of(response) == [(3, "", "数据库拒绝了这一行（整个文件未保存）")]
    assert_unchanged(before, log_count)


# --- bad files -----------------------------------------------------------------------------


def _zip(members):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _broken_sheet_xml():
    good = xlsx([TARGET_HEADER, ["930121", 2026, "地区生产总值", "增速", 5, None, "%", "左右"]])
    with zipfile.ZipFile(BytesIO(good)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c r='A1' t='s'><v>9"
    return _zip(members)


def _huge_sheet():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(TARGET_HEADER)
    for number in range(20_001):
        sheet.append(["930121", 2026, "地区生产总值", "增速", number, None, "%", "左右"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = xlsx([TARGET_HEADER, ["930121", 2026, "地区生产总值", "增速", 5, None, "%", "左右"]])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"region,year\n930121,2026\n", "文件不是 Excel 工作簿（.xlsx）"),
        ("区划代码,年度".encode("gb18030"), "文件不是 Excel 工作簿（.xlsx）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel（.xls）"),
        (GOOD[: len(GOOD) // 2], "文件已损坏"),
        (_zip({"readme.txt": b"hello"}), "文件不是 Excel 工作簿（.xlsx）"),
        (_broken_sheet_xml(), "文件已损坏"),
        (xlsx([["名称", "数值"], ["地区生产总值", 5]]), "找不到表头"),
        (
            xlsx([["区划代码", "年度", "指标"], ["930121", 2026, "GDP"]]),
            "缺少列：目标类型、下限、上限、单位、表述",
        ),
        (xlsx([TARGET_HEADER]), "没有数据行"),
        (xlsx([TARGET_HEADER, [None] * 8, ["  "] * 8]), "没有数据行"),
        (_huge_sheet(), "数据超过 20000 行"),
    ],
    ids=[
        "csv",
        "gb18030-text",
        "xls",
        "truncated-zip",
        "zip-not-workbook",
        "broken-xml",
        "no-header",
        "missing-columns",
        "header-only",
        "blank-rows",
        "huge",
    ],
)
def test_bad_files_are_refused_with_a_message(
    client_for, supervisor, figures, content, message, settings
):
    # Read in the request, whatever the size (large files go to the worker: test_sheet_jobs).
    settings.LUOSHI_SHEET_INLINE_ROWS = 1_000_000
    before, log_count = stored_state(), ActionLog.objects.count()
    response = upload(client_for(supervisor), TARGETS, content)
    assert response.status_code == 200
    assert message in response.context["outcome"]["file_error"]
    assert "文件无法导入，未保存任何数据" in response.content.decode()
    assert_unchanged(before, log_count)


def test_empty_upload_and_missing_file(client_for, supervisor, figures):
    client = client_for(supervisor)
    before = stored_state()
    empty = upload(client, OBSERVATIONS, b"")
    assert "上传的文件是空的" in empty.content.decode()
    missing = client.post(OBSERVATIONS, {})
    assert "请选择要上传的 Excel 文件" in missing.content.decode()
    assert stored_state() == before


# --- permissions from both sides -----------------------------------------------------------


def test_liaison_cannot_import(client_for, liaison, figures):
    client = client_for(liaison)
    before, log_count = stored_state(), ActionLog.objects.count()
    assert client.get(TARGETS).status_code == 403
    assert upload(client, TARGETS, GOOD).status_code == 403
    content = xlsx([OBSERVATION_HEADER, ["930121", 2025, 11, "地区生产总值", 1, "亿元", 1]])
    assert upload(client, OBSERVATIONS, content).status_code == 403
    assert_unchanged(before, log_count)
    page = client.get(reverse("indicators:table")).content.decode()
    assert TARGETS not in page  # no link to a page they cannot use


def test_supervisor_of_another_county_cannot_import_for_ours(client_for, world, figures):
    other_supervisor = user_with_role("supervisor2", world.other_bureau, Role.SUPERVISOR)
    client = client_for(other_supervisor)
    before, log_count = stored_state(), ActionLog.objects.count()
    response = upload(client, TARGETS, GOOD)
    assert errors_of(response) == [(2, "区划代码", "您没有为甲县（930121）设定目标的权限")]
    content = xlsx(
        [
            OBSERVATION_HEADER,
            ["930122", 2025, 11, "地区生产总值", 150, "亿元", 7.5],  # their own: fine alone
            ["930121", 2025, 11, "地区生产总值", 1, "亿元", 1],
        ]
    )
    response = upload(client, OBSERVATIONS, content)
    assert errors_of(response) == [(3, "区划代码", "您没有为甲县（930121）填报完成情况的权限")]
    assert_unchanged(before, log_count)
    # Their own county alone goes through.
    own = xlsx([OBSERVATION_HEADER, ["930122", 2025, 11, "地区生产总值", 150, "亿元", 7.5]])
    assert upload_and_apply(client, OBSERVATIONS, own).status_code == 302
    assert Observation.objects.get(
        region__code="930122", period_index=11, indicator=figures.gdp
    ).growth == Decimal("7.5")


def test_city_supervisor_may_import_for_counties_below(client_for, world, figures):
    from luoshi_tests.factories import UnitFactory

    city_office = UnitFactory(region=world.city, name="测试市人民政府督查室")
    city_supervisor = user_with_role("citysup", city_office, Role.SUPERVISOR)
    content = xlsx(
        [
            TARGET_HEADER,
            ["930121", 2026, "地区生产总值", "增速", 5, None, "%", "左右"],
            ["930122", 2026, "地区生产总值", "增速", 6, None, "%", "左右"],
        ]
    )
    assert upload_and_apply(client_for(city_supervisor), TARGETS, content).status_code == 302
    assert Target.objects.filter(year=2026).count() == 2


# --- round trip ----------------------------------------------------------------------------


def _edit(content, change):
    workbook = load_workbook(BytesIO(content))
    change(workbook.worksheets[0])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_round_trip_export_edit_import(client_for, supervisor, figures):
    client = client_for(supervisor)
    params = {"region": "930121", "year": "2025", "period": "month-11"}
    exported = client.get(
        reverse("indicators:import_template", args=["observations"]), params
    ).content

    def next_month(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[3].value:
                row[2].value = 12
            if row[3].value == "地区生产总值":
                row[4].value, row[6].value = 140.1, 6.3

    response = upload_and_apply(client, OBSERVATIONS, _edit(exported, next_month))
    assert response.status_code == 302, (
        errors_of(response) or response.context["outcome"]["file_error"]
    )
    table = client.get(reverse("indicators:table"), {"region": "930121", "year": "2025"})
    assert table.context["choice"].period.slug == "month-12"
    rows = {item["row"].indicator.code: item for item in table.context["rows"]}
    assert (rows["gdp"]["value"], rows["gdp"]["growth"]) == ("140.1", "6.3")
    assert rows["urban-new-jobs"]["value"] == "3000"
    # The table's own Excel shows the imported figure.
    sheet = load_workbook(
        BytesIO(client.get(reverse("indicators:table_xlsx"), {"region": "930121"}).content)
    ).worksheets[0]
    gdp = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "地区生产总值")
    assert (gdp[3], gdp[5]) == (pytest.approx(140.1), pytest.approx(6.3))

    targets = client.get(reverse("indicators:import_template", args=["targets"]), params).content

    def next_year(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[1].value:
                row[1].value = 2026

    assert upload_and_apply(client, TARGETS, _edit(targets, next_year)).status_code == 302
    copied = {
        (t.indicator_id, t.measure, t.low, t.high, t.qualifier, t.unit)
        for t in Target.objects.filter(year=2026)
    }
    original = {
        (t.indicator_id, t.measure, t.low, t.high, t.qualifier, t.unit)
        for t in Target.objects.filter(year=2025)
    }
    assert copied == original and len(copied) == 3
