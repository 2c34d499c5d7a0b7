"""A form field for several files at once; what may be kept is the services' to decide (see
`luoshi.core.upload_screening`), so the API and the pages refuse the same files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from luoshi.core.upload_screening import DOCUMENTS_AND_IMAGES, Accepted


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (none is fine unless required=True); the file chooser is hinted
    with the extensions `accepted` takes."""

    def __init__(self, *args: Any, accepted: Accepted = DOCUMENTS_AND_IMAGES, **kwargs: Any):
        kwargs.setdefault("required", False)
        # An empty file gets the service's sentence, like every other refusal.
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accepted.accept_attribute}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items if item]
