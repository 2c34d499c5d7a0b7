"""Citizens' appeals (诉求, 接诉即办): what a citizen, a hotline operator or a 12345 system hands
in, with the tracking number the citizen follows it by.

Contact details are personal information (PIPL): they are kept on the appeal only, never in
the action log (`action_log_exclude`), never in a list, an export, the portal or search; the
pages show them masked (`luoshi.appeals.privacy`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, StoredFile, TimeStampedModel
from luoshi.core.stored_files import random_storage_name


class Channel(models.TextChoices):
    WEB = "web", _("网上提交")
    HOTLINE = "hotline", _("热线电话")
    SYSTEM = "system", _("系统对接")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("紧急")
    NORMAL = "normal", _("一般")
    CONSULT = "consult", _("咨询")


class Topic(models.TextChoices):
    URBAN = "urban", _("城乡建设")
    TRAFFIC = "traffic", _("交通出行")
    ENVIRONMENT = "environment", _("生态环境")
    HOUSING = "housing", _("住房物业")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("医疗卫生")
    SOCIAL = "social", _("社会保障")
    LABOUR = "labour", _("劳动就业")
    MARKET = "market", _("市场监管")
    RURAL = "rural", _("农业农村")
    SAFETY = "safety", _("公共安全")
    SERVICE = "service", _("政务服务")
    OTHER = "other", _("其他")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    DISPATCHED = "dispatched", _("已派单")
    SIGNED = "signed", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    RETURNED = "returned", _("退单待改派")
    MERGED = "merged", _("已合并")


class Step(models.TextChoices):
    DISPATCHED = "dispatched", _("派单")
    SIGNED = "signed", _("签收")
    RETURNED = "returned", _("退单")
    ASSISTED = "assisted", _("协办意见")
    ANSWERED = "answered", _("答复")
    VISITED = "visited", _("回访")
    REOPENED = "reopened", _("重办")
    CLOSED = "closed", _("办结")
    MERGED = "merged", _("合并")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Appeal(TimeStampedModel):
    number = models.CharField(_("诉求编号"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("类别"), max_length=20, choices=Topic.choices)
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="appeals"
    )
    place = models.CharField(
        _("具体地点"), max_length=200, blank=True, help_text=_("村（社区）、小区、路段")
    )
    content = models.TextField(_("诉求内容"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    lead_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    co_units = models.ManyToManyField(
        "core.Unit", verbose_name=_("协办单位"), blank=True, related_name="co_appeals"
    )
    reply = models.TextField(_("答复意见"), blank=True)
    # The tasks that answer it: one made from a hotspot (未诉先办), or a report's commitment
    # that lists the appeals it answers.
    tasks = models.ManyToManyField(
        "tasks.Task", verbose_name=_("回应的任务"), blank=True, related_name="appeals"
    )
    # Time limits in working days (`luoshi.appeals.time_limits`), fixed when set: 办结 from
    # 受理 (from 重办 when reopened), 签收 from each 派单.
    due_date = models.DateField(_("办理时限"), null=True, blank=True)
    sign_due = models.DateField(_("签收时限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # 回访: the citizen's (or the call's) verdict; 不满意 reopens the case once (重办).
    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    resolved = models.BooleanField(_("问题已解决"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    # A closed case the office publishes on the portal (典型案例), in its own words: what was
    # asked and done, without anything that names the citizen (`publishing`).
    public_text = models.TextField(_("公开案例"), blank=True)
    # The same person's earlier appeal on the same matter, recognised at intake (`duplicates`);
    # the office merges this one into it, or not.
    similar_to = models.ForeignKey(
        "self",
        verbose_name=_("疑似重复"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入诉求"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    # When the daily job erased the contact details, the retention period after 办结 over.
    contact_erased_at = models.DateTimeField(_("联系方式清除时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    # A case pushed by another system (a 12345 platform) keeps that system's name and number:
    # the same case pushed again is recognised, never filed twice.
    source = models.CharField(_("来源系统"), max_length=40, blank=True)
    source_number = models.CharField(_("来源系统编号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The query code a citizen follows the appeal with (with or without a phone), kept as a
    # keyed hash (`privacy.code_digest`): shown once, when the appeal is handed in.
    code_digest = models.CharField(max_length=64, editable=False)
    # A keyed hash of the sender's address (web form), to limit floods without keeping it.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    action_log_exclude = ("contact_name", "contact_phone", "client_hash", "code_digest")

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["source", "source_number"],
                condition=~Q(source_number=""),
                name="one_appeal_per_source_case",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["region", "-created_at", "-id"], name="appeal_region_newest"),
            models.Index(fields=["lead_unit", "status"], name="appeal_unit_queue"),
            models.Index(fields=["created_at"], name="appeal_received"),
            models.Index(
                fields=["region", "-published_at"],
                condition=Q(published_at__isnull=False),
                name="appeal_public_cases",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def answered_on_time(self) -> bool | None:
        """Whether the (last) answer came within the time limit; None before it."""
        if self.answered_at is None or self.due_date is None:
            return None
        return timezone.localtime(self.answered_at).date() <= self.due_date


class AppealEvent(TimeStampedModel):
    """One step of an appeal's handling, as its citizen and the office follow it: 派单 to a
    unit, 签收, 退单 with the reason, a co-unit's 协办意见, 答复, 回访 with its verdict, 重办,
    办结."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="events"
    )
    step = models.CharField(_("环节"), max_length=12, choices=Step.choices)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal} {self.get_step_display()}"


def photo_path(photo: AppealPhoto, filename: str) -> str:
    return random_storage_name("appeals", filename)


class AppealPhoto(StoredFile):
    """A photo the citizen sent with the appeal (JPG or PNG), shown to staff only."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), upload_to=photo_path, max_length=255)

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["id"]
