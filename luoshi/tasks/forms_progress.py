from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.widgets import ChineseDateInput
from luoshi.tasks.forms_attachments import report_attachments_field
from luoshi.tasks.models import ChangeKind
from luoshi.tasks.services.progress_flow import MAX_TEXT

TEXT = {"rows": 4, "maxlength": MAX_TEXT}


class ProgressForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("报送单位"), coerce=int)
    progress = forms.CharField(
        label=_("进展情况"), widget=forms.Textarea(attrs=TEXT), max_length=MAX_TEXT, required=False
    )
    problems = forms.CharField(
        label=_("存在的问题"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    next_steps = forms.CharField(
        label=_("下一步措施"),
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    percent = forms.CharField(
        label=_("完成进度（%）"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=_("占全年任务的百分比，0–100"),
    )
    claims_done = forms.BooleanField(label=_("任务已全部完成"), required=False)
    attachments = report_attachments_field()

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = units
        if len(units) == 1:
            unit_field.widget = forms.HiddenInput()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退办理由"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        max_length=500,
        error_messages={"required": _("请填写退办理由。")},
    )


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("申请类型"), choices=ChangeKind.choices)
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
    )
    new_deadline = forms.DateField(
        label=_("新的完成时限"),
        required=False,
        widget=ChineseDateInput(),
        error_messages={"invalid": _("请填写正确的日期。")},
    )
    new_title = forms.CharField(
        label=_("调整后的工作内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批结果"),
        choices=[("1", _("同意")), ("0", _("不同意"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("审批意见"), required=False, max_length=500)
