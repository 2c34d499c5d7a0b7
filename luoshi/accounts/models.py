"""Users, their memberships in units with a role, and API tokens."""

from __future__ import annotations

from typing import ClassVar

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import TimeStampedModel, Unit


class User(AbstractUser):
    """A person using Luoshi. Roles come from memberships, not from the user row."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    title = models.CharField(
        _("职务"), max_length=100, blank=True, help_text=_("如 县政府办公室副主任")
    )
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def work_region_codes(self) -> set[str]:
        """The codes of the regions whose units the user holds a role in (the scope of what
        the user reads beyond public data; lower apps ask for it without importing accounts)."""
        from luoshi.accounts.permissions import role_grants

        return {code for _role, _unit, code in role_grants(self)}


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    SUPERVISOR = "supervisor", _("督查员")
    LIAISON = "liaison", _("联络员")
    UNIT_HEAD = "unit_head", _("审核人")
    LEADER = "leader", _("领导")
    REPRESENTATIVE = "representative", _("代表")


class Membership(TimeStampedModel):
    """A user acts for a unit in a role: 县发改局的联络员, 县政府办公室的督查员."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["unit__region__code", "unit__sort_order", "role"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="membership_unique_user_unit_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class ApiToken(TimeStampedModel):
    """A bearer token for the REST API. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=60)
    prefix = models.CharField(_("前缀"), max_length=12, help_text=_("令牌开头几位，便于辨认"))
    key_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("令牌摘要")
    )
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class FailedSignIn(AccessAttempt):
    """django-axes' count of wrong passwords for one username from one address, as the admin
    shows it: in Chinese (axes has no Chinese), deleting a row lifts that lock."""

    # What was posted (the username, masked password, CSRF token) stays out of the action log.
    action_log_exclude = ("get_data", "post_data", "http_accept", "user_agent", "path_info")

    class Meta:
        proxy = True
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")

    def __str__(self) -> str:
        return f"{self.username or '—'} @ {self.ip_address or '—'}"
