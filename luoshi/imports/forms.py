from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from luoshi.core.upload_screening import display_name
from luoshi.engagement.models import MeetingKind
from luoshi.imports import meeting_review
from luoshi.imports.models import ItemKind
from luoshi.indicators.models import Direction, Measure, Qualifier
from luoshi.reports.forms import resolve_region
from luoshi.reports.models import VersionKind

ACCEPTED_SUFFIXES = (".txt", ".htm", ".html", ".docx", ".zip")
MAX_PASTE = 400_000
PERSON_NAME_LENGTH = 50  # MeetingPerson.name


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        required=False,
        help_text=_("txt、html 或 docx；多份文档可打成一个 zip 一次上传"),
    )
    text = forms.CharField(
        label=_("或粘贴正文"),
        required=False,
        max_length=MAX_PASTE,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("请上传文件或粘贴正文，二选一。"))
        if not upload and not text:
            raise forms.ValidationError(_("请选择文件，或粘贴报告正文。"))
        if upload and not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError(_("只支持 txt、html、docx 文件，或装着它们的 zip。"))
        return cleaned

    def name_and_bytes(self) -> tuple[str, bytes]:
        upload = self.cleaned_data.get("file")
        if upload:
            # The document is read, never kept as a file; its name is shown: no folders, no
            # control or bidi characters (the same cleaning as stored uploads).
            return display_name(upload.name), upload.read()
        return "粘贴的文本.txt", self.cleaned_data["text"].encode("utf-8")


class BatchMetaForm(forms.Form):
    region_ref = forms.CharField(label=_("行政区划"), max_length=30, help_text=_("区划代码或名称"))
    year = forms.IntegerField(label=_("报告年度"), min_value=1978, max_value=2100, required=False)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    create_version = forms.BooleanField(label=_("生成报告版本"), required=False)
    create_meetings = forms.BooleanField(label=_("生成会议记录"), required=False)
    version_kind = forms.ChoiceField(label=_("作为版本"), choices=VersionKind.choices)

    def clean_region_ref(self) -> Any:
        return resolve_region(self.cleaned_data["region_ref"])


def _number(value: str, label: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return float(Decimal(value))
    except InvalidOperation as error:
        raise forms.ValidationError(
            _("%(label)s“%(value)s”不是数字。"), params={"label": label, "value": value}
        ) from error


class ItemEditForm(forms.Form):
    """The editable fields of an item, by kind."""

    name = forms.CharField(label=_("指标"), max_length=60, required=False)
    period = forms.CharField(label=_("期间"), max_length=10, required=False)
    measure = forms.ChoiceField(label=_("类型"), choices=Measure.choices, required=False)
    low = forms.CharField(label=_("下限"), max_length=20, required=False)
    high = forms.CharField(label=_("上限"), max_length=20, required=False)
    value = forms.CharField(label=_("数值"), max_length=20, required=False)
    growth = forms.CharField(label=_("增速%"), max_length=20, required=False)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False)
    qualifier = forms.ChoiceField(label=_("表述"), choices=Qualifier.choices, required=False)
    direction = forms.ChoiceField(label=_("方向"), choices=Direction.choices, required=False)
    text = forms.CharField(label=_("内容"), max_length=2000, required=False)
    # An event and a person (the meeting they become is written at commit).
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices, required=False)
    date = forms.CharField(label=_("日期"), max_length=20, required=False)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    host = forms.CharField(label=_("主持人"), max_length=50, required=False)
    participants = forms.CharField(label=_("参加人员"), max_length=2000, required=False)
    topics = forms.CharField(label=_("议题"), max_length=500, required=False)
    titles = forms.CharField(label=_("职务"), max_length=300, required=False)

    FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
        ItemKind.TARGET: (
            "name",
            "period",
            "measure",
            "low",
            "high",
            "unit",
            "qualifier",
            "direction",
        ),
        ItemKind.INDICATOR: ("name", "period", "value", "unit", "growth"),
        ItemKind.COMMITMENT: ("text",),
        ItemKind.INSTRUCTION: ("text",),
        ItemKind.EVENT: ("kind", "date", "place", "host", "participants", "topics"),
        ItemKind.PERSON: ("name", "titles"),
    }
    NUMERIC = frozenset({"low", "high", "value", "growth"})
    # (how many, how long each): what a meeting record holds.
    LISTS: ClassVar[dict[str, tuple[int, int]]] = {
        "participants": (40, 100),
        "topics": (8, 20),
        "titles": (8, 40),
    }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_kind = kind
        for name in list(self.fields):
            if name not in self.FIELDS_BY_KIND.get(kind, ()):
                del self.fields[name]

    def edited_values(self) -> dict[str, Any]:
        if self.item_kind in (ItemKind.EVENT, ItemKind.PERSON):
            return self._meeting_values()
        values: dict[str, Any] = {}
        for name in self.fields:
            raw = self.cleaned_data.get(name, "")
            if name in self.NUMERIC:
                values[name] = _number(str(raw or ""), str(self.fields[name].label))
            elif raw != "":
                values[name] = raw.strip() if isinstance(raw, str) else raw
        if self.item_kind in (ItemKind.COMMITMENT, ItemKind.INSTRUCTION) and not values.get("text"):
            raise forms.ValidationError(_("内容不能为空。"))
        if self.item_kind in (ItemKind.TARGET, ItemKind.INDICATOR) and not values.get("name"):
            raise forms.ValidationError(_("请填写指标名称。"))
        return values

    def _meeting_values(self) -> dict[str, Any]:
        """An event's or a person's fields, each as typed (an emptied one is emptied)."""
        values: dict[str, Any] = {}
        try:
            for name in self.fields:
                raw = str(self.cleaned_data.get(name) or "").strip()
                if name in self.LISTS:
                    limit, length = self.LISTS[name]
                    values[name] = meeting_review.names(raw, limit=limit, length=length)
                elif name == "date":
                    values[name] = meeting_review.parse_event_date(raw)
                else:
                    values[name] = raw
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        if self.item_kind == ItemKind.PERSON and not values.get("name"):
            raise forms.ValidationError(_("请填写姓名。"))
        if self.item_kind == ItemKind.PERSON and len(values["name"]) > PERSON_NAME_LENGTH:
            raise forms.ValidationError(_("姓名太长（最多 50 个字）。"))
        if self.item_kind == ItemKind.EVENT and not values.get("kind"):
            raise forms.ValidationError(_("请选择会议类型。"))
        return values
