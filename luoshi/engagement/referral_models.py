"""Referrals (交办): an instruction, an opinion or a meeting's insight handed to units with a
deadline. The tasks app points its tasks at referrals (foreign keys point down the layers)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel, Unit


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")


class Referral(TimeStampedModel):
    """An instruction, opinion or meeting insight handed to units (交办) with a deadline."""

    summary = models.TextField(_("交办事项"))
    instruction = models.ForeignKey(
        "engagement.Instruction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("指示要求"),
    )
    opinion = models.ForeignKey(
        "engagement.Opinion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("意见建议"),
    )
    meeting = models.ForeignKey(
        "engagement.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("会议"),
    )
    units = models.ManyToManyField(Unit, verbose_name=_("承办单位"), related_name="referrals")
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("办理时限"))
    status = models.CharField(
        _("状态"), max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
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
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.summary[:40]

    def clean(self) -> None:
        if not any([self.instruction_id, self.opinion_id, self.meeting_id]):
            raise ValidationError(_("交办事项要注明来源（指示、意见或会议）。"))

    @property
    def region(self) -> Region:
        return self.lead_unit.region

    @property
    def source_label(self) -> str:
        if self.instruction_id:
            return str(_("指示要求"))
        if self.opinion_id:
            return str(_("意见建议"))
        return str(_("会议"))
