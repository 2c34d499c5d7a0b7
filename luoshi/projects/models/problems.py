"""Problems of factor support (要素保障) on a project, and their escalations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit
from luoshi.projects.models.project import Project


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
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="problems", verbose_name=_("项目")
    )
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
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提出人"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("解决人"),
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
        ProjectProblem,
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("问题"),
    )
    from_level = models.CharField(_("原层级"), max_length=10, choices=CoordinationLevel.choices)
    to_level = models.CharField(_("提级至"), max_length=10, choices=CoordinationLevel.choices)
    note = models.TextField(_("提级说明"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提级人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问题提级")
        verbose_name_plural = _("问题提级")
        ordering = ["problem", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_level_display()} → {self.get_to_level_display()}"
