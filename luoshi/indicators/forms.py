"""Forms of the indicator pages: the Excel imports' upload, a catalogue entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from luoshi.core.import_preview import HeldApplyForm
from luoshi.core.spreadsheets.reading import MAX_UPLOAD_BYTES
from luoshi.indicators.models import Indicator


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": _("请选择要上传的 Excel 文件。"),
            "empty": _("上传的文件是空的。"),
        },
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)s MB，请删去无关内容后再上传。"),
                params={"mb": MAX_UPLOAD_BYTES // 1024 // 1024},
            )
        return upload


class IndicatorForm(forms.ModelForm):
    """A catalogue entry; the key (代码) is set once, when the entry is added."""

    synonyms_text = forms.CharField(
        label=_("别名"),
        required=False,
        max_length=500,
        help_text=_("用顿号或逗号分隔，如 GDP、生产总值；报告中写法不同的叫法都写上"),
    )

    class Meta:
        model = Indicator
        fields = (
            "code",
            "name",
            "unit",
            "measure",
            "direction",
            "binding",
            "category",
            "description",
        )
        labels = {"code": _("代码（key）")}
        help_texts = {
            "code": _(
                "英文字母、数字、下划线，如 ping_guo_chan_liang；建立后不能修改，"
                "其他系统和识别结果用它对应指标"
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["synonyms_text"].initial = "、".join(self.instance.synonyms)

    def changes(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("code", "synonyms_text")}
        data["synonyms"] = self.cleaned_data.get("synonyms_text") or ""
        return data


class SheetApplyForm(HeldApplyForm):
    """The preview's confirmation, with the file's name (written into each figure's source)."""

    filename = forms.CharField(max_length=200, required=False)
