"""Forms of the decomposition pages: the list's filters, a task, sources, the 分解表 upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, Unit
from luoshi.core.spreadsheets.cells import CellError
from luoshi.core.unit_fields import CoUnitsField, LeadUnitField, refuse_lead_as_co_unit
from luoshi.core.widgets import ChineseDateInput, UnitSearchSelect, YearInput, YearSelect
from luoshi.tasks.excel.cells import parse_deadline
from luoshi.tasks.excel.reading import MAX_UPLOAD_BYTES
from luoshi.tasks.models import Cadence, Colour, TaskStatus

QUARTER_FIELDS = (
    ("q1", _("一季度节点")),
    ("q2", _("二季度节点")),
    ("q3", _("三季度节点")),
    ("q4", _("四季度节点")),
)
DATE = ChineseDateInput()


class UnitChoiceField(forms.ModelChoiceField[Unit]):
    widget = UnitSearchSelect

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class TaskFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1978, max_value=2100)
    unit = forms.TypedChoiceField(label=_("单位"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("状态"), required=False)
    colour = forms.ChoiceField(label=_("颜色"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    month = forms.BooleanField(label=_("只看本月到期"), required=False)
    q = forms.CharField(label=_("内容包含"), required=False, max_length=50)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.choices = [("", _("全部单位")), *((u.pk, u.name) for u in units[:500])]
        status_field: Any = self.fields["status"]
        status_field.choices = [("", _("全部状态")), *TaskStatus.choices]
        colour_field: Any = self.fields["colour"]
        colour_field.choices = [("", _("全部颜色")), *Colour.choices]


def _deadline(cleaned: dict[str, Any], year: int | None, form: forms.Form) -> None:
    """A date, or words (6月底前, 长期坚持) read into one; the words are kept."""
    if cleaned.get("deadline") is not None:
        return
    text = (cleaned.get("deadline_text") or "").strip()
    if not text:
        form.add_error("deadline", _("请填写完成时限（日期，或“6月底前”“年底前”等）。"))
        return
    try:
        cleaned["deadline"] = parse_deadline(text, year or timezone.localdate().year).date
    except CellError as error:
        form.add_error("deadline_text", str(error))


class TaskForm(forms.Form):
    region = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=1978, max_value=2100, widget=YearSelect())
    number = forms.CharField(label=_("序号"), required=False, max_length=20)
    title = forms.CharField(label=_("具体工作"), widget=forms.Textarea(attrs={"rows": 3}))
    source_text = forms.CharField(
        label=_("报告任务原文"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    leader = forms.CharField(label=_("责任领导"), required=False, max_length=100)
    lead_unit = LeadUnitField()
    co_units = CoUnitsField()
    deadline = forms.DateField(
        label=_("完成时限"),
        required=False,
        widget=DATE,
        help_text=_("填日期；或不填日期，只在下面填原文"),
    )
    deadline_text = forms.CharField(
        label=_("完成时限（原文）"),
        required=False,
        max_length=50,
        help_text=_("如“6月底前”“长期坚持”；只填原文时按原文推算日期"),
    )
    start_date = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    cadence = forms.ChoiceField(
        label=_("报送周期"), choices=Cadence.choices, initial=Cadence.MONTHLY
    )
    is_public = forms.BooleanField(label=_("向社会公开"), required=False)
    q1 = forms.CharField(label=QUARTER_FIELDS[0][1], required=False, max_length=500)
    q2 = forms.CharField(label=QUARTER_FIELDS[1][1], required=False, max_length=500)
    q3 = forms.CharField(label=QUARTER_FIELDS[2][1], required=False, max_length=500)
    q4 = forms.CharField(label=QUARTER_FIELDS[3][1], required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        regions: list[Region] | None,
        units: QuerySet[Unit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if regions is None:  # editing, or a sub-item: the region and year are the parent's
            del self.fields["region"]
            del self.fields["year"]
        else:
            region_field: Any = self.fields["region"]
            region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
            region_field.label_from_instance = lambda region: region.name
            if len(regions) == 1:
                self.fields["region"].initial = regions[0].pk
            self.fields["year"].initial = timezone.localdate().year
        lead_field: Any = self.fields["lead_unit"]
        lead_field.queryset = units
        co_field: Any = self.fields["co_units"]
        co_field.queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year = cleaned.get("year") or self.initial.get("year")
        _deadline(cleaned, year, self)
        refuse_lead_as_co_unit(self, cleaned)
        return cleaned

    def milestone_texts(self) -> dict[int, str]:
        return {q: (self.cleaned_data.get(f"q{q}") or "").strip() for q in range(1, 5)}


class AssignmentForm(forms.Form):
    """Who does the work, for tasks made from report paragraphs or a referral."""

    lead_unit = LeadUnitField()
    co_units = CoUnitsField()
    leader = forms.CharField(label=_("责任领导"), required=False, max_length=100)
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=DATE, help_text=_("不填为年底前")
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead_field: Any = self.fields["lead_unit"]
        lead_field.queryset = units
        co_field: Any = self.fields["co_units"]
        co_field.queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        refuse_lead_as_co_unit(self, cleaned)
        return cleaned


class TaskImportForm(forms.Form):
    region = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.none())
    # Typed, not a short list: an old year's 分解表 may be imported too.
    year = forms.IntegerField(label=_("年度"), min_value=1978, max_value=2100, widget=YearInput())
    file = forms.FileField(
        label=_("分解表（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("请选择要上传的 Excel 文件。")},
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        region_field.label_from_instance = lambda region: region.name
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 10 MB，请删去无关内容后再上传。"))
        return upload


class CommitmentDraftsForm(forms.Form):
    """The report's commitments as editable task drafts: tick a row, adjust its words, deadline
    and lead unit. Fields are per row (title_<id>, deadline_<id>, lead_<id>); only ticked rows
    are read, and a ticked row without a lead unit is an error on that row."""

    def __init__(
        self, *args: Any, drafts: list[Any], units: QuerySet[Unit], year: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.open_drafts = [d for d in drafts if d.task_id is None]
        self.rows: list[dict[str, Any]] = []
        for draft in self.open_drafts:
            key = draft.commitment.pk
            self.fields[f"title_{key}"] = forms.CharField(
                label=_("具体工作"), initial=draft.title, max_length=2000, required=False
            )
            self.fields[f"deadline_{key}"] = forms.CharField(
                label=_("完成时限"), initial=draft.deadline_text, max_length=50, required=False
            )
            self.fields[f"lead_{key}"] = UnitChoiceField(
                label=_("牵头单位"),
                queryset=units,
                required=False,
                initial=draft.lead_unit_id,
                empty_label=_("请选择"),
            )
            self.rows.append(
                {
                    "draft": draft,
                    "title": self[f"title_{key}"],
                    "deadline": self[f"deadline_{key}"],
                    "lead": self[f"lead_{key}"],
                }
            )

    def chosen_ids(self) -> set[str]:
        data: Any = self.data  # a QueryDict when bound
        return set(data.getlist("commitment")) if self.is_bound else set()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = self.chosen_ids()
        if not chosen:
            raise forms.ValidationError(_("请至少选择一项承诺事项。"))
        known = {str(d.commitment.pk) for d in self.open_drafts}
        if chosen - known:
            raise forms.ValidationError(_("所选承诺事项已分解或不属于这份报告，请刷新页面。"))
        for draft in self.open_drafts:
            key = draft.commitment.pk
            if str(key) not in chosen:
                continue
            if cleaned.get(f"lead_{key}") is None and f"lead_{key}" not in self.errors:
                self.add_error(f"lead_{key}", _("请选择牵头单位。"))
            if not (cleaned.get(f"title_{key}") or "").strip():
                self.add_error(f"title_{key}", _("请填写具体工作。"))
            text = cleaned.get(f"deadline_{key}")
            if not text and f"deadline_{key}" not in self.errors:
                self.add_error(f"deadline_{key}", _("请填写完成时限。"))
            if text:
                try:
                    cleaned[f"parsed_deadline_{key}"] = parse_deadline(text, self.year)
                except CellError as error:
                    self.add_error(f"deadline_{key}", str(error))
        return cleaned

    def chosen_rows(self) -> list[tuple[Any, dict[str, Any]]]:
        """(draft, {title, lead_unit, deadline}) for each ticked row; call after is_valid()."""
        chosen = self.chosen_ids()
        rows = []
        for draft in self.open_drafts:
            key = draft.commitment.pk
            if str(key) in chosen:
                parsed = self.cleaned_data[f"parsed_deadline_{key}"]
                rows.append(
                    (
                        draft,
                        {
                            "title": self.cleaned_data[f"title_{key}"],
                            "lead_unit": self.cleaned_data[f"lead_{key}"],
                            "deadline": parsed.date,
                            "deadline_text": parsed.text,
                        },
                    )
                )
        return rows
