from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region
from luoshi.reports.models import VersionKind, WorkReport

MAX_VERSION_TEXT = 400_000


def resolve_region(value: str) -> Region:
    """A region from its code or its exact name; an ambiguous name asks for the code."""
    value = value.strip()
    if value.isdigit():
        region = Region.objects.filter(code=value).first()
        if region is None:
            raise forms.ValidationError(
                _("没有代码为 %(code)s 的行政区划。"), params={"code": value}
            )
        return region
    matches = list(Region.objects.filter(name=value).select_related("parent")[:5])
    if not matches:
        raise forms.ValidationError(_("没有名为“%(name)s”的行政区划。"), params={"name": value})
    if len(matches) > 1:
        options = "、".join(
            f"{r.parent.name if r.parent else ''}{r.name}（{r.code}）" for r in matches
        )
        raise forms.ValidationError(
            _("有多个同名区划：%(options)s，请填写区划代码。"), params={"options": options}
        )
    return matches[0]


class ReportForm(forms.ModelForm):
    region_ref = forms.CharField(
        label=_("行政区划"), max_length=30, help_text=_("区划代码或名称，如 910121 或 清源县")
    )

    class Meta:
        model = WorkReport
        fields = (
            "year",
            "title",
            "speaker_name",
            "speaker_title",
            "congress_session",
            "delivered_on",
        )
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("留空则为“2025年××县政府工作报告”")
        self.order_fields(["region_ref", "year", "title"])

    def clean_region_ref(self) -> Region:
        return resolve_region(self.cleaned_data["region_ref"])

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        region, year = cleaned.get("region_ref"), cleaned.get("year")
        if region and year and WorkReport.objects.filter(region=region, year=year).exists():
            raise forms.ValidationError(
                _("%(region)s %(year)s 年的政府工作报告已经存在。"),
                params={"region": region.name, "year": year},
            )
        return cleaned


class VersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("版本类型"), choices=VersionKind.choices)
    label = forms.CharField(
        label=_("说明"), max_length=100, required=False, help_text=_("如 吸纳座谈会意见后修改")
    )
    text = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "report-editor"}),
        max_length=MAX_VERSION_TEXT,
        help_text=_("每段一行；“一、”“（一）”“1.”开头的短行作为标题。"),
        error_messages={"required": _("正文不能为空。")},
    )
