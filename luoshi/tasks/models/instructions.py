"""Leaders' written instructions (领导批示) on a task, a supervision notice or a progress
report, and the receipt of each unit that must act on one.

A leader reads a task (or a 督办单, or a unit's progress report) and writes a short
instruction: 请发改局抓紧协调用地指标，月底前报进展。 It reaches the units that must act — a
task's lead unit and co-units, a notice's unit, a report's unit — each of which has a receipt:
read (已阅), then how it was carried out (落实情况). An instruction is never edited or deleted
once given; a leader who has more to say gives another.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit
from luoshi.tasks.models.notices import Notice
from luoshi.tasks.models.progress import ProgressReport
from luoshi.tasks.models.task import Task

TEXT_MIN_LENGTH = 2
TEXT_MAX_LENGTH = 1000


class LeaderInstruction(TimeStampedModel):
    """领导批示: about a task, or about one of its notices or progress reports (at most one of
    the two; the task is always set, so every instruction is found from its task)."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="leader_instructions", verbose_name=_("任务")
    )
    # RESTRICT: a notice or report with an instruction on it is not deleted on its own; it
    # goes only with its whole task.
    notice = models.ForeignKey(
        Notice,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="leader_instructions",
        verbose_name=_("督办单"),
    )
    progress_report = models.ForeignKey(
        ProgressReport,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="leader_instructions",
        verbose_name=_("进展报告"),
    )
    text = models.TextField(_("批示内容"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批示领导"),
    )

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(notice__isnull=True) | models.Q(progress_report__isnull=True),
                name="instruction_on_one_record_at_most",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["task", "created_at"]),
            models.Index(fields=["given_by", "created_at"]),
        ]

    def __str__(self) -> str:
        text = " ".join((self.text or "").split())
        return text if len(text) <= 40 else text[:39] + "…"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if len((self.text or "").strip()) < TEXT_MIN_LENGTH:
            errors["text"] = _("请写批示内容（至少 2 个字）。")
        notice = self.notice if self.notice_id else None
        report = self.progress_report if self.progress_report_id else None
        if notice is not None and report is not None:
            errors["notice"] = _("一条批示只能针对一份督办单或一份进展报告。")
        elif notice is not None and notice.task_id != self.task_id:
            errors["notice"] = _("督办单不属于这项任务。")
        elif report is not None and report.task_id != self.task_id:
            errors["progress_report"] = _("进展报告不属于这项任务。")
        if errors:
            raise ValidationError(errors)

    @property
    def region(self) -> Region:
        """The task's region: the leader's scope is checked against it."""
        return self.task.region


class InstructionReceipt(TimeStampedModel):
    """One unit that must act on an instruction: whether it has read it (已阅, by whom and
    when) and what it answered about carrying it out (落实情况)."""

    instruction = models.ForeignKey(
        LeaderInstruction,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("领导批示"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("落实单位")
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收人"),
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    answer = models.TextField(
        _("落实情况"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH * 2)]
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("反馈人"),
    )
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批示落实")
        verbose_name_plural = _("批示落实")
        ordering = ["instruction", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["instruction", "unit"], name="one_receipt_per_instruction_and_unit"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["unit", "acknowledged_at"]),
            models.Index(fields=["unit", "answered_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit.display_name}：{self.instruction}"

    @property
    def region(self) -> Region:
        return self.instruction.task.region

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
