"""Forms of the project pages. They check shape and words; the services check the rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, Unit
from luoshi.core.upload_screening import EVIDENCE, MEGABYTE
from luoshi.core.widgets import (
    ChineseDateInput,
    ChineseMonthInput,
    UnitSearchSelect,
    YearInput,
    YearSelect,
)
from luoshi.indicators.forms import SpreadsheetUploadForm
from luoshi.projects import stages
from luoshi.projects.models import Category, ProblemCategory
from luoshi.projects.services.inclusion_flow import MAX_EVIDENCE_BYTES
from luoshi.projects.stages import Stage
from luoshi.tasks.models import Task

AMOUNT_ATTRS = {"step": "0.01", "min": "0", "inputmode": "decimal"}
EVIDENCE_HELP = format_lazy(
    _("{accepted}，不超过 {mb} MB"), accepted=EVIDENCE.label, mb=MAX_EVIDENCE_BYTES // MEGABYTE
)
COLOUR_CHOICES = [("", _("全部")), ("red", _("红")), ("yellow", _("黄")), ("green", _("绿"))]


def amount_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=help_text,
        widget=forms.NumberInput(attrs=AMOUNT_ATTRS),
        error_messages={
            "min_value": _("金额不能为负数。"),
            "invalid": _("请填写数字（万元）。"),
            "max_decimal_places": _("最多保留两位小数。"),
            "max_digits": _("数值过大，请以万元为单位填写。"),
            "max_whole_digits": _("数值过大，请以万元为单位填写。"),
        },
    )


class MonthField(forms.DateField):
    """A month (<input type=month>), kept as its first day."""

    widget = ChineseMonthInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": _("请按“年-月”填写，如 2026-05。")})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


def done_date_input() -> ChineseDateInput:
    """A date something happened on: not later than today (the services say so too)."""
    return ChineseDateInput(max_date=timezone.localdate)


class ListFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    region = forms.RegexField(
        label=_("区划代码"),
        regex=r"^\d{6}(\d{3})?$",
        required=False,
        max_length=9,
        error_messages={"invalid": _("区划代码应为 6 位或 9 位数字。")},
    )
    unit = forms.IntegerField(label=_("责任单位"), required=False, min_value=1)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Category.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部")), *Stage.choices], required=False
    )
    colour = forms.ChoiceField(label=_("预警"), choices=COLOUR_CHOICES, required=False)
    q = forms.CharField(label=_("项目名称"), required=False, max_length=50)
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=ChineseDateInput())


class ProjectForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, widget=YearSelect())
    code = forms.CharField(label=_("项目编号"), required=False, max_length=30)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    content = forms.CharField(
        label=_("建设内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("项目类别"), choices=Category.choices)
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), widget=UnitSearchSelect
    )
    leader = forms.CharField(label=_("责任领导"), required=False, max_length=50)
    task = forms.ModelChoiceField(label=_("对应任务"), queryset=Task.objects.none(), required=False)
    total_investment = amount_field(_("总投资（万元）"))
    annual_plan = amount_field(_("年度计划投资（万元）"))
    invested_before_year = amount_field(
        _("上年末累计完成投资（万元）"), required=False, help_text=_("新开工项目填 0 或不填")
    )
    started_planned = MonthField(label=_("计划开工月份"), required=False)
    is_public = forms.BooleanField(label=_("在门户公开"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        tasks: QuerySet[Task],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["task"].queryset = tasks  # type: ignore[attr-defined]
        self.fields["task"].label_from_instance = lambda task: f"{task.year} · {task}"  # type: ignore[attr-defined]


class InvestmentForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("月份"), coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)]
    )
    planned = amount_field(_("本月计划（万元）"), required=False)
    completed = amount_field(_("本月完成（万元）"))
    year_to_date = amount_field(
        _("年度累计（万元）"), required=False, help_text=_("不填则按已填各月自动计算")
    )
    since_start = amount_field(
        _("自开工累计（万元）"), required=False, help_text=_("不填则按上年末累计加年度累计计算")
    )
    note = forms.CharField(label=_("备注"), required=False, max_length=200)


class StageAdvanceForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("阶段"),
        choices=[(s, stages.label(s)) for s in stages.DATED_STAGES if s != Stage.INCLUDED],
    )
    actual_on = forms.DateField(label=_("实际日期"), widget=done_date_input())
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class StagePlanForm(forms.Form):
    signed_planned = forms.DateField(label=_("计划签约"), required=False, widget=ChineseDateInput())
    approved_planned = forms.DateField(
        label=_("计划审批"), required=False, widget=ChineseDateInput()
    )
    started_planned = MonthField(label=_("计划开工月份"), required=False)
    included_planned = forms.DateField(
        label=_("计划纳统"), required=False, widget=ChineseDateInput()
    )
    completed_planned = forms.DateField(
        label=_("计划竣工"), required=False, widget=ChineseDateInput()
    )
    operating_planned = forms.DateField(
        label=_("计划投产/达效"), required=False, widget=ChineseDateInput()
    )


class StageRevertForm(forms.Form):
    stage = forms.ChoiceField(label=_("退回到"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


def _evidence_field(label: Any) -> forms.FileField:
    # What may be kept is the service's to judge, by content (services.inclusion_flow): the
    # page and the API refuse the same files with the same sentence.
    return forms.FileField(
        label=label,
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE.accept_attribute}),
        help_text=EVIDENCE_HELP,
    )


class InclusionReportForm(forms.Form):
    approval_document = _evidence_field(_("立项审批（核准、备案）文件"))
    contract_or_photos = _evidence_field(_("施工合同或现场照片"))
    photos_taken_on = forms.DateField(
        label=_("照片拍摄日期"), required=False, widget=done_date_input()
    )
    business_licence = _evidence_field(_("营业执照"))
    note = forms.CharField(
        label=_("申报说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InclusionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("review", _("审核通过")), ("accept", _("确认纳统")), ("return", _("退回"))]
    )
    included_on = forms.DateField(label=_("纳统日期"), required=False, widget=done_date_input())
    statistics_code = forms.CharField(label=_("统计入库编码"), required=False, max_length=40)
    reason = forms.CharField(label=_("退回理由"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "accept" and not cleaned.get("included_on"):
            self.add_error("included_on", _("请填写纳统日期。"))
        if cleaned.get("decision") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("退回须说明理由。"))
        return cleaned


class ProblemForm(forms.Form):
    category = forms.ChoiceField(label=_("问题类别"), choices=ProblemCategory.choices)
    description = forms.CharField(
        label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), widget=UnitSearchSelect
    )
    person = forms.CharField(label=_("责任人"), required=False, max_length=50)
    deadline = forms.DateField(label=_("解决时限"), required=False, widget=ChineseDateInput())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ProblemStepForm(forms.Form):
    """Resolve (resolution), escalate (note) or reopen (reason): one text, required."""

    text = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class InvestmentImportForm(SpreadsheetUploadForm):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        help_text=_("表中没有“年度”列或该列为空时使用"),
        widget=YearInput(),
    )


class ProjectListImportForm(SpreadsheetUploadForm):
    """The project list to import: for which region and year (the file's rows are matched
    with that region's projects of that year)."""

    region = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, widget=YearInput())
    field_order = ("region", "year", "file")

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        region_field.label_from_instance = lambda region: region.name
        if len(regions) == 1:
            region_field.initial = regions[0].pk


class PresetForm(forms.Form):
    start_red_months = forms.IntegerField(
        label=_("逾期几个月未开工为红"), min_value=1, max_value=24
    )
    inclusion_yellow_months = forms.IntegerField(
        label=_("开工几个月未纳统为黄"), min_value=1, max_value=24
    )
    inclusion_red_months = forms.IntegerField(
        label=_("开工几个月未纳统为红"), min_value=1, max_value=24
    )
    investment_red_points = forms.DecimalField(
        label=_("投资完成落后计划多少个百分点为红"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=1,
    )
    statistics_unit = forms.ModelChoiceField(
        label=_("统计部门"), queryset=Unit.objects.none(), required=False, widget=UnitSearchSelect
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statistics_unit"].queryset = units  # type: ignore[attr-defined]
