import pytest
from django.urls import reverse

from luoshi.accounts.models import ApiToken, User
from luoshi.core.models import ActionLog
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_wrong_password_shows_a_chinese_message(client, liaison):
    response = client.post(
        reverse("accounts:login"), {"username": liaison.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_home_then_logout(client, liaison):
    response = client.post(
        reverse("accounts:login"), {"username": liaison.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "联络员" in home.content.decode()
    assert client.get(reverse("accounts:logout")).status_code == 405  # logging out takes a POST
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_rejects_a_weak_password_and_keeps_the_old_one(client_for, liaison):
    client = client_for(liaison)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    assert User.objects.get(pk=liaison.pk).check_password(TEST_PASSWORD)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Qingyuan-New-Pass-77",
            "new_password2": "Qingyuan-New-Pass-77",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=liaison.pk).check_password("Qingyuan-New-Pass-77")


def test_a_token_is_shown_once_and_can_be_revoked(client_for, liaison):
    client = client_for(liaison)
    client.post(reverse("accounts:api_token_create"), {"name": "统计对接", "expires_in_days": "30"})
    first_view = client.get(reverse("accounts:account")).content.decode()
    token = ApiToken.objects.get(user=liaison)
    assert "ls_" in first_view and token.prefix in first_view
    second_view = client.get(reverse("accounts:account")).content.decode()
    assert 'id="new-token"' not in second_view

    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ActionLog.objects.filter(verb="api_token.revoked", actor=liaison).exists()


def test_a_token_without_a_name_is_refused_with_a_message(client_for, liaison):
    client = client_for(liaison)
    response = client.post(
        reverse("accounts:api_token_create"), {"name": "   ", "expires_in_days": "30"}, follow=True
    )
    assert "请填写令牌用途" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_with_a_made_up_lifetime_is_refused(client_for, liaison):
    response = client_for(liaison).post(
        reverse("accounts:api_token_create"), {"name": "x", "expires_in_days": "99999"}, follow=True
    )
    assert "选择一个有效的选项。 99999 不在可用的选项中。" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not ActionLog.objects.filter(verb="api_token.created").exists()


def test_the_language_switch_changes_the_interface(client_for, liaison):
    client = client_for(liaison)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Regions" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert "行政區劃" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "行政区划" in client.get(reverse("home")).content.decode()
