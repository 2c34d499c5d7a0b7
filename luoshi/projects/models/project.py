"""Key projects: one line of a region's annual list, with its stage dates."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit
from luoshi.projects import stages
from luoshi.projects.models.amounts import NOT_NEGATIVE, STATISTICS_THRESHOLD
from luoshi.projects.stages import Stage


class Category(models.TextChoices):
    INDUSTRY = "industry", _("产业")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    LIVELIHOOD = "livelihood", _("民生")
    ECOLOGY = "ecology", _("生态")
    RURAL = "rural", _("乡村振兴")
    OTHER = "other", _("其他")


class Project(TimeStampedModel):
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="projects"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    code = models.CharField(
        _("项目编号"), max_length=30, blank=True, help_text=_("本地区本年度内唯一，可不填")
    )
    name = models.CharField(_("项目名称"), max_length=200)
    content = models.TextField(_("建设内容"), blank=True)
    category = models.CharField(
        _("项目类别"), max_length=16, choices=Category.choices, default=Category.INDUSTRY
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="projects"
    )
    leader = models.CharField(_("责任领导"), max_length=50, blank=True)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("对应任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    # A key project made from a study tour's cooperation item (合作事项) keeps it.
    cooperation_item = models.ForeignKey(
        "engagement.CooperationItem",
        verbose_name=_("来源合作事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    total_investment = models.DecimalField(
        _("总投资（万元）"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    annual_plan = models.DecimalField(
        _("年度计划投资（万元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=NOT_NEGATIVE,
    )
    invested_before_year = models.DecimalField(
        _("上年末累计完成投资（万元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=NOT_NEGATIVE,
        help_text=_("续建项目以前年度已完成的投资；新开工项目为 0"),
    )
    stage = models.CharField(
        _("所处阶段"), max_length=12, choices=Stage.choices, default=Stage.RESERVE, editable=False
    )
    signed_planned = models.DateField(_("计划签约日期"), null=True, blank=True)
    signed_actual = models.DateField(_("签约日期"), null=True, blank=True)
    approved_planned = models.DateField(_("计划审批日期"), null=True, blank=True)
    approved_actual = models.DateField(_("审批日期"), null=True, blank=True)
    started_planned = models.DateField(
        _("计划开工月份"), null=True, blank=True, help_text=_("记为该月1日")
    )
    started_actual = models.DateField(_("开工日期"), null=True, blank=True)
    included_planned = models.DateField(_("计划纳统日期"), null=True, blank=True)
    included_actual = models.DateField(_("纳统日期"), null=True, blank=True)
    completed_planned = models.DateField(_("计划竣工日期"), null=True, blank=True)
    completed_actual = models.DateField(_("竣工日期"), null=True, blank=True)
    operating_planned = models.DateField(_("计划投产/达效日期"), null=True, blank=True)
    operating_actual = models.DateField(_("投产/达效日期"), null=True, blank=True)
    is_public = models.BooleanField(_("公开"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["year", "region__code", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "year", "name"], name="project_name_unique_in_region_year"
            ),
            models.UniqueConstraint(
                fields=["region", "year", "code"],
                condition=~models.Q(code=""),
                name="project_code_unique_in_region_year",
            ),
            models.CheckConstraint(
                condition=models.Q(total_investment__gte=0)
                & models.Q(annual_plan__gte=0)
                & models.Q(invested_before_year__gte=0),
                name="project_amounts_not_negative",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["year", "region"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["year", "stage"]),
            models.Index(fields=["year", "category"]),
            models.Index(fields=["year", "started_planned"]),
        ]
        permissions: ClassVar = [
            ("report_project", _("填报月度投资、阶段日期和存在问题")),
            ("review_inclusion", _("审核纳统申报")),
            ("accept_inclusion", _("确认纳统（统计部门）")),
            ("import_investment", _("导入月度投资")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def is_statistics_eligible(self) -> bool:
        """纳统 applies to projects of 500万元 and above."""
        return self.total_investment is not None and self.total_investment >= STATISTICS_THRESHOLD

    @property
    def scale_label(self) -> str:
        if self.total_investment is None:
            return ""
        if self.total_investment >= Decimal(100_000):
            return str(_("10亿元以上"))
        if self.total_investment >= Decimal(10_000):
            return str(_("亿元以上"))
        if self.is_statistics_eligible:
            return str(_("500万元以上"))
        return str(_("500万元以下"))

    def stage_dates(self, kind: str) -> dict[str, object]:
        """The planned (kind="planned") or actual dates of the dated stages, by stage."""
        return {stage: getattr(self, f"{stage}_{kind}") for stage in stages.DATED_STAGES}

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.name is not None and not self.name.strip():
            errors.setdefault("name", []).append(str(_("请填写项目名称。")))
        if (
            self.annual_plan is not None
            and self.total_investment is not None
            and self.annual_plan > self.total_investment
        ):
            errors.setdefault("annual_plan", []).append(str(_("年度计划投资不能大于总投资。")))
        if self.started_planned is not None and self.started_planned.day != 1:
            self.started_planned = self.started_planned.replace(day=1)
        for field, message in stages.order_problems(self.stage_dates("planned"), "planned"):
            errors.setdefault(f"{field}_planned", []).append(message)
        actuals = self.stage_dates("actual")
        for field, message in stages.order_problems(actuals, "actual"):
            errors.setdefault(f"{field}_actual", []).append(message)
        for field, message in stages.prerequisite_problems(actuals):
            errors.setdefault(f"{field}_actual", []).append(message)
        if self.included_actual is not None and not self.is_statistics_eligible:
            errors.setdefault("included_actual", []).append(
                str(_("总投资不足500万元的项目不纳入统计（纳统）。"))
            )
        if self.stage != stages.stage_from_actuals(actuals):
            errors.setdefault("stage", []).append(str(_("所处阶段与各阶段的实际日期不一致。")))
        if errors:
            raise ValidationError(errors)
