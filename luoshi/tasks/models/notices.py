"""Supervision notices (督办单), their history of steps, and the files sent with answers."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit
from luoshi.tasks.models.attachment_base import StoredAttachment
from luoshi.tasks.models.task import Task


class NoticeColour(models.TextChoices):
    BLUE = "blue", _("蓝色督办（临期提醒）")
    YELLOW = "yellow", _("黄色督办（进度滞后）")
    RED = "red", _("红色督办（逾期）")


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("已下发")
    RECEIVED = "received", _("已签收")
    ANSWERED = "answered", _("已反馈")
    CLOSED = "closed", _("已办结")


class Notice(TimeStampedModel):
    """督办单: issued to a unit about a task, received (签收), answered, reviewed, closed."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="notices", verbose_name=_("任务")
    )
    unit = models.ForeignKey(Unit, verbose_name=_("督办对象"), on_delete=models.PROTECT)
    colour = models.CharField(_("督办等级"), max_length=6, choices=NoticeColour.choices)
    number = models.CharField(_("督办单编号"), max_length=30, blank=True)
    reason = models.TextField(_("督办事由"))
    requirement = models.TextField(_("办理要求"), blank=True)
    due_date = models.DateField(_("反馈时限"))
    rule = models.CharField(
        _("生成规则"), max_length=30, blank=True, help_text=_("为空表示人工下发")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=NoticeState.choices, default=NoticeState.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收人"),
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    answer = models.TextField(_("办理情况"), blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["task", "rule"]),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.get_colour_display()}"

    @property
    def region(self) -> Region:
        return self.task.region


class NoticeStep(models.TextChoices):
    ISSUED = "issued", _("下发")
    RECEIVED = "received", _("签收")
    ANSWERED = "answered", _("反馈办理情况")
    SENT_BACK = "sent_back", _("退回重办")
    CLOSED = "closed", _("办结")


class NoticeEvent(models.Model):
    """Append-only history of a notice: each step with who, when and what was written (an
    answer, a send-back reason, a closing note). The notice row holds only the latest answer;
    a second answer after a send-back never hides the first, nor the reason."""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="events", verbose_name=_("督办单")
    )
    step = models.CharField(_("环节"), max_length=10, choices=NoticeStep.choices)
    text = models.TextField(_("内容"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A default rather than auto_now_add: history recovered from the action log keeps the
    # moment it happened.
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办单办理记录")
        verbose_name_plural = _("督办单办理记录")
        ordering = ["notice", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["notice", "created_at"])]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.get_step_display()}"


class NoticeAttachment(StoredAttachment):
    """A file the notice's unit sends with its answer (反馈附件). Uploaded while the unit
    prepares the answer (`event` empty), it goes with the answer when the answer is given
    (`event` is that answer's step), so after a send-back the first answer keeps its own
    files and the second answer has its own."""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("督办单")
    )
    event = models.ForeignKey(
        NoticeEvent,
        verbose_name=_("所属反馈"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )

    class Meta:
        verbose_name = _("督办反馈附件")
        verbose_name_plural = _("督办反馈附件")
        ordering = ["notice", "created_at", "id"]

    @property
    def storage_folder(self) -> str:
        return f"notices/{self.notice_id}"
