"""The meeting form (create and edit by hand): the meeting itself, and formsets of its people,
participant groups, speeches, insights (学习体会) and numbered instructions — a few empty rows
each, more after saving, so that the page works without scripts."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.core.widgets import ChineseDateInput
from luoshi.engagement.models import MeetingKind, PersonRole

SEPARATORS = re.compile(r"[、，,；;\s]+")


def words(text: str) -> tuple[str, ...]:
    """职务 or topics typed as one line: 县委书记、县长 → (县委书记, 县长)."""
    return tuple(part for part in SEPARATORS.split(text or "") if part)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=MeetingKind.choices)
    title = forms.CharField(
        label=_("名称"), max_length=200, error_messages={"required": _("请填写会议名称。")}
    )
    date = forms.DateField(label=_("日期"), required=False, widget=ChineseDateInput())
    time = forms.TimeField(
        label=_("时间（可不填）"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("所在地区"), queryset=Region.objects.none(), required=False, empty_label="—"
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    delegation = forms.CharField(
        label=_("代表团（代表团审议时填写）"), max_length=100, required=False
    )
    topics = forms.CharField(label=_("议题（用顿号分隔）"), max_length=300, required=False)
    minutes = forms.CharField(
        label=_("纪要"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    is_public = forms.BooleanField(label=_("在门户公开"), required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class PersonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    titles = forms.CharField(label=_("职务（用顿号分隔）"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("身份"), choices=PersonRole.choices, initial=PersonRole.ATTENDEE
    )


class GroupForm(forms.Form):
    sector = forms.CharField(label=_("群体"), max_length=100)
    count = forms.IntegerField(label=_("人数"), min_value=0, max_value=100000, required=False)


class SpeechForm(forms.Form):
    speaker_name = forms.CharField(label=_("发言人"), max_length=50)
    speaker_title = forms.CharField(label=_("身份"), max_length=100, required=False)
    topics = forms.CharField(label=_("议题（用顿号分隔）"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("发言摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InsightForm(forms.Form):
    place = forms.CharField(label=_("考察地"), max_length=100)
    seen = forms.CharField(
        label=_("看到的做法"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lesson = forms.CharField(
        label=_("学习体会"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InstructionForm(forms.Form):
    text = forms.CharField(
        label=_("指示要求"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InstructionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        """Instructions are numbered by their place: only the last ones may be emptied (a
        gap would renumber the rest and move their referrals)."""
        super().clean()
        texts = [(form.cleaned_data or {}).get("text", "").strip() for form in self.forms]
        last = max((i for i, text in enumerate(texts) if text), default=-1)
        if any(not text for text in texts[: last + 1]):
            raise forms.ValidationError(
                _("指示要求按顺序编号：只能清空最后几条，中间的请修改文字。")
            )


PeopleFormSet = forms.formset_factory(PersonForm, extra=3, can_delete=True, max_num=200)
GroupFormSet = forms.formset_factory(GroupForm, extra=2, can_delete=True, max_num=50)
SpeechFormSet = forms.formset_factory(SpeechForm, extra=2, can_delete=True, max_num=200)
InsightFormSet = forms.formset_factory(InsightForm, extra=2, can_delete=True, max_num=50)
InstructionsFormSet = forms.formset_factory(
    InstructionForm, formset=InstructionFormSet, extra=2, max_num=100
)


def instruction_texts(formset: forms.BaseFormSet) -> list[str]:
    """The instructions typed, in order."""
    texts = [(form.cleaned_data or {}).get("text", "").strip() for form in formset.forms]
    return [text for text in texts if text]
