"""Meetings around the report, opinions with their answers, instructions and referrals.

Opinions are anchored to a paragraph of a report version by the paragraph's anchor, which the
reports app carries from one version to the next, so an opinion on the draft still points at
"its" paragraph in the revised text. A referral (交办) keeps its source; the tasks app will
point its tasks at referrals (foreign keys point down the layers).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Region, StoredFile, TimeStampedModel, Unit
from luoshi.core.stored_files import random_storage_name
from luoshi.reports.models import ReportVersion, WorkReport


class MeetingKind(models.TextChoices):
    SYMPOSIUM = "symposium", _("座谈会")
    DELIBERATION = "deliberation", _("代表团审议")
    INSPECTION = "inspection", _("调研")
    SUMMARY = "summary_meeting", _("总结交流会")
    CONGRESS = "congress_session", _("大会")
    OTHER = "other", _("其他")


class Meeting(TimeStampedModel):
    kind = models.CharField(_("类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"), null=True, blank=True)
    date_text = models.CharField(
        _("日期（原文）"), max_length=30, blank=True, help_text=_("原文未写年份时，如 5月11日")
    )
    time = models.TimeField(_("时间"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("地点所在区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    delegation = models.CharField(
        _("代表团"), max_length=100, blank=True, help_text=_("代表团审议时填写，如 吕梁代表团")
    )
    report = models.ForeignKey(
        WorkReport,
        verbose_name=_("讨论的报告"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    report_version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("讨论的版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    topics = models.JSONField(_("议题"), default=list, blank=True)
    minutes = models.TextField(_("纪要"), blank=True)
    is_public = models.BooleanField(_("公开"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class PersonRole(models.TextChoices):
    HOST = "host", _("主持")
    LEADER = "leader", _("出席领导")
    ATTENDEE = "attendee", _("参加")


class MeetingPerson(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="people", verbose_name=_("会议")
    )
    name = models.CharField(_("姓名"), max_length=50)
    titles = models.JSONField(_("职务"), default=list, blank=True)
    role = models.CharField(
        _("身份"), max_length=10, choices=PersonRole.choices, default=PersonRole.ATTENDEE
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("顺序"))

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return f"{self.name}（{'、'.join(self.titles)}）" if self.titles else self.name


class ParticipantGroup(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="groups", verbose_name=_("会议")
    )
    sector = models.CharField(_("界别/群体"), max_length=100)
    count = models.PositiveIntegerField(_("人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("参会群体")
        verbose_name_plural = _("参会群体")

    def __str__(self) -> str:
        return self.sector


class Speech(models.Model):
    """A deputy's or representative's speech at a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="speeches", verbose_name=_("会议")
    )
    speaker_name = models.CharField(_("发言人"), max_length=50)
    speaker_title = models.CharField(_("身份"), max_length=100, blank=True)
    topics = models.JSONField(_("议题"), default=list, blank=True)
    summary = models.TextField(_("发言摘要"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("顺序"))

    class Meta:
        verbose_name = _("发言")
        verbose_name_plural = _("发言")
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.speaker_name


class Instruction(TimeStampedModel):
    """A leader's numbered direction (一要…二要…) given at a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="instructions", verbose_name=_("会议")
    )
    ordinal = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("内容"))
    given_by = models.CharField(_("提出人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("指示要求")
        verbose_name_plural = _("指示要求")
        ordering = ["meeting", "ordinal"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "ordinal"], name="instruction_ordinal_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.text[:30]}"


def meeting_file_path(instance: Attachment, filename: str) -> str:
    return random_storage_name(f"meetings/{instance.meeting_id}", filename)


class Attachment(StoredFile):
    """A file of a meeting (纪要, 签到表, 现场照片…), screened on upload and served only through
    a view that checks who may see the meeting. Written and deleted by
    `luoshi.engagement.meeting_file_services`; the file goes with the row (cascades too)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("会议")
    )
    file = models.FileField(_("文件"), upload_to=meeting_file_path, max_length=255)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["meeting", "created_at", "id"]


class Channel(models.TextChoices):
    MEETING = "meeting", _("会上发言")
    WRITTEN = "written", _("书面意见")
    PUBLIC = "public", _("网上征集")


class AuthorRating(models.TextChoices):
    """A deputy's verdict on the answer to their opinion (代表满意度)."""

    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class AnswerCategory(models.TextChoices):
    """The written answer to a deputy's suggestion, as offices report it (代表建议办理)."""

    SOLVED = "A", _("A类 已解决或采纳")
    PLANNED = "B", _("B类 正在解决或列入计划")
    REFERENCE = "C", _("C类 因条件限制留作参考")


class AnswerState(models.TextChoices):
    PENDING = "pending", _("待答复")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    ALREADY = "already", _("已有体现")
    NOTED = "noted", _("留作参考")
    DECLINED = "declined", _("不予采纳")


