"""What a study tour (学习考察) brought home, recorded on its summary meeting (总结交流会):
what was learnt where (学习体会) and the cooperation items agreed with partners (合作事项),
each followed by its responsible unit like a task until it is signed, started or dropped
(跟进记录). A key project made from an item points back at it (projects sit above
engagement: the key lives on the project)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit


class Insight(models.Model):
    meeting = models.ForeignKey(
        "engagement.Meeting",
        on_delete=models.CASCADE,
        related_name="insights",
        verbose_name=_("会议"),
    )
    place = models.CharField(_("考察地"), max_length=100, help_text=_("如 吉林长春、某公司"))
    seen = models.TextField(_("看到的做法"), blank=True)
    lesson = models.TextField(_("学习体会"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("顺序"))

    class Meta:
        verbose_name = _("学习体会")
        verbose_name_plural = _("学习体会")
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.place


class CooperationStatus(models.TextChoices):
    FOLLOWING = "following", _("洽谈跟进")
    SIGNED = "signed", _("已签约")
    STARTED = "started", _("已开工")
    DROPPED = "dropped", _("已终止")


SETTLED_STATUSES = (CooperationStatus.STARTED, CooperationStatus.DROPPED)


class CooperationItem(TimeStampedModel):
    meeting = models.ForeignKey(
        "engagement.Meeting",
        on_delete=models.PROTECT,
        related_name="cooperation_items",
        verbose_name=_("会议"),
    )
    partner = models.CharField(_("合作方"), max_length=100, help_text=_("地区或企业"))
    content = models.TextField(_("合作内容"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="cooperation_items"
    )
    next_step = models.CharField(_("下一步"), max_length=300, blank=True)
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=CooperationStatus.choices,
        default=CooperationStatus.FOLLOWING,
        db_index=True,
    )
    amount = models.DecimalField(
        _("签约金额（亿元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("合作事项")
        verbose_name_plural = _("合作事项")
        ordering = ["deadline", "id"]
        indexes: ClassVar = [
            models.Index(fields=["unit", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.partner}：{self.content[:30]}"

    @property
    def region(self) -> Region:
        """For permission scopes: the responsible unit's region."""
        return self.unit.region


class CooperationUpdate(models.Model):
    """跟进记录: what the responsible unit did, and the state it left the item in."""

    item = models.ForeignKey(
        CooperationItem,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("合作事项"),
    )
    on = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    status = models.CharField(_("状态"), max_length=10, choices=CooperationStatus.choices)
    next_step = models.CharField(_("下一步"), max_length=300, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["item", "-on", "-id"]

    def __str__(self) -> str:
        return self.text[:30]
