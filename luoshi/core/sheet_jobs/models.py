"""A large spreadsheet import's preview or apply, run by the background worker.

Bookkeeping, like the held file it works on: the records the apply writes are logged by the
app's services, not the job. Imported by `luoshi.core.models`, so it is the core app's table.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import TimeStampedModel


class SheetJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未完成")


class SheetJobStep(models.TextChoices):
    PREVIEW = "preview", _("预览")
    APPLY = "apply", _("导入")


class SheetJob(TimeStampedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("导入类型"), max_length=64)
    step = models.CharField(_("步骤"), max_length=16, choices=SheetJobStep.choices)
    # The held upload (its SHA-256): see core.spreadsheets.held.
    token = models.CharField(_("文件标识"), max_length=64)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    params: models.JSONField[Any] = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=SheetJobStatus.choices, default=SheetJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    state_since = models.DateTimeField(_("状态开始时间"), null=True, blank=True)
    result: models.JSONField[Any] = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("原因"), blank=True)

    class Meta:
        verbose_name = _("表格导入任务")
        verbose_name_plural = _("表格导入任务")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "state_since"], name="sheet_job_status_since"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.step} #{self.pk}"

    @property
    def is_busy(self) -> bool:
        return self.status in (SheetJobStatus.QUEUED, SheetJobStatus.RUNNING)
