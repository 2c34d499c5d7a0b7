"""Key projects (重点项目): the year's list, stage dates, monthly investment, statistics
inclusion (纳统), problems of factor support (要素保障) and a region's colour rules.

    Project              one line of a region's annual key-project list, with its stage dates
    MonthlyInvestment    one month's figures of one project (plan, completed, year to date,
                         since start)
    StatisticsInclusion  the 纳统 file of a project of 500万元 and above: evidence and its flow
                         (builder reports → department reviews → statistics bureau accepts)
    ProjectProblem       a problem needing factor support, with its responsible unit, deadline,
                         resolution and escalation level (县级 → 市级 → 省级)
    ProblemEscalation    one escalation step of a problem, with its note
    ProjectPreset        a region's colour thresholds and its statistics bureau

Stage dates are fields on `Project` (a planned and an actual date per stage), not a row per
stage. The stage set is fixed nationally (储备 → 签约 → 审批 → 开工 → 纳统 → 竣工 → 投产/达效,
DOMAIN.md), and the questions asked most often — is it started, by when was it due, is it
included — are asked of thousands of projects at once by the list, its colours and the rates.
One row per project with indexed date columns answers them with one aggregate and no join; a row
per stage would need a join (or a copy of the start and inclusion dates on the project, kept in
step by hand) for every one of them. What a row per stage would add — who changed a date, when,
and why — is in the action log, where every stage service writes it with its reason. The
current `stage` is derived from the actual dates (`stages.stage_from_actuals`) and stored only
so that lists filter on an index; `clean()` refuses a row where the two disagree.

Amounts are in 万元 with two decimals, as published lists give them.
"""

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
from luoshi.core.stored_files import random_storage_name
from luoshi.projects import stages
from luoshi.projects.stages import Stage

# Projects of 500万元 and above are included in the investment statistics (纳统).
STATISTICS_THRESHOLD = Decimal(500)
NOT_NEGATIVE = [MinValueValidator(Decimal(0), _("金额不能为负数。"))]


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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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


class MonthlyInvestment(TimeStampedModel):
    """One month of a project's year: plan, completed, year to date, since start (万元).

    Year to date and since start are stored as reported (or computed by the service when not
    given) and kept consistent: within a year, year to date grows by each month's completed
    amount, and since start exceeds year to date by the project's investment before the year.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="investments")
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="inclusion")
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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


class ProblemCategory(models.TextChoices):
    LAND = "land", _("用地")
    APPROVAL = "approval", _("环评能评")
    FUNDS = "funds", _("资金")
    UTILITIES = "utilities", _("水电")
    LABOUR = "labour", _("用工")
    OTHER = "other", _("其他")


class ProblemState(models.TextChoices):
    OPEN = "open", _("待解决")
    RESOLVED = "resolved", _("已解决")


class CoordinationLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


LEVEL_ORDER = [CoordinationLevel.COUNTY, CoordinationLevel.CITY, CoordinationLevel.PROVINCE]


class ProjectProblem(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems")
    category = models.CharField(_("问题类别"), max_length=10, choices=ProblemCategory.choices)
    description = models.TextField(_("问题描述"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="project_problems"
    )
    person = models.CharField(_("责任人"), max_length=50, blank=True)
    deadline = models.DateField(_("解决时限"), null=True, blank=True)
    resolution = models.TextField(_("解决情况"), blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ProblemState.choices, default=ProblemState.OPEN
    )
    level = models.CharField(
        _("协调层级"),
        max_length=10,
        choices=CoordinationLevel.choices,
        default=CoordinationLevel.COUNTY,
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目问题")
        verbose_name_plural = _("项目问题")
        ordering = ["project", "state", "-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["project", "state"]),
            models.Index(fields=["state", "level"]),
            models.Index(fields=["unit", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description[:40]}"

    @property
    def region(self) -> Region:
        return self.project.region

    def clean(self) -> None:
        if self.description is not None and not self.description.strip():
            raise ValidationError({"description": _("请填写问题描述。")})
        if self.state == ProblemState.RESOLVED and not (self.resolution or "").strip():
            raise ValidationError({"resolution": _("请填写解决情况。")})


class ProblemEscalation(models.Model):
    """One step up (县级 → 市级 → 省级), with the note that asks for it. Never changes."""

    problem = models.ForeignKey(
        ProjectProblem, on_delete=models.CASCADE, related_name="escalations"
    )
    from_level = models.CharField(_("原层级"), max_length=10, choices=CoordinationLevel.choices)
    to_level = models.CharField(_("提级至"), max_length=10, choices=CoordinationLevel.choices)
    note = models.TextField(_("提级说明"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问题提级")
        verbose_name_plural = _("问题提级")
        ordering = ["problem", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_level_display()} → {self.get_to_level_display()}"


class ProjectPreset(TimeStampedModel):
    """A region's colour rules for projects; a region without one uses its nearest ancestor's,
    then the defaults (DOMAIN.md): start yellow in the month it is due and red 3 months after;
    纳统 yellow 1 month after the start and red after 2; investment red more than 30 points
    behind the plan to date. The statistics bureau named here accepts 纳统 in the region."""

    region = models.OneToOneField(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="project_preset"
    )
    start_red_months = models.PositiveSmallIntegerField(
        _("逾期几个月未开工为红"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    inclusion_yellow_months = models.PositiveSmallIntegerField(
        _("开工几个月未纳统为黄"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    inclusion_red_months = models.PositiveSmallIntegerField(
        _("开工几个月未纳统为红"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    investment_red_points = models.DecimalField(
        _("投资完成落后计划多少个百分点为红"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(30),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    statistics_unit = models.ForeignKey(
        Unit,
        verbose_name=_("统计部门"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("其联络员、审核人可确认本地区项目纳统"),
    )

    class Meta:
        verbose_name = _("项目预警规则")
        verbose_name_plural = _("项目预警规则")

    def __str__(self) -> str:
        return str(self.region)

    def clean(self) -> None:
        if (
            self.inclusion_red_months is not None
            and self.inclusion_yellow_months is not None
            and self.inclusion_red_months < self.inclusion_yellow_months
        ):
            raise ValidationError({"inclusion_red_months": _("纳统红色阈值不能小于黄色阈值。")})
