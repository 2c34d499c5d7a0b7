"""A region's own words for task statuses, and the colour history of tasks."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel
from luoshi.tasks.models.choices import Colour, TaskStatus
from luoshi.tasks.models.task import Task


class StatusLabel(TimeStampedModel):
    """A region's own word for a status (序时推进 → 正常推进)."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("行政区划")
    )
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices)
    label = models.CharField(_("显示为"), max_length=20)

    class Meta:
        verbose_name = _("状态名称")
        verbose_name_plural = _("状态名称")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "status"], name="one_label_per_status"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.label}"


class ColourChange(models.Model):
    """Append-only colour history of a task."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="colour_changes", verbose_name=_("任务")
    )
    on = models.DateField(_("日期"))
    previous = models.CharField(_("原颜色"), max_length=6, choices=Colour.choices, blank=True)
    colour = models.CharField(_("颜色"), max_length=6, choices=Colour.choices)
    reason = models.CharField(_("原因"), max_length=200)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("颜色变化")
        verbose_name_plural = _("颜色变化")
        ordering = ["task", "on", "id"]
        indexes: ClassVar = [models.Index(fields=["task", "on"])]

    def __str__(self) -> str:
        return f"{self.task_id} {self.previous}→{self.colour} {self.on}"

    @property
    def is_recovery(self) -> bool:
        rank = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}
        return bool(self.previous) and rank[self.colour] < rank[self.previous]  # type: ignore[index]
