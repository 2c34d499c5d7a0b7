"""Government work reports, their immutable versions, and the versions' sections and paragraphs.

A version is a snapshot: once written, its sections and paragraphs never change; a revision is
a new version. Paragraphs carry an `anchor` that stays the same from one version to the next
when the paragraph is the same or a revision of it, so opinions and tasks anchored to a
paragraph follow it through revisions.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel


class ReportStatus(models.TextChoices):
    DRAFTING = "drafting", _("起草中")
    CONSULTING = "consulting", _("征求意见中")
    ADOPTED = "adopted", _("已通过")


class VersionKind(models.TextChoices):
    DRAFT = "draft", _("征求意见稿")
    REVISED = "revised", _("修改稿")
    ADOPTED = "adopted", _("正式文本")


class WorkReport(TimeStampedModel):
    """One region's government work report for one year (e.g. 2024年吉县政府工作报告)."""

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="work_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"),
        validators=[MinValueValidator(1978), MaxValueValidator(2100)],
        help_text=_("报告部署工作的年度，如 2024 年政府工作报告填 2024"),
    )
    title = models.CharField(_("标题"), max_length=200)
    speaker_name = models.CharField(_("报告人"), max_length=50, blank=True)
    speaker_title = models.CharField(_("报告人职务"), max_length=100, blank=True)
    congress_session = models.CharField(
        _("会议"), max_length=200, blank=True, help_text=_("如 县第十八届人民代表大会第三次会议")
    )
    delivered_on = models.DateField(_("报告日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFTING
    )
    adopted_version = models.OneToOneField(
        "ReportVersion",
        verbose_name=_("通过的版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("政府工作报告")
        verbose_name_plural = _("政府工作报告")
        ordering = ["-year", "region__code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "year"], name="one_report_per_region_year"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}年{self.region}政府工作报告"


class ReportVersion(TimeStampedModel):
    """An immutable snapshot of a report's text."""

    report = models.ForeignKey(
        WorkReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    kind = models.CharField(_("类型"), max_length=16, choices=VersionKind.choices)
    label = models.CharField(_("说明"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("基于版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["report", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["report", "number"], name="version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · v{self.number} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.based_on_id and self.based_on and self.based_on.report_id != self.report_id:
            raise ValidationError({"based_on": _("只能基于同一报告的版本修订。")})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ImmutableContentError(Exception):
    """Raised when code tries to change the text of a version after it was written."""


class VersionContentQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableContentError("A version's sections and paragraphs never change.")


class ImmutableRow(models.Model):
    """A row of a version's content: written once with the version, never changed."""

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableContentError("A version's sections and paragraphs never change.")
        super().save(*args, **kwargs)


class ReportSection(ImmutableRow):
    """A heading of a version: 一、… (level 1), （一）… (level 2), 1. … (level 3)."""

    version = models.ForeignKey(
        ReportVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级章节"),
    )
    anchor = models.CharField(_("锚点"), max_length=16)
    order = models.PositiveIntegerField(_("顺序"))
    number = models.CharField(_("序号"), max_length=12, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    title = models.CharField(_("标题"), max_length=300)

    class Meta:
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        ordering = ["version", "order"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "anchor"], name="section_anchor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class ReportParagraph(ImmutableRow):
    """A paragraph of a version. `anchor` is stable across versions of the same report."""

    version = models.ForeignKey(
        ReportVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    section = models.ForeignKey(
        ReportSection,
        verbose_name=_("章节"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="paragraphs",
    )
    anchor = models.CharField(_("锚点"), max_length=16, db_index=True)
    order = models.PositiveIntegerField(_("顺序"))
    text = models.TextField(_("正文"))

    class Meta:
        verbose_name = _("段落")
        verbose_name_plural = _("段落")
        ordering = ["version", "order"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "anchor"], name="paragraph_anchor_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Commitment(TimeStampedModel):
    """A concrete undertaking the report makes (承诺事项: "年底前建成…", "新增…5家"), kept as
    read and confirmed on the import review screen, linked to its paragraph by anchor (which
    follows the paragraph into later versions). Decomposition offers each as a task draft."""

    report = models.ForeignKey(
        WorkReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="commitments"
    )
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("来源版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    anchor = models.CharField(_("来源段落"), max_length=16, blank=True)
    section = models.CharField(_("所在章节"), max_length=200, blank=True)
    text = models.TextField(_("承诺事项"))
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["report", "order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["report", "text"], name="commitment_text_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
