"""A password change, whichever way it is made, revokes the user's API tokens, and says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.models import ApiToken, User
from luoshi.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    user_password_set,
)
from luoshi.core.models import ActionLog
from luoshi_tests.accounts.signing_in import browser, is_signed_in, post_form, sign_in
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Qingyuan-New-Pass-77"


def tokens_of(user: User) -> dict[str, str]:
    """Two usable tokens, one revoked, one expired: name → key."""
    keys = {}
    for name in ("统计对接", "报表对接"):
        _token, keys[name] = api_token_create(actor=user, user=user, name=name)
    revoked, keys["已撤销"] = api_token_create(actor=user, user=user, name="已撤销")
    api_token_revoke(actor=user, token=revoked)
    expired, keys["已过期"] = api_token_create(
        actor=user, user=user, name="已过期", expires_at=timezone.now() + timedelta(days=1)
    )
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    return keys


def signed_in_browser(user: User) -> Client:
    client = browser()
    assert sign_in(client, user.username, TEST_PASSWORD).status_code == 302
    return client


def test_the_account_page_change_revokes_the_tokens_and_says_how_many(liaison):
    keys = tokens_of(liaison)
    assert api_token_authenticate(key=keys["统计对接"]) == liaison
    other_session = signed_in_browser(liaison)
    client = signed_in_browser(liaison)

    response = post_form(
        client,
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "密码已修改。" in page
    assert "您的 2 个 API 令牌已随密码修改而撤销" in page

    assert all(api_token_authenticate(key=key) is None for key in keys.values())
    assert ApiToken.objects.filter(user=liaison, revoked_at__isnull=True).count() == 1  # expired
    revocations = ActionLog.objects.filter(verb="api_token.revoked_on_password_change")
    assert revocations.count() == 2 and {e.actor_id for e in revocations} == {liaison.pk}
    [change] = ActionLog.objects.filter(verb="user.password_changed")
    assert change.actor == liaison
    assert "password" not in str(change.before) + str(change.after)

    # This browser stays signed in; the session elsewhere ended with the old password.
    assert client.get(reverse("accounts:account")).status_code == 200
    assert other_session.get(reverse("accounts:account")).status_code == 302
    assert User.objects.get(pk=liaison.pk).check_password(NEW_PASSWORD)


def test_a_change_with_no_tokens_says_nothing_about_tokens(liaison):
    client = signed_in_browser(liaison)
    response = post_form(
        client,
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert "密码已修改。" in page and "API 令牌已随密码修改而撤销" not in page


def test_a_refused_change_keeps_the_tokens(liaison):
    keys = tokens_of(liaison)
    client = signed_in_browser(liaison)
    response = post_form(
        client,
        reverse("accounts:password_change"),
        {
            "old_password": "not-the-old-one",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert api_token_authenticate(key=keys["统计对接"]) == liaison
    assert not ActionLog.objects.filter(verb="user.password_changed").exists()


def test_the_admins_set_password_revokes_the_tokens(superuser, liaison):
    keys = tokens_of(liaison)
    client = signed_in_browser(superuser)
    url = reverse("admin:auth_user_password_change", args=[liaison.pk])
    response = post_form(
        client,
        url,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert (
        "该用户的 2 个 API 令牌已随密码修改而撤销"
        in client.get(response["Location"]).content.decode()
    )
    assert api_token_authenticate(key=keys["报表对接"]) is None
    revocations = ActionLog.objects.filter(verb="api_token.revoked_on_password_change")
    assert {e.actor_id for e in revocations} == {superuser.pk} and revocations.count() == 2
    assert (
        ActionLog.objects.get(verb="user.password_changed", target_id=str(liaison.pk)).actor
        == superuser
    )
    assert User.objects.get(pk=liaison.pk).check_password(NEW_PASSWORD)


def test_the_admin_disabling_password_sign_in_revokes_the_tokens(superuser, liaison):
    keys = tokens_of(liaison)
    client = signed_in_browser(superuser)
    url = reverse("admin:auth_user_password_change", args=[liaison.pk])
    response = post_form(client, url, {"usable_password": "false", "unset-password": "1"})
    assert response.status_code == 302
    assert not User.objects.get(pk=liaison.pk).has_usable_password()
    assert api_token_authenticate(key=keys["统计对接"]) is None


def test_a_change_outside_the_pages_revokes_them_too(liaison):
    """As Django's `changepassword` command or a shell does it: set_password() and save()."""
    keys = tokens_of(liaison)
    liaison.set_password(NEW_PASSWORD)
    liaison.save()
    assert all(api_token_authenticate(key=key) is None for key in keys.values())
    revocations = ActionLog.objects.filter(verb="api_token.revoked_on_password_change")
    assert revocations.count() == 2 and all(e.actor_id is None for e in revocations)


def test_a_hash_upgrade_is_no_password_change(settings, liaison):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
    keys = tokens_of(liaison)
    User.objects.filter(pk=liaison.pk).update(
        password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha1")
    )
    user = User.objects.get(pk=liaison.pk)
    assert user.check_password(TEST_PASSWORD)  # upgrades the stored hash to the preferred one
    assert User.objects.get(pk=liaison.pk).password.startswith("md5$")
    assert api_token_authenticate(key=keys["统计对接"]) == liaison


def test_the_service_counts_and_validates(liaison):
    tokens_of(liaison)
    with pytest.raises(Exception, match="密码"):
        user_password_set(actor=liaison, user=liaison, password="123")
    assert ApiToken.objects.filter(user=liaison, revoked_at__isnull=True).count() == 3
    assert user_password_set(actor=liaison, user=liaison, password=NEW_PASSWORD) == 2
    assert user_password_set(actor=liaison, user=liaison, password=TEST_PASSWORD) == 0


def test_an_expired_token_is_refused(liaison):
    token, key = api_token_create(
        actor=liaison, user=liaison, name="短期", expires_at=timezone.now() + timedelta(minutes=1)
    )
    assert api_token_authenticate(key=key) == liaison
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_authenticate(key=key) is None


def test_the_account_page_offers_and_shows_an_expiry(liaison):
    client = signed_in_browser(liaison)
    page = client.get(reverse("accounts:account")).content.decode()
    for choice in ("30 天", "90 天", "一年", "长期有效"):
        assert choice in page
    post_form(
        client, reverse("accounts:api_token_create"), {"name": "统计对接", "expires_in_days": "30"}
    )
    post_form(
        client, reverse("accounts:api_token_create"), {"name": "长期对接", "expires_in_days": "0"}
    )
    page = client.get(reverse("accounts:account")).content.decode()
    month = ApiToken.objects.get(name="统计对接")
    assert month.expires_at is not None
    assert abs((month.expires_at - timezone.now()) - timedelta(days=30)) < timedelta(minutes=1)
    assert timezone.localtime(month.expires_at).strftime("%Y-%m-%d") in page
    assert ApiToken.objects.get(name="长期对接").expires_at is None
    assert "长期" in page
    assert is_signed_in(client)
