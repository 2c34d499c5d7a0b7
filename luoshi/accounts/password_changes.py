"""The safety net behind `services.user_password_set`: no password change keeps API tokens.

The account page and the admin change passwords through the service, which revokes the user's
tokens and logs who did it. Some paths are not ours: Django's `luoshi changepassword` command,
a shell's `user.set_password(...); user.save()`. They all go through `set_password()`, which
leaves a marker (`_password`) that `AbstractBaseUser.save()` clears after the post_save signal;
Django clears it before saving a mere hash upgrade, so that is not taken for a change. Seeing
the marker on a saved user, this revokes the tokens (no actor: the path does not say who).

The service sets the hash without set_password(), so its own changes are not seen twice.
"""

from __future__ import annotations

from typing import Any

from luoshi.accounts.models import User
from luoshi.accounts.services import api_tokens_revoke_for_password_change


def revoke_tokens_after_password_change(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save of User (connected in AccountsConfig.ready)."""
    if raw or created or getattr(instance, "_password", None) is None:
        return
    api_tokens_revoke_for_password_change(actor=None, user=instance)
