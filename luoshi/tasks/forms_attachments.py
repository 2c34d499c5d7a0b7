"""Choosing several files in one form field, and the notice answer with its files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from luoshi.core.upload_screening import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL
from luoshi.tasks.services.attachments import MAX_FILE_BYTES, MAX_PER_ANSWER, MAX_PER_REPORT

MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (none is fine); screening is the service's (see
    `luoshi.tasks.services.attachments`), so the API and the pages refuse the same files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        # An empty file gets the service's sentence, like every other refusal.
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items if item]


def _report_help() -> str:
    return gettext("可选多个文件：%(accepted)s；每个不超过 %(mb)d MB，每份报告最多 %(n)d 个。") % {
        "accepted": ACCEPTED_LABEL,
        "mb": MEGABYTES,
        "n": MAX_PER_REPORT,
    }


def _answer_help() -> str:
    return gettext("可选多个文件：%(accepted)s；每个不超过 %(mb)d MB，每次反馈最多 %(n)d 个。") % {
        "accepted": ACCEPTED_LABEL,
        "mb": MEGABYTES,
        "n": MAX_PER_ANSWER,
    }


# Evaluated when shown, in the reader's language.
report_help = lazy(_report_help, str)
answer_help = lazy(_answer_help, str)


def report_attachments_field() -> AttachmentsField:
    return AttachmentsField(label=gettext_lazy("附件"), help_text=report_help())


class NoticeAnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("办理情况"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": gettext_lazy("请填写办理情况。")},
    )
    attachments = AttachmentsField(label=gettext_lazy("反馈附件"), help_text=answer_help())
