"""Import batches: a document read by zhtext, reviewed item by item, then committed."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, TimeStampedModel
from luoshi.reports.models import ReportVersion, VersionKind, WorkReport


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    READING = "reading", _("识别中")
    REVIEW = "review", _("待审核")
    COMMITTED = "committed", _("已入库")
    FAILED = "failed", _("失败")


DOC_TYPE_LABELS = {
    "work_report": _("政府工作报告"),
    "consultation": _("征求意见"),
    "deliberation": _("代表团审议"),
    "review": _("述评"),
    "meeting": _("会议"),
    "other": _("其他"),
}


class ImportBatch(TimeStampedModel):
    """One uploaded or pasted document. The original bytes are kept; the same file twice is
    recognised by its SHA-256 and not imported again."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("原始文件"))
    sha256 = models.CharField(_("文件摘要（SHA-256）"), max_length=64, unique=True)
    size = models.PositiveIntegerField(_("大小（字节）"))
    status = models.CharField(
        _("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    # Since when the batch has been queued or reading: a job past its limit is failed (read_jobs).
    state_since = models.DateTimeField(_("状态开始时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    extraction = models.JSONField(_("识别结果"), null=True, blank=True)
    doc_type = models.CharField(_("文档类型"), max_length=20, blank=True)
    # What the person decided the document is, filled in from the extraction and editable.
    region = models.ForeignKey(
        Region,
        verbose_name=_("行政区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    version_kind = models.CharField(
        _("作为版本"), max_length=16, choices=VersionKind.choices, default=VersionKind.ADOPTED
    )
    create_version = models.BooleanField(_("生成报告版本"), default=True)
    create_meetings = models.BooleanField(_("生成会议记录"), default=False)
    committed_at = models.DateTimeField(_("入库时间"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("入库人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report = models.ForeignKey(
        WorkReport,
        verbose_name=_("报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The file and its reading are kept on the batch itself; the log records the decisions.
    action_log_exclude = ("extraction",)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def doc_type_label(self) -> str:
        return str(DOC_TYPE_LABELS.get(self.doc_type, self.doc_type or "—"))

    @property
    def is_busy(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.READING)


class ItemKind(models.TextChoices):
    INDICATOR = "indicator", _("指标完成情况")
    TARGET = "target", _("目标")
    COMMITMENT = "commitment", _("承诺事项")
    INSTRUCTION = "instruction", _("指示要求")
    EVENT = "event", _("会议活动")
    PERSON = "person", _("人物")


class Decision(models.TextChoices):
    PENDING = "pending", _("未处理")
    ACCEPTED = "accepted", _("接受")
    EDITED = "edited", _("修改后接受")
    REJECTED = "rejected", _("不采用")


class ImportItem(TimeStampedModel):
    """One extracted fact with its place in the cleaned text and the reviewer's decision."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="items", verbose_name=_("导入批次")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=ItemKind.choices)
    position = models.PositiveIntegerField(_("顺序"))
    start = models.PositiveIntegerField(_("起"), null=True, blank=True)
    end = models.PositiveIntegerField(_("止"), null=True, blank=True)
    extracted = models.JSONField(_("识别值"))
    edited = models.JSONField(_("修改值"), null=True, blank=True)
    decision = models.CharField(
        _("处理"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )

    action_log_exclude = ("extracted",)

    class Meta:
        verbose_name = _("识别条目")
        verbose_name_plural = _("识别条目")
        ordering = ["batch", "kind", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["batch", "kind", "position"], name="item_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value.get('name') or self.value.get('text', '')}"

    @property
    def value(self) -> dict[str, Any]:
        """What will be committed: the edit when there is one, else what was read."""
        return self.edited if self.edited is not None else self.extracted


class CorpusOutcome(models.TextChoices):
    NEW = "new", _("已加入导入")
    SAME = "same", _("与已导入的文件相同")
    REFUSED = "refused", _("未导入")


class ImportCorpus(TimeStampedModel):
    """Many documents brought in at once — a zip or a folder (`luoshi import`): each readable
    file becomes an import batch of its own, read by the worker pool; the corpus keeps what
    became of every file, the refused ones with the reason."""

    name = models.CharField(_("名称"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("批量导入")
        verbose_name_plural = _("批量导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CorpusFile(models.Model):
    """One file of a corpus and what became of it."""

    corpus = models.ForeignKey(
        ImportCorpus, on_delete=models.CASCADE, related_name="files", verbose_name=_("批量导入")
    )
    position = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("文件"), max_length=300)  # its path in the zip or folder
    outcome = models.CharField(_("结果"), max_length=8, choices=CorpusOutcome.choices)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("导入"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("批量导入的文件")
        verbose_name_plural = _("批量导入的文件")
        ordering = ["corpus", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["corpus", "position"], name="one_file_a_position")
        ]

    def __str__(self) -> str:
        return self.name
