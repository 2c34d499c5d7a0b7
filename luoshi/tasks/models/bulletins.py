"""Supervision bulletins: the monthly 督查通报 and the quarterly 季度总结 the office sends.

The body is drafted from the period's figures (`luoshi.tasks.services.bulletins`) and then
edited by the office as text: the figures live only inside the drafted words, never in
columns of their own, so an edited sentence is what is printed and nothing recomputes it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel

FIRST_YEAR = 2000
LAST_YEAR = 2100


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", _("督查通报")
    QUARTERLY = "quarterly", _("季度总结")


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


# Each quarter's name whole, so a language names it its own way (第三季度, Q3).
QUARTER_NAMES = (_("第一季度"), _("第二季度"), _("第三季度"), _("第四季度"))


def period_words(kind: str, period: int) -> str:
    """A month as 11月, a quarter as 第三季度 (how a bulletin's title names its period)."""
    if kind == BulletinKind.QUARTERLY and 1 <= period <= len(QUARTER_NAMES):
        return str(QUARTER_NAMES[period - 1])
    return str(_("%(m)d月") % {"m": period})


# How many periods a year has, by kind: months or quarters.
PERIODS_PER_YEAR = {BulletinKind.MONTHLY: 12, BulletinKind.QUARTERLY: 4}


class SupervisionBulletin(TimeStampedModel):
    """One region's bulletin for one month (督查通报) or quarter (季度总结): drafted from the
    data, edited, then issued (印发) with a number such as 督查通报〔2026〕11期."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=BulletinKind.choices)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    period = models.PositiveSmallIntegerField(
        _("期间"), help_text=_("月度通报为月份（1–12），季度总结为季度（1–4）")
    )
    number = models.CharField(_("编号"), max_length=30, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=10, choices=BulletinState.choices, default=BulletinState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("起草人"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-year", "-period", "kind", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "kind", "year", "period"], name="one_bulletin_per_period"
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title or f"{self.year} {self.period_label}"

    def clean(self) -> None:
        highest = PERIODS_PER_YEAR.get(self.kind)  # type: ignore[call-overload]
        if highest is not None and self.period is not None and not 1 <= self.period <= highest:
            raise ValidationError(
                {
                    "period": _("月份应为 1 到 12。")
                    if self.kind == BulletinKind.MONTHLY
                    else _("季度应为 1 到 4。")
                }
            )

    @property
    def period_label(self) -> str:
        """11月 / 第三季度, as the bulletin's heading says it."""
        return period_words(self.kind, self.period)

    @property
    def year_and_period(self) -> str:
        """2026年11月 / 2026年第三季度 (one sentence, so each language orders it its own way)."""
        return str(_("%(year)s年%(period)s") % {"year": self.year, "period": self.period_label})

    @property
    def is_issued(self) -> bool:
        return self.state == BulletinState.ISSUED
