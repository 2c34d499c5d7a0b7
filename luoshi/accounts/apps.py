from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "luoshi.accounts"
    label = "accounts"
    verbose_name = _("用户与权限")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_save

        from luoshi.accounts import menu  # noqa: F401  registers the menu entries
        from luoshi.accounts.models import User
        from luoshi.accounts.password_changes import revoke_tokens_after_password_change
        from luoshi.accounts.sign_in_records import (
            record_lockout,
            record_sign_in,
            record_sign_in_failure,
        )

        user_logged_in.connect(record_sign_in, dispatch_uid="luoshi.record_sign_in")
        user_login_failed.connect(
            record_sign_in_failure, dispatch_uid="luoshi.record_sign_in_failure"
        )
        user_locked_out.connect(record_lockout, dispatch_uid="luoshi.record_lockout")
        post_save.connect(
            revoke_tokens_after_password_change,
            sender=User,
            dispatch_uid="luoshi.revoke_tokens_after_password_change",
        )
