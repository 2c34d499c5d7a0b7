"""Tasks decomposed from the adopted report, their progress reports, and their supervision.

    Task              one line of the 分解表 (or a sub-item under one): lead unit, co-units,
                      leader, deadline, cadence, the paragraph or target or referral it came from
    Milestone         quarterly node (季度节点) of a task
    ProgressReport    one unit's report for one period, moved through the review flow
    ChangeRequest     extension (延期) or target adjustment, approved before the deadline
    StatusLabel       a region's own word for a status (序时推进 → 正常推进)
    ColourChange      the colour history of a task: a recovered red stays visible
    Notice            supervision notice (督办单): blue/yellow/red, received, answered, closed
    NoticeEvent       a notice's history: every answer and send-back, with who and when
    ProgressAttachment / NoticeAttachment   files sent with a report or a notice's answer
    Notification      an in-app message to one user (reminders, returns, notices)

Status and colour are kept apart: status says where the work stands (reported by the unit,
checked against 序时), colour says how worried the supervision office is (computed by the
region's rules: `luoshi.core.colour_rules` with the region's `luoshi.core.models.ColourPreset`,
which indicator targets share). Both are stored on the task as the last evaluation wrote them,
so lists of 10⁴ tasks need no computation; `ColourChange` keeps every change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, StoredFile, TimeStampedModel, Unit
from luoshi.core.stored_files import random_storage_name
from luoshi.engagement.models import Referral
from luoshi.indicators.models import Target
from luoshi.reports.models import Commitment, ReportVersion, WorkReport


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    ON_SCHEDULE = "on_schedule", _("序时推进")
    AHEAD = "ahead", _("超进度")
    LAGGING = "lagging", _("滞后")
    DONE = "done", _("已完成")
    ADJUSTED = "adjusted", _("调整")


class Colour(models.TextChoices):
    GREEN = "green", _("绿")
    YELLOW = "yellow", _("黄")
    RED = "red", _("红")


class TaskSource(models.TextChoices):
    REPORT = "report", _("政府工作报告")
    TARGET = "target", _("目标指标")
    REFERRAL = "referral", _("交办事项")
    MANUAL = "manual", _("其他")


class Task(TimeStampedModel):
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="tasks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(_("序号"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    source = models.CharField(
        _("来源"), max_length=10, choices=TaskSource.choices, default=TaskSource.MANUAL
    )
    source_text = models.TextField(_("报告任务原文"), blank=True)
    title = models.TextField(_("具体工作"))
    report = models.ForeignKey(
        WorkReport,
        verbose_name=_("政府工作报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    source_version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("来源版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_anchor = models.CharField(_("来源段落"), max_length=16, blank=True)
    target = models.ForeignKey(
        Target,
        verbose_name=_("目标指标"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("交办事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("承诺事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    leader = models.CharField(_("责任领导"), max_length=100, blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), related_name="assisted_tasks", blank=True
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"))
    deadline_text = models.CharField(
        _("完成时限（原文）"), max_length=50, blank=True, help_text=_("如“6月底前”“长期坚持”")
    )
    cadence = models.CharField(
        _("报送周期"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    # The last evaluation's result (see luoshi.tasks.services.evaluation): stored so that
    # lists, dashboards and the portal read them without computing.
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    colour = models.CharField(_("颜色"), max_length=6, choices=Colour.choices, default=Colour.GREEN)
    percent = models.DecimalField(
        _("完成进度（%）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    exempt_reason = models.CharField(
        _("免责事由"), max_length=200, blank=True, help_text=_("不可抗力等，不计入考核")
    )
    is_public = models.BooleanField(_("公开"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["year", "order", "id"]
        indexes: ClassVar = [
            models.Index(fields=["region", "year", "order"]),
            models.Index(fields=["lead_unit", "year"]),
            models.Index(fields=["year", "colour"]),
            models.Index(fields=["year", "status"]),
            models.Index(fields=["deadline"]),
        ]
        permissions: ClassVar = [
            ("review_task", _("审核进展、退办、督办")),
        ]

    def __str__(self) -> str:
        prefix = f"{self.number} " if self.number else ""
        return f"{prefix}{self.title[:60]}"

    def clean(self) -> None:
        if not (self.title or "").strip():
            raise ValidationError({"title": _("请填写具体工作。")})
        if self.start_date and self.deadline and self.deadline < self.start_date:
            raise ValidationError({"deadline": _("完成时限不能早于开始日期。")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("任务不能是自己的上级。")})


class Milestone(TimeStampedModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    text = models.TextField(_("节点目标"))
    due_date = models.DateField(_("节点时间"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("季度节点")
        verbose_name_plural = _("季度节点")
        ordering = ["task", "quarter", "id"]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.text[:40]}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待单位审签")
    SIGNED = "signed", _("待牵头单位汇总")
    CONSOLIDATED = "consolidated", _("待督查室审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退办")


class ProgressReport(TimeStampedModel):
    """One unit's report on one task for one period (进展情况 · 存在的问题 · 下一步措施).

    A co-unit's report, once signed off, is consolidated into the lead unit's report of the
    same period (`consolidated_into`); the lead unit's report goes to the supervision office.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    unit = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT)
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    period_label = models.CharField(_("报送周期"), max_length=30)
    due_date = models.DateField(_("报送截止"))
    progress = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    next_steps = models.TextField(_("下一步措施"), blank=True)
    percent = models.DecimalField(
        _("完成进度（%）"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    claims_done = models.BooleanField(_("已完成"), default=False)
    state = models.CharField(
        _("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    return_reason = models.TextField(_("退办理由"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("退办次数"), default=0)
    consolidated_into = models.ForeignKey(
        "self",
        verbose_name=_("汇总到"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-period_end", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_end"], name="one_report_per_unit_and_period"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["task", "-period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_label}"

    @property
    def region(self) -> Region:
        return self.task.region


def attachment_path(instance: StoredAttachment, filename: str) -> str:
    """Where an attachment's file is stored: its owner's folder and a random name (the
    original name is kept in `name`, for display and the download's file name)."""
    return random_storage_name(instance.storage_folder, filename)


class StoredAttachment(StoredFile):
    """An attachment of the supervision flow. Written and deleted by
    `luoshi.tasks.services.attachments`, which keeps the row and the file together."""

    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)

    class Meta:
        abstract = True

    @property
    def storage_folder(self) -> str:
        raise NotImplementedError


class ProgressAttachment(StoredAttachment):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("进展附件")
        verbose_name_plural = _("进展附件")
        ordering = ["report", "created_at", "id"]

    @property
    def storage_folder(self) -> str:
        return f"progress/{self.report_id}"


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("延期")
    ADJUSTMENT = "adjustment", _("目标调整")


class DecisionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("未同意")


class ChangeRequest(TimeStampedModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("类型"), max_length=10, choices=ChangeKind.choices)
    reason = models.TextField(_("理由"))
    new_deadline = models.DateField(_("新的完成时限"), null=True, blank=True)
    new_title = models.TextField(_("调整后的工作内容"), blank=True)
    # The unit that asks (the lead or a co-unit): its liaisons hear the decision. Empty only
    # on requests written before units were recorded.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("申请单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=DecisionState.choices, default=DecisionState.PENDING
    )
    decision_note = models.TextField(_("审批意见"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("变更申请")
        verbose_name_plural = _("变更申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task}"

    @property
    def region(self) -> Region:
        return self.task.region


class StatusLabel(TimeStampedModel):
    """A region's own word for a status (序时推进 → 正常推进)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
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

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="colour_changes")
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


class NoticeColour(models.TextChoices):
    BLUE = "blue", _("蓝色督办（临期提醒）")
    YELLOW = "yellow", _("黄色督办（进度滞后）")
    RED = "red", _("红色督办（逾期）")


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("已下发")
    RECEIVED = "received", _("已签收")
    ANSWERED = "answered", _("已反馈")
    CLOSED = "closed", _("已办结")


class Notice(TimeStampedModel):
    """督办单: issued to a unit about a task, received (签收), answered, reviewed, closed."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey(Unit, verbose_name=_("督办对象"), on_delete=models.PROTECT)
    colour = models.CharField(_("督办等级"), max_length=6, choices=NoticeColour.choices)
    number = models.CharField(_("督办单编号"), max_length=30, blank=True)
    reason = models.TextField(_("督办事由"))
    requirement = models.TextField(_("办理要求"), blank=True)
    due_date = models.DateField(_("反馈时限"))
    rule = models.CharField(
        _("生成规则"), max_length=30, blank=True, help_text=_("为空表示人工下发")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=NoticeState.choices, default=NoticeState.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    answer = models.TextField(_("办理情况"), blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["task", "rule"]),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.get_colour_display()}"

    @property
    def region(self) -> Region:
        return self.task.region


class NoticeStep(models.TextChoices):
    ISSUED = "issued", _("下发")
    RECEIVED = "received", _("签收")
    ANSWERED = "answered", _("反馈办理情况")
    SENT_BACK = "sent_back", _("退回重办")
    CLOSED = "closed", _("办结")


class NoticeEvent(models.Model):
    """Append-only history of a notice: each step with who, when and what was written (an
    answer, a send-back reason, a closing note). The notice row holds only the latest answer;
    a second answer after a send-back never hides the first, nor the reason."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("环节"), max_length=10, choices=NoticeStep.choices)
    text = models.TextField(_("内容"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A default rather than auto_now_add: history recovered from the action log keeps the
    # moment it happened.
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办单办理记录")
        verbose_name_plural = _("督办单办理记录")
        ordering = ["notice", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["notice", "created_at"])]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.get_step_display()}"


class NoticeAttachment(StoredAttachment):
    """A file the notice's unit sends with its answer (反馈附件). Uploaded while the unit
    prepares the answer (`event` empty), it goes with the answer when the answer is given
    (`event` is that answer's step), so after a send-back the first answer keeps its own
    files and the second answer has its own."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        NoticeEvent,
        verbose_name=_("所属反馈"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )

    class Meta:
        verbose_name = _("督办反馈附件")
        verbose_name_plural = _("督办反馈附件")
        ordering = ["notice", "created_at", "id"]

    @property
    def storage_folder(self) -> str:
        return f"notices/{self.notice_id}"


class Notification(models.Model):
    """An in-app message to one user. `key` makes a reminder idempotent: the reminder job may
    run many times a day and still sends each reminder once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="one_notification_per_key",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
