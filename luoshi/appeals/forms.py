"""The appeal forms: the public one (phone-sized first) and the hotline operator's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.appeals.models import Topic, Urgency
from luoshi.appeals.services import MAX_CONTENT, MAX_PHOTOS, PHOTOS
from luoshi.core.models import Region
from luoshi.core.upload_fields import AttachmentsField


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