class Opinion(TimeStampedModel):
    report = models.ForeignKey(
        WorkReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="opinions"
    )
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("针对的版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    anchor = models.CharField(_("段落锚点"), max_length=16, blank=True, db_index=True)
    start = models.PositiveIntegerField(_("起"), null=True, blank=True)
    end = models.PositiveIntegerField(_("止"), null=True, blank=True)
    quote = models.CharField(_("引用原文"), max_length=500, blank=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("会议"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    author_name = models.CharField(_("提出人"), max_length=50, blank=True)
    author_sector = models.CharField(_("界别/身份"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True, help_text=_("不公开"))
    text = models.TextField(_("意见内容"))
    topics = models.JSONField(_("议题标签"), default=list, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("答复状态"),
        max_length=10,
        choices=AnswerState.choices,
        default=AnswerState.PENDING,
        db_index=True,
    )
    reply = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    author_rating = models.CharField(
        _("提出人评价"), max_length=12, choices=AuthorRating.choices, blank=True
    )
    author_rating_note = models.CharField(_("评价说明"), max_length=500, blank=True)
    # 代表建议办理: handed to `unit` with a deadline, answered with a category, rated by the
    # deputy; 不满意 sends it back once (重新办理) with a new deadline.
    delegation = models.CharField(_("代表团"), max_length=100, blank=True)
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    handed_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    category = models.CharField(
        _("答复类别"), max_length=1, choices=AnswerCategory.choices, blank=True
    )
    redo_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    result_version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("修改后的版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result_anchor = models.CharField(_("修改后的段落"), max_length=16, blank=True)
    is_public = models.BooleanField(_("公开"), default=False)
    # A keyed hash of the submitter's address, for limiting floods of public submissions
    # without keeping the address itself.
    client_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False, verbose_name=_("来源地址摘要")
    )

    # Contact data is personal: it never goes into the log.
    action_log_exclude = ("contact", "client_hash")

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["-created_at", "-id"]
        # The staff list pages through 10⁵ opinions of a report, newest first, by state or
        # sector; the statistics cache is keyed on the latest change.
        indexes: ClassVar = [
            models.Index(fields=["report", "-created_at", "-id"]),
            # Every report's opinions newest first (an office's list across its regions, the
            # API without a report): the page is read in order, not sorted from all of them.
            models.Index(fields=["-created_at", "-id"], name="opinion_newest_first"),
            models.Index(fields=["report", "state", "-created_at"]),
            models.Index(fields=["report", "author_sector"]),
            models.Index(fields=["report", "channel"]),
            models.Index(fields=["report", "updated_at"]),
            # The public feedback page: a report's public answers, by passage.
            models.Index(fields=["report", "is_public", "anchor", "created_at", "id"]),
            # A unit's suggestions to answer, and the daily reminders, by deadline.
            models.Index(fields=["unit", "state", "deadline"], name="opinion_unit_deadline"),
            models.Index(
                fields=["deadline"],
                name="opinion_handed_deadline",
                condition=models.Q(deadline__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def region(self) -> Region:
        """For permission scopes: an opinion belongs to its report's region."""
        return self.report.region

    def clean(self) -> None:
        if not self.text or not self.text.strip():
            raise ValidationError({"text": _("意见内容不能为空。")})
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError({"end": _("引用位置不正确。")})
        if self.version_id and self.version and self.version.report_id != self.report_id:
            raise ValidationError({"version": _("版本不属于这份报告。")})


class AnswerStateLabel(TimeStampedModel):
    """A region's own word for an answer state (采纳 → 吸纳采用)."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("行政区划")
    )
    state = models.CharField(_("答复状态"), max_length=10, choices=AnswerState.choices)
    label = models.CharField(_("显示为"), max_length=20)

    class Meta:
        verbose_name = _("答复状态名称")
        verbose_name_plural = _("答复状态名称")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "state"], name="one_label_per_state"),
        ]

    def __str__(self) -> str:
        return self.label


# Referrals (交办) and study tours' insights and cooperation items live in modules of their own.
from luoshi.engagement.referral_models import Referral as Referral  # noqa: E402
from luoshi.engagement.referral_models import ReferralStatus as ReferralStatus  # noqa: E402
from luoshi.engagement.study_tour_models import (  # noqa: E402
    CooperationItem as CooperationItem,
)
from luoshi.engagement.study_tour_models import (  # noqa: E402
    CooperationStatus as CooperationStatus,
)
from luoshi.engagement.study_tour_models import (  # noqa: E402
    CooperationUpdate as CooperationUpdate,
)
from luoshi.engagement.study_tour_models import Insight as Insight  # noqa: E402
