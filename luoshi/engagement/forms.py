from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Unit
from luoshi.core.unit_fields import CoUnitsField, LeadUnitField, refuse_lead_as_co_unit
from luoshi.core.upload_fields import AttachmentsField
from luoshi.core.upload_screening import MEGABYTE
from luoshi.core.widgets import ChineseDateInput
from luoshi.engagement.meeting_file_services import ACCEPTED as MEETING_FILES_ACCEPTED
from luoshi.engagement.meeting_file_services import MAX_FILE_BYTES as MEETING_FILE_MAX_BYTES
from luoshi.engagement.meeting_file_services import MAX_PER_MEETING
from luoshi.engagement.models import AnswerCategory, AnswerState
from luoshi.engagement.services import MAX_OPINION_CHARS

SECTORS = [
    "",
    "基层干部",
    "企业",
    "个体工商户",
    "农民",
    "教师",
    "医务人员",
    "社区工作者",
    "人大代表",
    "政协委员",
    "离退休人员",
    "学生",
    "其他",
]


class PublicOpinionForm(forms.Form):
    text = forms.CharField(
        label=_("意见建议"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_OPINION_CHARS}),
        max_length=MAX_OPINION_CHARS,
        error_messages={
            "required": _("请填写意见内容。"),
            "max_length": _("意见内容不能超过 %(limit_value)d 字。"),
        },
    )
    author_name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    author_sector = forms.ChoiceField(
        label=_("身份（可不选）"), choices=[(s, s or "—") for s in SECTORS], required=False
    )
    contact = forms.CharField(label=_("联系方式（可不填，不公开）"), max_length=100, required=False)
    anchor = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    quote = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them); filled in by form-filling robots.
    website = forms.CharField(required=False, max_length=200, label=_("网址"))

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"))
        return value


class OpinionRecordForm(forms.Form):
    text = forms.CharField(
        label=_("意见内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_OPINION_CHARS * 5,
    )
    channel = forms.ChoiceField(
        label=_("渠道"), choices=[("written", _("书面意见")), ("meeting", _("会上发言"))]
    )
    author_name = forms.CharField(label=_("提出人"), max_length=50, required=False)
    author_sector = forms.CharField(label=_("界别/身份"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系方式（不公开）"), max_length=100, required=False)
    topics = forms.CharField(
        label=_("议题标签"), max_length=200, required=False, help_text=_("用顿号或逗号分隔")
    )


def split_topics(value: str) -> list[str]:
    for separator in "，,；;":
        value = value.replace(separator, "、")
    return [t.strip() for t in value.split("、") if t.strip()]


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("答复结果"), choices=[c for c in AnswerState.choices if c[0] != AnswerState.PENDING]
    )
    reply = forms.CharField(
        label=_("答复"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_OPINION_CHARS
    )
    category = forms.ChoiceField(
        label=_("答复类别（交办的代表建议必填）"),
        choices=[("", "—"), *AnswerCategory.choices],
        required=False,
    )
    is_public = forms.BooleanField(label=_("在意见反馈页公开"), required=False)
    topics = forms.CharField(label=_("议题标签"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        labels: dict[str, str] | None = None,
        office: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not office:  # the unit answers; publishing and the tags stay the office's
            del self.fields["is_public"]
            del self.fields["topics"]
        if labels:  # the region's own words for the answer states
            state_field = self.fields["state"]
            assert isinstance(state_field, forms.ChoiceField)
            state_field.choices = [
                (value, labels.get(value, str(label)))
                for value, label in AnswerState.choices
                if value != AnswerState.PENDING
            ]


class MeetingFilesForm(forms.Form):
    attachments = AttachmentsField(
        label=_("上传附件"),
        required=True,
        accepted=MEETING_FILES_ACCEPTED,
        error_messages={"required": _("请选择要上传的文件。")},
        help_text=format_lazy(
            _("可选多个文件：{accepted}；每个不超过 {mb} MB，每个会议最多 {n} 个。"),
            accepted=MEETING_FILES_ACCEPTED.label,
            mb=MEETING_FILE_MAX_BYTES // MEGABYTE,
            n=MAX_PER_MEETING,
        ),
    )


class ReferralForm(forms.Form):
    """交办: a lead unit, its co-units and a deadline, from the units the meeting may refer to
    (its region and below). The service decides who may refer and refuses a past deadline."""

    lead_unit = LeadUnitField(label=_("牵头单位"))
    co_units = CoUnitsField(label=_("配合单位"))
    deadline = forms.DateField(
        label=_("办理时限"),
        widget=ChineseDateInput(min_date=timezone.localdate),
        error_messages={
            "required": _("请填写办理时限。"),
            "invalid": _("请按“年-月-日”填写办理时限，如 2026-12-31。"),
        },
    )

    again = forms.BooleanField(label=_("再次交办（这条已交办过）"), required=False)

    def __init__(
        self, *args: Any, units: list[Unit], referred: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not referred:
            del self.fields["again"]
        queryset: QuerySet[Unit] = (
            Unit.objects.filter(pk__in=[u.pk for u in units], is_active=True)
            .select_related("region")
            .order_by("region__code", "sort_order", "name")
        )
        for name in ("lead_unit", "co_units"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        refuse_lead_as_co_unit(self, cleaned)
        return cleaned

    def units(self) -> list[Unit]:
        """The lead first, then the co-units: the order the service reads."""
        return [self.cleaned_data["lead_unit"], *self.cleaned_data["co_units"]]
