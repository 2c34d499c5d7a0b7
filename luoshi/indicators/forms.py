"""The upload form of the Excel imports."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from luoshi.indicators.spreadsheet_reading import MAX_UPLOAD_BYTES


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
