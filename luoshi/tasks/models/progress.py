"""Progress reports and their attachments, and change requests (延期, 目标调整) on a task."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit
from luoshi.tasks.models.attachment_base import StoredAttachment
from luoshi.tasks.models.task import Task


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待单位审签")
    SIGNED = "signed", _("待牵头单位汇总")
    CONSOLIDATED = "consolidated", _("待督查室审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退办")


class ProgressReport(TimeStampedModel):
    """One unit's report on one task for one period (进展情况 · 存在的问题 · 下一步措施).

    A co-unit's report, once signed off, is consolidated into the lead unit's report of the
    same period (`consolidated_into`); the lead unit's report goes to the supervision office.
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("任务")
    )
    unit = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT)
    # The task's region code, copied when the report is made (a task keeps its region): the
    # supervision office's lists of a province, city or county read this table alone and walk
    # `progress_in_province` newest first, instead of testing every report against the tasks
    # of the scope.
    region_code = models.CharField(_("地区代码"), max_length=9, editable=False)
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    period_label = models.CharField(_("报送周期"), max_length=30)
    due_date = models.DateField(_("报送截止"))
    progress = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    next_steps = models.TextField(_("下一步措施"), blank=True)
    percent = models.DecimalField(
        _("完成进度（%）"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    claims_done = models.BooleanField(_("已完成"), default=False)
    state = models.CharField(
        _("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    return_reason = models.TextField(_("退办理由"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退办次数"), default=0)
    consolidated_into = models.ForeignKey(
        "self",
        verbose_name=_("汇总到"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    signed_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-period_end", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_end"], name="one_report_per_unit_and_period"
            ),
            models.CheckConstraint(condition=~Q(region_code=""), name="progress_region_code_set"),
            # Returning a report counts the return: the returned ones are among those counted
            # (the dashboard's return figures read only those, through a partial index).
            models.CheckConstraint(
                condition=~Q(state="returned") | Q(returned_count__gt=0),
                name="progress_returned_counted",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["task", "-period_end"]),
            # Lists newest first (the office's inbox, the API): the first page without a sort.
            models.Index(fields=["-period_end", "-id"], name="progress_newest_first"),
            # An office's reports newest first: the province (the code's first two digits) is
            # the index's equality, so the walk is in order; a city's or county's code prefix
            # is tested on the index entries themselves, without reading the rows.
            models.Index(
                Substr("region_code", 1, 2),
                F("period_end").desc(),
                F("id").desc(),
                F("region_code"),
                name="progress_in_province",
            ),
            # A city's or county's reports: the code's prefix (LIKE '4401%') as a range, then
            # a sort of those few thousand rows; the province walk above finds them only
            # after reading past the rest of the province.
            models.Index(
                fields=["region_code"],
                opclasses=["varchar_pattern_ops"],
                name="progress_region_prefix",
            ),
            # The few reports ever returned (退办), by region: the return figures of the
            # dashboard, the office's start page and the bulletins.
            models.Index(
                Substr("region_code", 1, 2),
                F("region_code"),
                condition=Q(returned_count__gt=0),
                name="progress_returned_in_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_label}"

    def _copy_region_code(self) -> None:
        if not self.region_code and self.task_id is not None:
            self.region_code = Task.objects.values_list("region__code", flat=True).get(
                pk=self.task_id
            )

    def clean(self) -> None:
        self._copy_region_code()  # before the constraints are checked
        super().clean()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._copy_region_code()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        # A report gone may leave a gap before the task's watermark (see Task).
        Task.objects.filter(pk=self.task_id).update(reports_complete_through=None)
        return super().delete(*args, **kwargs)

    @property
    def region(self) -> Region:
        return self.task.region


class ProgressAttachment(StoredAttachment):
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("进展报告"),
    )

    class Meta:
        verbose_name = _("进展附件")
        verbose_name_plural = _("进展附件")
        ordering = ["report", "created_at", "id"]

    @property
    def storage_folder(self) -> str:
        return f"progress/{self.report_id}"


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("延期")
    ADJUSTMENT = "adjustment", _("目标调整")


class DecisionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("未同意")


class ChangeRequest(TimeStampedModel):
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("任务")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ChangeKind.choices)
    reason = models.TextField(_("理由"))
    new_deadline = models.DateField(_("新的完成时限"), null=True, blank=True)
    new_title = models.TextField(_("调整后的工作内容"), blank=True)
    # The unit that asks (the lead or a co-unit): its liaisons hear the decision. Empty only
    # on requests written before units were recorded.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("申请单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=DecisionState.choices, default=DecisionState.PENDING
    )
    decision_note = models.TextField(_("审批意见"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申请人"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("变更申请")
        verbose_name_plural = _("变更申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task}"

    @property
    def region(self) -> Region:
        return self.task.region
