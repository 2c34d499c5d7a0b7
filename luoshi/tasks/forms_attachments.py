"""Choosing several files in one form field, and the notice answer with its files."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from luoshi.core.upload_fields import AttachmentsField
from luoshi.core.upload_screening import ACCEPTED_LABEL
from luoshi.tasks.services.attachments import MAX_FILE_BYTES, MAX_PER_ANSWER, MAX_PER_REPORT

MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)


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
