"""Forms of a cooperation item (合作事项) and of its follow-up (跟进记录)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Unit
from luoshi.core.unit_fields import LeadUnitField
from luoshi.core.widgets import ChineseDateInput
from luoshi.engagement.models import CooperationStatus


def amount_field(label: Any) -> forms.DecimalField:
    """签约金额 in 亿元, optional."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"invalid": _("签约金额请填数字（亿元），如 12.5。")},
    )


class CooperationForm(forms.Form):
    partner = forms.CharField(
        label=_("合作方（地区或企业）"),
        max_length=100,
        error_messages={"required": _("请填写合作方。")},
    )
    content = forms.CharField(
        label=_("合作内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写合作内容。")},
    )
    unit = LeadUnitField(
        label=_("责任单位"),
        error_messages={
            "required": _("请选择责任单位。"),
            "invalid_choice": _("所选责任单位不在可选范围内，请从列表中选择。"),
        },
    )
    next_step = forms.CharField(label=_("下一步"), max_length=300, required=False)
    deadline = forms.DateField(
        label=_("完成时限"),
        widget=ChineseDateInput(),
        error_messages={
            "required": _("请填写完成时限。"),
            "invalid": _("请按“年-月-日”填写完成时限，如 2026-12-31。"),
        },
    )
    amount = amount_field(_("签约金额（亿元，可不填）"))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset: QuerySet[Unit] = (
            Unit.objects.filter(pk__in=[u.pk for u in units], is_active=True)
            .select_related("region")
            .order_by("region__code", "sort_order", "name")
        )
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class FollowForm(forms.Form):
    on = forms.DateField(
        label=_("日期"),
        widget=ChineseDateInput(max_date=timezone.localdate),
        initial=timezone.localdate,
        error_messages={"invalid": _("请按“年-月-日”填写日期。")},
    )
    text = forms.CharField(
        label=_("进展情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写进展情况。")},
    )
    status = forms.ChoiceField(label=_("跟进后状态"), choices=CooperationStatus.choices)
    next_step = forms.CharField(label=_("下一步"), max_length=300, required=False)
    amount = amount_field(_("签约金额（亿元，签约后填写）"))
