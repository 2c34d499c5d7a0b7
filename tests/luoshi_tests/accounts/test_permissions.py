"""Permission boundaries, tested from both sides: allowed, and denied with nothing changed."""

import pytest
from django.urls import reverse

from luoshi.accounts.models import ApiToken, Role
from luoshi.accounts.permissions import roles_of
from luoshi.accounts.services import api_token_create, membership_grant, membership_revoke
from luoshi.core.models import ActionLog, Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [
        ("admin_user", True),
        ("superuser", True),
        ("supervisor", False),
        ("liaison", False),
        ("leader", False),
        ("representative", False),
        ("unit_head", False),
    ],
)
def test_only_administrators_may_change_units(request, world, fixture, allowed):
    user = request.getfixturevalue(fixture)
    assert user.has_perm("core.change_unit", world.bureau) is allowed
    assert user.has_perm("accounts.add_membership") is allowed
    assert user.has_perm("core.view_unit") is True  # reference data every role reads


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [("admin_user", True), ("supervisor", True), ("liaison", False), ("leader", False)],
)
def test_the_action_log_page_is_for_administrators_and_supervisors(
    request, client_for, fixture, allowed
):
    client = client_for(request.getfixturevalue(fixture))
    response = client.get(reverse("core:action_log"))
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "没有权限" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for name in ("home", "core:region_list", "core:unit_list", "accounts:account"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_inactive_membership_grants_nothing(world, liaison, admin_user):
    membership = liaison.memberships.get()
    assert roles_of(liaison) == {Role.LIAISON}
    membership_revoke(actor=admin_user, membership=membership)
    assert roles_of(liaison) == set()
    assert ActionLog.objects.filter(verb="membership.revoked").count() == 1


def test_granting_a_role_twice_keeps_one_membership(world, liaison, admin_user):
    first = membership_grant(actor=admin_user, user=liaison, unit=world.office, role=Role.LEADER)
    second = membership_grant(actor=admin_user, user=liaison, unit=world.office, role=Role.LEADER)
    assert first.pk == second.pk
    assert roles_of(liaison) == {Role.LIAISON, Role.LEADER}


def test_a_user_cannot_revoke_someone_elses_token(client_for, liaison, other_liaison):
    token, _key = api_token_create(actor=other_liaison, user=other_liaison, name="对接")
    response = client_for(liaison).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_nav_shows_only_what_the_role_may_open(client_for, admin_user, liaison):
    admin_page = client_for(admin_user).get(reverse("home")).content.decode()
    liaison_page = client_for(liaison).get(reverse("home")).content.decode()
    assert "操作日志" in admin_page and "系统后台" in admin_page and "用户管理" in admin_page
    assert "操作日志" not in liaison_page
    assert "系统后台" not in liaison_page
    assert "用户管理" not in liaison_page
    assert "单位" in liaison_page


def test_the_admin_site_refuses_non_staff(client_for, liaison):
    response = client_for(liaison).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_changes_go_through_the_logged_write(client_for, superuser, world):
    client = client_for(superuser)
    url = reverse("admin:core_unit_change", args=[world.bureau.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "region": world.county.pk,
            "name": "甲县发展和改革局",
            "short_name": "发改局",
            "kind": "department",
            "phone": "",
            "address": "",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.get(pk=world.bureau.pk).short_name == "发改局"
    entry = ActionLog.objects.get(verb="unit.updated")
    assert entry.actor == superuser
    assert entry.after["short_name"] == "发改局"


def test_tokens_are_stored_only_as_hashes(liaison):
    token, key = api_token_create(actor=liaison, user=liaison, name="对接")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix)
    assert key.startswith(stored.prefix)
    assert key not in str(ActionLog.objects.get(verb="api_token.created").after)


def test_the_administrator_role_opens_and_closes_the_admin_site(world, liaison, superuser):
    assert not liaison.is_staff
    granted = membership_grant(actor=superuser, user=liaison, unit=world.office, role=Role.ADMIN)
    liaison.refresh_from_db()
    assert liaison.is_staff
    membership_revoke(actor=superuser, membership=granted)
    liaison.refresh_from_db()
    assert not liaison.is_staff
    assert ActionLog.objects.filter(verb="user.staff_changed").count() == 2


def test_an_admin_role_cannot_make_anyone_a_superuser(client_for, admin_user, liaison):
    client = client_for(admin_user)
    url = reverse("admin:accounts_user_change", args=[liaison.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "username": liaison.username,
            "full_name": "改名",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    liaison.refresh_from_db()
    assert liaison.full_name == "改名"  # the form was accepted…
    assert not liaison.is_superuser  # …but the privileged fields were not taken from it
    assert not liaison.is_staff
