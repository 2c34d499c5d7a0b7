"""The form that turns a hotspot into a task (and a supervision notice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.unit_fields import LeadUnitField
from luoshi.core.widgets import ChineseDateInput
from luoshi.tasks.models import NoticeColour


class HotspotWorkForm(forms.Form):
    title = forms.CharField(
        label=_("任务内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = LeadUnitField()
    deadline = forms.DateField(
        label=_("完成时限"), widget=ChineseDateInput(min_date=timezone.localdate)
    )
    notice_colour = forms.ChoiceField(
        label=_("同时下发督办单（可不选）"),
        choices=[("", _("不下发")), *NoticeColour.choices],
        required=False,
    )
    notice_due = forms.DateField(
        label=_("督办反馈时限（不填则同完成时限）"),
        widget=ChineseDateInput(min_date=timezone.localdate),
        required=False,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]

    def clean_deadline(self) -> dt.date:
        value: dt.date = self.cleaned_data["deadline"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("完成时限不能早于今天。"))
        return value
