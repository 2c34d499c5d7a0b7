import copy
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from luoshi.accounts import services
from luoshi.accounts.models import ApiToken, FailedSignIn, Membership, User
from luoshi.core.admin_logging import LoggedModelAdmin


class AdminPasswordSetForm(AdminPasswordChangeForm):
    """The admin's set-password form, written through the service: logged, tokens revoked."""

    # Django glues an untranslated warning to this help text; the warning's id is what the
    # admin's script shows and hides.
    usable_password_help_text = format_lazy(  # type: ignore[assignment]
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("如果禁用，该用户现有的密码将会丢失，其 API 令牌也会被撤销。"),
    )

    def __init__(self, user: User, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.actor = actor
        self.revoked_tokens = 0

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data["set_usable_password"]
        self.revoked_tokens = services.user_password_set(
            actor=self.actor,
            user=self.user,
            password=self.cleaned_data["password1"] if usable else None,
        )
        return self.user


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "role", "is_active")


@admin.register(User)
class UserAdmin(LoggedModelAdmin, DjangoUserAdmin):
    inlines = (MembershipInline,)
    list_display = ("username", "full_name", "title", "is_active", "is_staff", "last_login")
    search_fields = ("username", "full_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "title", "phone", "email")}),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser status or raw Django permissions; roles
        # are given through memberships.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return readonly

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Django builds this form itself, as `self.change_password_form(user, data)`; the form
        # needs the acting administrator for the log, so it is bound on a copy of this admin
        # made for this request (the admin object itself is shared between requests).
        made: list[AdminPasswordSetForm] = []

        def form_for_this_request(user: User, *args: Any, **kwargs: Any) -> AdminPasswordSetForm:
            form = AdminPasswordSetForm(user, *args, actor=request.user, **kwargs)
            made.append(form)
            return form

        for_this_request = copy.copy(self)
        for_this_request.change_password_form = form_for_this_request
        response = DjangoUserAdmin.user_change_password(for_this_request, request, id, form_url)
        revoked = sum(form.revoked_tokens for form in made)
        if revoked:
            messages.info(
                request,
                ngettext(
                    "该用户的 %(count)d 个 API 令牌已随密码修改而撤销。",
                    "该用户的 %(count)d 个 API 令牌已随密码修改而撤销。",
                    revoked,
                )
                % {"count": revoked},
            )
        return response

    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")},
        ),
    )


@admin.register(Membership)
class MembershipAdmin(LoggedModelAdmin):
    list_display = ("user", "unit", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "unit__name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")


@admin.register(ApiToken)
class ApiTokenAdmin(LoggedModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_select_related = ("user",)
    readonly_fields = ("prefix", "last_used_at")
    fields = ("user", "name", "prefix", "expires_at", "revoked_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # keys are shown once on creation: tokens are made on the account page


@admin.register(FailedSignIn)
class FailedSignInAdmin(LoggedModelAdmin):
    """Who failed to sign in from where; deleting a row lifts that account's lock there."""

    list_display = ("who", "address", "failures", "last_failure", "locked")
    search_fields = ("username", "ip_address")
    fields = ("who", "address", "failures", "last_failure", "locked")
    readonly_fields = fields
    ordering = ("-attempt_time",)

    @admin.display(description=_("用户名"), ordering="username")
    def who(self, row: FailedSignIn) -> str:
        return row.username or "—"

    @admin.display(description=_("登录地址"), ordering="ip_address")
    def address(self, row: FailedSignIn) -> str:
        return row.ip_address or "—"

    @admin.display(description=_("失败次数"), ordering="failures_since_start")
    def failures(self, row: FailedSignIn) -> int:
        return row.failures_since_start

    @admin.display(description=_("最近失败时间"), ordering="attempt_time")
    def last_failure(self, row: FailedSignIn) -> Any:
        return row.attempt_time

    @admin.display(description=_("已锁定"), boolean=True)
    def locked(self, row: FailedSignIn) -> bool:
        return (
            row.failures_since_start >= settings.AXES_FAILURE_LIMIT
            and row.attempt_time + settings.AXES_COOLOFF_TIME > timezone.now()
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
