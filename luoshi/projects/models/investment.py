"""A project's monthly investment and its statistics inclusion (纳统) file."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel
from luoshi.core.stored_files import random_storage_name
from luoshi.projects.models.amounts import NOT_NEGATIVE
from luoshi.projects.models.project import Project


class MonthlyInvestment(TimeStampedModel):
    """One month of a project's year: plan, completed, year to date, since start (万元).

    Year to date and since start are stored as reported (or computed by the service when not
    given) and kept consistent: within a year, year to date grows by each month's completed
    amount, and since start exceeds year to date by the project's investment before the year.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="investments", verbose_name=_("项目")
    )
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    planned = models.DecimalField(
        _("本月计划（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    completed = models.DecimalField(
        _("本月完成（万元）"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    year_to_date = models.DecimalField(
        _("年度累计（万元）"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    since_start = models.DecimalField(
        _("自开工累计（万元）"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )

    class Meta:
        verbose_name = _("月度投资")
        verbose_name_plural = _("月度投资")
        ordering = ["project", "month"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["project", "month"], name="one_investment_per_month"),
            models.CheckConstraint(
                condition=models.Q(completed__gte=0)
                & models.Q(year_to_date__gte=models.F("completed"))
                & models.Q(since_start__gte=models.F("year_to_date")),
                name="investment_figures_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.month}月"

    @property
    def region(self) -> Region:
        return self.project.region

    def clean(self) -> None:
        if self.completed is None or self.year_to_date is None or self.since_start is None:
            return
        if self.year_to_date < self.completed:
            raise ValidationError({"year_to_date": _("年度累计不能小于本月完成。")})
        if self.since_start < self.year_to_date:
            raise ValidationError({"since_start": _("自开工累计不能小于年度累计。")})


class InclusionState(models.TextChoices):
    REPORTED = "reported", _("已申报，待部门审核")
    REVIEWED = "reviewed", _("部门已审核，待统计部门确认")
    ACCEPTED = "accepted", _("已纳统")
    RETURNED = "returned", _("已退回")


def evidence_path(instance: StatisticsInclusion, filename: str) -> str:
    return random_storage_name(f"projects/inclusion/{instance.project_id}", filename)


class StatisticsInclusion(TimeStampedModel):
    """The 纳统 file of one project. Evidence is optional (report once, no proof demanded):
    the approval or filing document, the construction contract or dated site photos, and the
    builder's business licence. Each file is screened on upload and stored under a random
    name; the uploader's name is kept beside it (`*_name`) for the download. Written by
    `services.inclusion_report`, which removes a replaced file once the new one is saved."""

    # Uploaded files stay out of the action log's snapshots; the report's entry names them.
    action_log_exclude = ("approval_document", "contract_or_photos", "business_licence")

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="inclusion", verbose_name=_("项目")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=InclusionState.choices, default=InclusionState.REPORTED
    )
    approval_document = models.FileField(
        _("立项审批（核准、备案）文件"), upload_to=evidence_path, max_length=255, blank=True
    )
    approval_document_name = models.CharField(_("立项文件名"), max_length=200, blank=True)
    contract_or_photos = models.FileField(
        _("施工合同或现场照片"), upload_to=evidence_path, max_length=255, blank=True
    )
    contract_or_photos_name = models.CharField(_("合同或照片文件名"), max_length=200, blank=True)
    photos_taken_on = models.DateField(_("照片拍摄日期"), null=True, blank=True)
    business_licence = models.FileField(
        _("营业执照"), upload_to=evidence_path, max_length=255, blank=True
    )
    business_licence_name = models.CharField(_("营业执照文件名"), max_length=200, blank=True)
    note = models.TextField(_("申报说明"), blank=True)
    statistics_code = models.CharField(_("统计入库编码"), max_length=40, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申报人"),
    )
    reported_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    accepted_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("纳统申报")
        verbose_name_plural = _("纳统申报")
        indexes: ClassVar = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_state_display()}"

    @property
    def region(self) -> Region:
        return self.project.region

    @property
    def has_evidence(self) -> bool:
        return bool(self.approval_document or self.contract_or_photos or self.business_licence)
