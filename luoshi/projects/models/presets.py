"""A region's colour (warning) rules for projects, and its statistics bureau."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit


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
