"""The indicator catalogue, targets per region and year, observations (actuals) and ranks.

Derived figures — progress against target, 序时进度 status, peer rank among the regions with
the same parent — are computed from these rows (indicators/progress.py), never stored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel
from luoshi.reports.models import ReportVersion


class Measure(models.TextChoices):
    GROWTH = "growth", _("增速")
    LEVEL = "level", _("总量")
    SHARE = "share", _("占比")
    COUNT = "count", _("数量")


class Direction(models.TextChoices):
    UP = "up", _("越高越好")
    DOWN = "down", _("越低越好")


class Binding(models.TextChoices):
    EXPECTED = "expected", _("预期性")
    BINDING = "binding", _("约束性")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("确定值")
    ABOUT = "about", _("左右")
    RANGE = "range", _("区间")
    AT_LEAST = "at_least", _("以上")
    AT_MOST = "at_most", _("以内")
    IN_STEP = "in_step", _("同步")
    ABOVE = "above", _("高于")
    BELOW = "below", _("低于")


# Goals stated against another figure (与经济增长同步, 高于经济增速, 低于全省平均): no number.
COMPARED = ("in_step", "above", "below")


class SourceKind(models.TextChoices):
    DOCUMENT = "document", _("报告原文")
    IMPORT = "import", _("文档导入")
    MANUAL = "manual", _("手工录入")
    EXCEL = "excel", _("Excel 导入")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("全年")
    QUARTER = "quarter", _("季度累计")
    MONTH = "month", _("月度累计")


def amount_field(label: Any) -> Any:
    return models.DecimalField(label, max_digits=20, decimal_places=4, null=True, blank=True)


class Indicator(TimeStampedModel):
    """A quantity governments set targets for and report on (地区生产总值, 城镇新增就业…)."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    synonyms = models.JSONField(
        _("别名"), default=list, blank=True, help_text=_("如 GDP、生产总值")
    )
    category = models.CharField(_("类别"), max_length=30, blank=True)
    unit = models.CharField(
        _("总量单位"), max_length=20, blank=True, help_text=_("如 亿元、万人、万吨")
    )
    measure = models.CharField(
        _("主要考核方式"), max_length=10, choices=Measure.choices, default=Measure.GROWTH
    )
    direction = models.CharField(
        _("方向"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    binding = models.CharField(
        _("属性"), max_length=10, choices=Binding.choices, default=Binding.EXPECTED
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_builtin = models.BooleanField(_("内置"), default=False)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.synonyms, list) or not all(
            isinstance(s, str) for s in self.synonyms
        ):
            raise ValidationError({"synonyms": _("别名应为文字列表。")})
        self.synonyms = sorted(
            {s.strip() for s in self.synonyms if s.strip() and s.strip() != self.name}
        )


class SourcedModel(TimeStampedModel):
    """Where a figure came from: a report paragraph (by version and anchor), an import, a person."""

    source_kind = models.CharField(
        _("来源"), max_length=10, choices=SourceKind.choices, default=SourceKind.MANUAL
    )
    source_version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("来源报告版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_anchor = models.CharField(_("来源段落"), max_length=16, blank=True)
    source_text = models.CharField(_("原文"), max_length=500, blank=True)

    class Meta:
        abstract = True


class Target(SourcedModel):
    """A stated goal of a region for a year: 地区生产总值增长5%左右."""

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1978), MaxValueValidator(2100)]
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    measure = models.CharField(_("目标类型"), max_length=10, choices=Measure.choices)
    low = amount_field(_("下限"))
    high = amount_field(_("上限"))
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    qualifier = models.CharField(
        _("表述"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    direction = models.CharField(
        _("方向"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    # What a 高于/低于 goal is compared with: 经济增长, 全省平均…
    relative_to = models.CharField(_("比较对象"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["region__code", "-year", "indicator__sort_order"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "year", "indicator", "measure"], name="one_target_per_measure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.indicator} {self.describe()}"

    def describe(self) -> str:
        """The target as a report would word it: 5%左右, 4.5%—5%, 8%以上, 与经济增长同步."""
        unit = self.unit
        low, high = _plain(self.low), _plain(self.high)
        if self.qualifier == Qualifier.IN_STEP:
            return "与经济增长同步"
        if self.qualifier in (Qualifier.ABOVE, Qualifier.BELOW):
            way = "高于" if self.qualifier == Qualifier.ABOVE else "低于"
            return f"{way}{self.relative_to or '经济增长'}"
        if self.qualifier == Qualifier.RANGE:
            return f"{low}{unit}—{high}{unit}"
        if self.qualifier == Qualifier.AT_LEAST:
            return f"{low}{unit}以上"
        if self.qualifier == Qualifier.AT_MOST:
            return f"{high}{unit}以内"
        if self.qualifier == Qualifier.ABOUT:
            return f"{low}{unit}左右"
        return f"{low}{unit}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.qualifier in COMPARED:
            if self.low is not None or self.high is not None:
                errors["qualifier"] = str(_("“同步”“高于”“低于”目标不填数值。"))
        elif self.qualifier == Qualifier.AT_MOST:
            if self.high is None:
                errors["high"] = str(_("“以内”目标要填上限。"))
        elif self.low is None:
            errors["low"] = str(_("请填写目标值（下限）。"))
        if self.qualifier == Qualifier.RANGE and (
            self.high is None or (self.low is not None and self.high < self.low)
        ):
            errors["high"] = str(_("区间目标的上限要大于等于下限。"))
        if (
            self.qualifier in (Qualifier.EXACT, Qualifier.ABOUT)
            and self.low is not None
            and self.high is None
        ):
            self.high = self.low
        if errors:
            raise ValidationError(errors)


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


class TargetAllocation(TimeStampedModel):
    """A region's target handed down to one of its sub-regions (指标分解到县区、园区)."""

    target = models.ForeignKey(
        Target, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="allocations"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("承接区划"), on_delete=models.PROTECT, related_name="+"
    )
    low = amount_field(_("下限"))
    high = amount_field(_("上限"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("目标分解")
        verbose_name_plural = _("目标分解")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["target", "region"], name="one_allocation_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.target} → {self.region}"

    def clean(self) -> None:
        if self.target_id and self.region_id and self.region.parent_id != self.target.region_id:
            raise ValidationError({"region": _("只能分解到本区划的直接下级。")})
        if self.low is None and self.high is None:
            raise ValidationError({"low": _("请填写分解的目标值。")})


class Observation(SourcedModel):
    """A published actual: a year's result, or the cumulative value for 1–N月 / 1–N季度."""

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="observations"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1978), MaxValueValidator(2100)]
    )
    period_kind = models.CharField(
        _("期间"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    period_index = models.PositiveSmallIntegerField(
        _("截至"), default=12, help_text=_("月度累计填 1–12（1–N月），季度累计填 1–4，全年填 12")
    )
    value = amount_field(_("完成值"))
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    growth = amount_field(_("增速（%）"))

    class Meta:
        verbose_name = _("完成情况")
        verbose_name_plural = _("完成情况")
        ordering = ["region__code", "indicator__sort_order", "year", "period_kind", "period_index"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year", "period_kind", "period_index"],
                name="one_observation_per_period",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["indicator", "year", "period_kind", "period_index"])
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.indicator} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.YEAR:
            return f"{self.year}年"
        if self.period_kind == PeriodKind.QUARTER:
            return f"{self.year}年1–{self.period_index}季度"
        if self.period_index == 1:
            return f"{self.year}年1月"
        return f"{self.year}年1–{self.period_index}月"

    def clean(self) -> None:
        if self.value is None and self.growth is None:
            raise ValidationError(_("完成值和增速至少填一项。"))
        limits: dict[str, tuple[int, int]] = {"year": (12, 12), "quarter": (1, 4), "month": (1, 12)}
        low, high = limits.get(self.period_kind, (1, 12))
        if not low <= self.period_index <= high:
            raise ValidationError({"period_index": _("期间超出范围。")})


class StatedRank(TimeStampedModel):
    """A rank as the source states it (全市第3、较上年前进2位), kept apart from computed ranks."""

    observation = models.ForeignKey(
        Observation,
        verbose_name=_("完成情况"),
        on_delete=models.CASCADE,
        related_name="stated_ranks",
    )
    scope = models.CharField(_("范围"), max_length=30, help_text=_("如 全市、全省、中部六省"))
    rank = models.PositiveSmallIntegerField(_("位次"), null=True, blank=True)
    change = models.SmallIntegerField(
        _("位次变化"), null=True, blank=True, help_text=_("前进为正，后退为负")
    )

    class Meta:
        verbose_name = _("公布位次")
        verbose_name_plural = _("公布位次")
        ordering = ["observation", "scope"]

    def __str__(self) -> str:
        return f"{self.scope}第{self.rank}"

    def clean(self) -> None:
        if self.rank is None and self.change is None:
            raise ValidationError(_("位次和位次变化至少填一项。"))


class RankTier(TimeStampedModel):
    """Labels for rank bands (第一方阵 = 1–3), per ranking scope; the default when none is set."""

    scope_region = models.ForeignKey(
        Region,
        verbose_name=_("排名范围"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("在其下级区划之间排名；留空为默认方案"),
    )
    label = models.CharField(_("名称"), max_length=20)
    rank_from = models.PositiveSmallIntegerField(_("起始位次"))
    rank_to = models.PositiveSmallIntegerField(_("截止位次"), null=True, blank=True)

    class Meta:
        verbose_name = _("位次分档")
        verbose_name_plural = _("位次分档")
        ordering = ["scope_region", "rank_from"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.rank_to is not None and self.rank_to < self.rank_from:
            raise ValidationError({"rank_to": _("截止位次不能小于起始位次。")})
