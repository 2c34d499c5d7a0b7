"""Tasks (one line of the 分解表, or a sub-item under one) and their quarterly milestones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit
from luoshi.engagement.models import Referral
from luoshi.indicators.models import Target
from luoshi.reports.models import Commitment, ReportVersion, WorkReport
from luoshi.tasks.models.choices import Cadence, Colour, TaskSource, TaskStatus

WATERMARK_RESET_BY = frozenset(
    {
        "lead_unit",
        "lead_unit_id",
        "cadence",
        "start_date",
        "deadline",
        "status",
        "completed_on",
        "exempt_reason",
        "created_at",
    }
)


class Task(TimeStampedModel):
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="tasks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(_("序号"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    source = models.CharField(
        _("来源"), max_length=10, choices=TaskSource.choices, default=TaskSource.MANUAL
    )
    source_text = models.TextField(_("报告任务原文"), blank=True)
    title = models.TextField(_("具体工作"))
    report = models.ForeignKey(
        WorkReport,
        verbose_name=_("政府工作报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    source_version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("来源版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_anchor = models.CharField(_("来源段落"), max_length=16, blank=True)
    target = models.ForeignKey(
        Target,
        verbose_name=_("目标指标"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("交办事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("承诺事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), related_name="assisted_tasks", blank=True
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"))
    deadline_text = models.CharField(
        _("完成时限（原文）"), max_length=50, blank=True, help_text=_("如“6月底前”“长期坚持”")
    )
    cadence = models.CharField(
        _("报送周期"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    # The last evaluation's result (see luoshi.tasks.services.evaluation): stored so that
    # lists, dashboards and the portal read them without computing.
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    colour = models.CharField(_("颜色"), max_length=6, choices=Colour.choices, default=Colour.GREEN)
    percent = models.DecimalField(
        _("完成进度（%）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    exempt_reason = models.CharField(
        _("免责事由"), max_length=200, blank=True, help_text=_("不可抗力等，不计入考核")
    )
    is_public = models.BooleanField(_("公开"), default=False)
    # Every report owed for periods ending on or before this day is in (tasks without
    # co-units): set by the daily evaluation (luoshi.tasks.services.report_watermark),
    # cleared by any edit of the task, so 未报送 looks only at the periods after it.
    reports_complete_through = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["year", "order", "id"]
        indexes: ClassVar = [
            models.Index(fields=["region", "year", "order"]),
            models.Index(fields=["lead_unit", "year"]),
            models.Index(fields=["year", "colour"]),
            models.Index(fields=["year", "status"]),
            models.Index(fields=["deadline"]),
        ]
        permissions: ClassVar = [
            ("review_task", _("审核进展、退办、督办")),
        ]

    # The watermark is derived, not an edit: never in the log.
    action_log_exclude = ("reports_complete_through",)

    def __str__(self) -> str:
        prefix = f"{self.number} " if self.number else ""
        return f"{prefix}{self.title[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An edit that can change which reports are owed (lead unit, cadence, dates, status,
        exemption; or any full save) clears the watermark: 未报送 then checks every period of
        the task until the next evaluation sets it again."""
        fields = kwargs.get("update_fields")
        if fields is None or WATERMARK_RESET_BY & set(fields):
            self.reports_complete_through = None
            if fields is not None:
                kwargs["update_fields"] = {*fields, "reports_complete_through"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not (self.title or "").strip():
            raise ValidationError({"title": _("请填写具体工作。")})
        if self.start_date and self.deadline and self.deadline < self.start_date:
            raise ValidationError({"deadline": _("完成时限不能早于开始日期。")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("任务不能是自己的上级。")})


class Milestone(TimeStampedModel):
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("任务")
    )
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    text = models.TextField(_("节点目标"))
    due_date = models.DateField(_("节点时间"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("季度节点")
        verbose_name_plural = _("季度节点")
        ordering = ["task", "quarter", "id"]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.text[:40]}"
