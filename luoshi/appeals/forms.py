"""The appeal forms: the public one (phone-sized first) and the hotline operator's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.appeals.models import Satisfaction, Topic, Urgency
from luoshi.appeals.services import MAX_CONTENT, MAX_PHOTOS, PHOTOS
from luoshi.core.models import Region, Unit
from luoshi.core.unit_fields import CoUnitsField, LeadUnitField
from luoshi.core.upload_fields import AttachmentsField
from luoshi.core.widgets import UnitCheckboxes


class AppealForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("所在地区"),
        queryset=Region.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("请选择诉求所在的地区。")},
    )
    place = forms.CharField(
        label=_("具体地点（可不填）"),
        max_length=200,
        required=False,
        help_text=_("村（社区）、小区、路段"),
    )
    topic = forms.ChoiceField(label=_("诉求类别"), choices=Topic.choices)
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL
    )
    content = forms.CharField(
        label=_("诉求内容"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_CONTENT}),
        max_length=MAX_CONTENT,
        error_messages={"required": _("请填写诉求内容。")},
    )
    contact_name = forms.CharField(label=_("联系人（可不填）"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话（可不填，只给承办单位看）"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    is_anonymous = forms.BooleanField(label=_("匿名反映（不留联系方式）"), required=False)

    def __init__(self, *args: Any, regions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()  # type: ignore[attr-defined]


class PublicAppealForm(AppealForm):
    photos = AttachmentsField(
        label=_("照片（可不传，最多 %(n)d 张）") % {"n": MAX_PHOTOS},
        required=False,
        accepted=PHOTOS,
    )
    # Left empty by people (it is hidden from them); filled in by form-filling robots.
    website = forms.CharField(required=False, max_length=200, label=_("网址"))

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"))
        return value


class TrackForm(forms.Form):
    number = forms.CharField(label=_("诉求编号"), max_length=20)
    secret = forms.CharField(
        label=_("联系电话或查询码"),
        max_length=30,
        help_text=_("留了电话的填电话；匿名反映的填提交时给出的 6 位查询码"),
    )


class VisitForm(forms.Form):
    """回访: the verdict on the answer (the citizen's, or taken on the telephone)."""

    satisfaction = forms.ChoiceField(
        label=_("对办理结果是否满意"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意、基本满意或不满意。")},
    )
    solved = forms.ChoiceField(
        label=_("问题是否解决"),
        choices=(("yes", _("已解决")), ("no", _("未解决"))),
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label=_("不满意的原因（选不满意时必填）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def resolved(self) -> bool | None:
        return solved_answer(self.cleaned_data.get("solved") or "")


def solved_answer(value: str) -> bool | None:
    """已解决 · 未解决 · not said."""
    return {"yes": True, "no": False}.get(value)


class DispatchForm(forms.Form):
    """派单: the lead unit (the suggested one chosen), co-units for joint handling, a note.
    The step itself checks the units again (`steps.take_step`)."""

    unit = LeadUnitField(label=_("承办单位（牵头）"))
    co_units = CoUnitsField(
        label=_("协办单位（需要联合办理时勾选）"), widget=UnitCheckboxes(lead_field="unit")
    )
    note = forms.CharField(
        label=_("说明（可不填）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = units if units is not None else Unit.objects.none()
        self.fields["unit"].queryset = choices  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = choices  # type: ignore[attr-defined]
