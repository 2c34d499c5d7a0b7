"""Targets (and monthly figures) both ways: the prefilled template exported, edited in Excel
(openpyxl), imported as an update with a preview of what changes, then one all-or-nothing
apply — by page and by API token; and every indicator export writes text as text."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.accounts.models import Role
from luoshi.accounts.services import api_token_create
from luoshi.core.models import ActionLog
from luoshi.core.spreadsheets.outcome import PlanChanged
from luoshi.indicators import services
from luoshi.indicators.excel_export import target_template
from luoshi.indicators.excel_plans import (
    observations_plan,
    targets_apply,
    targets_plan,
)
from luoshi.indicators.models import SourceKind, Target
from luoshi_tests.conftest import user_with_role

from .conftest import stored_state

pytestmark = pytest.mark.django_db

TARGETS = reverse("indicators:import_targets")
APPLY = reverse("indicators:import_targets_apply")


def exported(region_code: str = "930121", year: int = 2025):
    targets = Target.objects.filter(region__code=region_code, year=year).select_related(
        "region", "indicator"
    )
    return load_workbook(BytesIO(target_template(list(targets))))


def saved(book) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def line_of(sheet, indicator: str) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == indicator)


def edited_export() -> bytes:
    """What an office does in Excel: a higher GDP target, jobs as a range with a new unit,
    and a new target added at the end; energy intensity left as it is."""
    book = exported()
    sheet = book.active
    gdp = line_of(sheet, "地区生产总值")
    sheet.cell(gdp, 5).value = 6
    jobs = line_of(sheet, "城镇新增就业")
    sheet.cell(jobs, 5).value, sheet.cell(jobs, 6).value = 4000, 4500
    sheet.cell(jobs, 7).value, sheet.cell(jobs, 8).value = "人次", "区间"
    new = sheet.max_row + 1
    for column, value in enumerate(
        ["930121", 2025, "固定资产投资", "增速", 8, None, "%", "以上"], start=1
    ):
        sheet.cell(new, column).value = value
    return saved(book)


def test_an_edited_export_previews_cell_by_cell_then_updates_the_same_targets(supervisor, figures):
    data = edited_export()
    logged = ActionLog.objects.count()
    result = targets_plan(actor=supervisor, data=data)
    assert result.ok, [str(e) for e in result.errors]
    actions = {r.key: r.label for r in result.plan.rows}
    assert actions == {
        "甲县2025年 地区生产总值·增速": "修改",
        "甲县2025年 城镇新增就业·数量": "修改",
        "甲县2025年 单位地区生产总值能耗·增速": "未变",
        "甲县2025年 固定资产投资·增速": "新增",
    }
    changes = {(r.key, c.column): (c.before, c.after) for r in result.plan.rows for c in r.changes}
    assert changes[("甲县2025年 地区生产总值·增速", "下限")] == ("5.5", "6")
    jobs = "甲县2025年 城镇新增就业·数量"
    assert changes[(jobs, "上限")] == ("", "4500")
    assert changes[(jobs, "单位")] == ("人", "人次")
    assert changes[(jobs, "表述")] == ("以上", "区间")
    assert (jobs, "指标") not in changes  # only what differs
    assert result.plan.untouched == 0
    assert ActionLog.objects.count() == logged  # the preview writes nothing

    applied = targets_apply(
        actor=supervisor, data=data, filename="目标.xlsx", digest=result.plan.digest()
    )
    assert applied.ok and (applied.created, applied.updated) == (1, 2)
    stored = {t.indicator.code: t for t in Target.objects.filter(year=2025)}
    assert (stored["gdp"].low, stored["gdp"].high, stored["gdp"].qualifier) == (6, 6, "about")
    assert (stored["urban-new-jobs"].low, stored["urban-new-jobs"].high) == (4000, 4500)
    assert stored["urban-new-jobs"].unit == "人次"
    assert stored["fixed-asset-investment"].describe() == "8%以上"
    # The unchanged target was not written again: its source is still the one it had.
    assert stored["energy-intensity"].source_kind == SourceKind.MANUAL
    assert stored["gdp"].source_text.startswith("目标.xlsx 第")
    assert ActionLog.objects.filter(verb="target.updated").count() == 2
    assert ActionLog.objects.filter(verb="target.created").count() >= 4
    # Exported again, the file says what is stored: nothing to change.
    again = targets_plan(actor=supervisor, data=saved(exported()))
    assert again.ok and not again.plan.has_work


def test_targets_the_file_leaves_out_are_kept_and_counted(supervisor, figures):
    book = exported()
    book.active.delete_rows(line_of(book.active, "城镇新增就业"))
    result = targets_plan(actor=supervisor, data=saved(book))
    assert result.ok and result.plan.untouched == 1 and not result.plan.has_work


def test_a_bad_row_refuses_the_whole_file_with_its_row_and_column(supervisor, figures):
    book = exported()
    sheet = book.active
    sheet.cell(line_of(sheet, "地区生产总值"), 5).value = 7
    bad = line_of(sheet, "城镇新增就业")
    sheet.cell(bad, 6).value = "很多"
    before, logged = stored_state(), ActionLog.objects.count()
    result = targets_apply(actor=supervisor, data=saved(book), filename="x.xlsx")
    assert not result.ok
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(bad, "上限", "“很多”不是数字")]
    refused = next(r for r in result.plan.rows if r.row == bad)
    assert refused.label == "有错误"
    assert stored_state() == before and ActionLog.objects.count() == logged


def test_a_change_after_the_preview_is_not_overwritten_unseen(supervisor, figures):
    data = edited_export()
    preview = targets_plan(actor=supervisor, data=data)
    services.target_set(
        actor=supervisor,
        region=figures.energy.targets.first().region,
        year=2025,
        indicator=figures.energy,
        measure="growth",
        low=Decimal("3"),
        high=None,
        qualifier="exact",
    )
    with pytest.raises(PlanChanged):
        targets_apply(actor=supervisor, data=data, filename="x.xlsx", digest=preview.plan.digest())
    gdp = Target.objects.get(indicator=figures.gdp, year=2025)
    assert gdp.low == Decimal("5.5")
    assert not Target.objects.filter(indicator__code="fixed-asset-investment").exists()


def test_the_page_previews_holds_the_file_and_applies_once(client_for, supervisor, figures):
    client = client_for(supervisor)
    page = client.post(TARGETS, {"file": SimpleUploadedFile("目标.xlsx", edited_export())})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="import-preview"' in html and "新增 1 项" in html and "修改 2 项" in html
    assert "<del>5.5</del> → <ins>6</ins>" in html
    assert ">added<" not in html and ">changed<" not in html  # the words, not the codes
    assert Target.objects.get(indicator=figures.gdp).low == Decimal("5.5")
    form = {
        "token": page.context["token"],
        "digest": page.context["digest"],
        "filename": "目标.xlsx",
    }
    applied = client.post(APPLY, form, follow=True)
    assert "已导入 3 行（新增 1 条，更新 2 条）" in applied.content.decode()
    assert Target.objects.get(indicator=figures.gdp).low == Decimal(6)
    again = client.post(APPLY, form, follow=True)
    assert "预览已过期或文件已导入" in again.content.decode()
    assert Target.objects.filter(year=2025).count() == 4


def test_the_page_shows_a_newer_preview_when_the_targets_changed_meanwhile(
    client_for, supervisor, figures
):
    client = client_for(supervisor)
    page = client.post(TARGETS, {"file": SimpleUploadedFile("目标.xlsx", edited_export())})
    services.target_set(
        actor=None,
        region=Target.objects.get(indicator=figures.gdp).region,
        year=2025,
        indicator=figures.gdp,
        measure="growth",
        low=Decimal("5.8"),
        high=None,
        qualifier="about",
    )
    form = {"token": page.context["token"], "digest": page.context["digest"], "filename": "x"}
    response = client.post(APPLY, form)
    assert response.status_code == 200
    assert "预览之后，文件或系统中的数据已有变化" in response.content.decode()
    assert "<del>5.8</del> → <ins>6</ins>" in response.content.decode()
    assert Target.objects.get(indicator=figures.gdp).low == Decimal("5.8")


def test_another_countys_office_cannot_apply_into_this_county(client_for, world, figures):
    other = user_with_role("supervisor2", world.other_bureau, Role.SUPERVISOR)
    _token, token = api_token_create(actor=other, user=other, name="乙县系统")
    before, logged = stored_state(), ActionLog.objects.count()
    result = targets_apply(actor=other, data=edited_export(), filename="x.xlsx")
    assert not result.ok
    assert {e.column for e in result.errors} == {"区划代码"}
    assert "您没有为甲县（930121）设定目标的权限" in result.errors[0].reason
    page = client_for(other).post(
        TARGETS, {"file": SimpleUploadedFile("目标.xlsx", edited_export())}
    )
    assert page.context["token"] == "" and "整个文件未保存" in page.content.decode()
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.post(
        "/api/v1/targets/import", {"file": SimpleUploadedFile("目标.xlsx", edited_export())}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["column"] == "区划代码"
    assert stored_state() == before and ActionLog.objects.count() == logged


def test_another_system_previews_and_applies_through_the_api_with_a_token(supervisor, figures):
    _token, token = api_token_create(actor=supervisor, user=supervisor, name="统计系统")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    data = edited_export()
    preview = client.post(
        "/api/v1/targets/import",
        {"preview": "true", "file": SimpleUploadedFile("目标.xlsx", data)},
    )
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["added"], body["changed"], body["unchanged"], body["untouched"]) == (1, 2, 1, 0)
    gdp = next(r for r in body["rows"] if r["key"] == "甲县2025年 地区生产总值·增速")
    assert gdp["changes"] == [{"column": "下限", "before": "5.5", "after": "6"}]
    assert Target.objects.get(indicator=figures.gdp).low == Decimal("5.5")
    stale = client.post(
        "/api/v1/targets/import",
        {"digest": "0" * 32, "file": SimpleUploadedFile("目标.xlsx", data)},
    )
    assert stale.status_code == 422 and "预览之后" in stale.json()["detail"]
    apply = client.post(
        "/api/v1/targets/import",
        {"digest": body["digest"], "file": SimpleUploadedFile("目标.xlsx", data)},
    )
    assert apply.status_code == 201, apply.content
    assert apply.json() == {"created": 1, "updated": 2}
    assert Target.objects.get(indicator=figures.gdp).low == Decimal(6)


def test_monthly_figures_preview_their_changes_too(client_for, supervisor, figures):
    params = {"region": "930121", "year": "2025", "period": "month-11"}
    content = (
        client_for(supervisor)
        .get(reverse("indicators:import_template", args=["observations"]), params)
        .content
    )
    book = load_workbook(BytesIO(content))
    sheet = book.active
    gdp = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 4).value == "地区生产总值")
    sheet.cell(gdp, 7).value = 6.3
    result = observations_plan(actor=supervisor, data=saved(book))
    assert result.ok
    changed = [r for r in result.plan.rows if r.label == "修改"]
    assert [(r.key, [(c.column, c.before, c.after) for c in r.changes]) for r in changed] == [
        ("甲县2025年1–11月 地区生产总值", [("增速(%)", "6.1", "6.3")])
    ]
    assert result.plan.count("unchanged") == len(result.plan.rows) - 1


# --- exports write text as text and figures as numbers -------------------------------------


RISKY = ('=HYPERLINK("http://x","点")', "+86-1", "-1+2", "@SUM(A1)")


def test_indicator_exports_write_formula_like_text_as_text_and_figures_as_numbers(
    client_for, supervisor, world, figures
):
    for number, text in enumerate(RISKY):
        odd = services.indicator_create(
            actor=None, code=f"odd-{number}", name=text, unit="亿元", measure="level"
        )
        services.target_set(
            actor=None,
            region=world.county,
            year=2025,
            indicator=odd,
            measure="level",
            low=Decimal("100.5"),
            high=None,
            qualifier="at_least",
            unit=text[:20],
        )
        services.observation_record(
            actor=None,
            region=world.county,
            indicator=odd,
            year=2025,
            period_kind="month",
            period_index=11,
            value=Decimal("-12.5"),
            unit=text[:20],
        )
    template = exported().active
    for text in RISKY:
        line = line_of(template, text)
        name, low, unit = template.cell(line, 3), template.cell(line, 5), template.cell(line, 7)
        assert (name.data_type, name.value) == ("s", text)
        assert (unit.data_type, unit.value) == ("s", text[:20])
        assert low.data_type == "n" and low.value == 100.5
    table = client_for(supervisor).get(
        reverse("indicators:table_xlsx"), {"region": "930121", "year": "2025", "period": "month-11"}
    )
    sheet = load_workbook(BytesIO(table.content)).active
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=3)}
    for text in RISKY:
        name, value, unit = rows[text][1], rows[text][3], rows[text][4]
        assert (name.data_type, name.value) == ("s", text)
        assert (value.data_type, value.value) == ("n", -12.5)
        assert (unit.data_type, unit.value) == ("s", text[:20])
    gdp = rows["地区生产总值"]
    assert gdp[5].data_type == "n" and gdp[5].value == pytest.approx(6.1)
    assert gdp[5].number_format == "0.0"  # percent points under 增速（%）
    jobs = rows["城镇新增就业"]
    assert jobs[6].data_type == "n" and jobs[6].value == pytest.approx(71.4)  # 进度（%）
