"""The open-data packages (开放数据包) the portal hands out, rebuilt by a background job."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel


class OpenDataPackage(TimeStampedModel):
    """One ZIP (a Frictionless Data Package): a region's year, or the whole instance ("all").
    `built_at` is what the portal shows as the data's date."""

    key = models.CharField(_("包"), max_length=24, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("行政区划"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="open-data/", max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    counts = models.JSONField(_("各表行数"), default=dict, blank=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("开放数据包")
        verbose_name_plural = _("开放数据包")
        ordering = ["key"]

    def __str__(self) -> str:
        if self.region_id is None:
            return str(_("全部地区开放数据包"))
        return f"{self.region}{self.year}年开放数据包"
