"""The choices of a task's own fields (cadence, status, colour, source), shared by its models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    APPEALS = "appeals", _("诉求热点")
    MANUAL = "manual", _("其他")
