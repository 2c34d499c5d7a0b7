"""Wrong passwords lock an account at an address, and an address on its own; locks end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from luoshi.core.models import ActionLog
from luoshi_tests.accounts.signing_in import browser, is_signed_in, post_form, sign_in
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5  # AXES_FAILURE_LIMIT's default


def fail(client, username: str, times: int) -> list[int]:
    return [sign_in(client, username, f"wrong-{n}").status_code for n in range(times)]


def test_the_fifth_wrong_password_locks_and_the_right_one_is_then_refused(liaison):
    client = browser()
    statuses = fail(client, liaison.username, LIMIT)
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = sign_in(client, liaison.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)
    page = response.content.decode()
    # One Chinese sentence saying how long to wait, in the site's layout.
    assert "登录失败次数过多，请 15 分钟后再试。" in page
    assert 'class="topbar"' in page and "暂时无法登录" in page
    assert response["Retry-After"] == str(15 * 60)


def test_thirty_wrong_passwords_are_not_thirty_guesses(liaison):
    client = browser()
    fail(client, liaison.username, 30)
    # Only the failures up to the lock were counted; the others were refused unchecked.
    counted = sum(a.failures_since_start for a in AccessAttempt.objects.all())
    assert counted == LIMIT
    assert sign_in(client, liaison.username, TEST_PASSWORD).status_code == 429
    assert not is_signed_in(client)


def test_the_account_still_signs_in_from_another_address(liaison):
    fail(browser("10.0.0.1"), liaison.username, LIMIT)
    elsewhere = browser("10.0.0.2")
    assert sign_in(elsewhere, liaison.username, TEST_PASSWORD).status_code == 302
    assert is_signed_in(elsewhere)


def test_colleagues_behind_the_same_address_are_not_locked_out(liaison, supervisor):
    fail(browser("10.0.0.1"), liaison.username, LIMIT)
    colleague = browser("10.0.0.1")
    assert sign_in(colleague, supervisor.username, TEST_PASSWORD).status_code == 302
    assert is_signed_in(colleague)


def test_an_address_trying_many_accounts_is_locked_on_its_own(settings, liaison, supervisor):
    settings.LUOSHI_SIGNIN_ADDRESS_FAILURE_LIMIT = 8
    machine = browser("10.0.0.66")
    for name in ("alice", "bob", "carol"):
        assert fail(machine, name, 2) == [200, 200]
    assert fail(machine, liaison.username, 1) == [200]
    # The eighth failure from the address, on a fifth name: locked though no name reached 5.
    assert fail(machine, "dave", 1) == [429]
    assert sign_in(browser("10.0.0.66"), supervisor.username, TEST_PASSWORD).status_code == 429
    # The accounts themselves are not locked anywhere else.
    assert sign_in(browser("10.0.0.67"), liaison.username, TEST_PASSWORD).status_code == 302


def test_the_lock_ends_by_itself_after_the_cool_off(liaison):
    client = browser()
    fail(client, liaison.username, LIMIT)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=6)
    )
    response = sign_in(client, liaison.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "请 9 分钟后再试" in response.content.decode()

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=10)
    )
    assert sign_in(client, liaison.username, TEST_PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_attempts_during_a_lock_neither_count_nor_extend_it(liaison):
    client = browser()
    fail(client, liaison.username, LIMIT)
    locked = AccessAttempt.objects.get()
    fail(client, liaison.username, 3)
    again = AccessAttempt.objects.get()
    assert (again.failures_since_start, again.attempt_time) == (LIMIT, locked.attempt_time)


def test_signing_in_forgets_that_accounts_earlier_mistakes_at_that_address(liaison):
    client = browser()
    assert fail(client, liaison.username, LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in(client, liaison.username, TEST_PASSWORD).status_code == 302
    client.post(
        reverse("accounts:logout"), {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )
    assert fail(browser(), liaison.username, LIMIT - 1) == [200] * (LIMIT - 1)


def test_the_admin_sign_in_is_locked_the_same_way(superuser):
    client = browser()
    admin_login = reverse("admin:login")
    statuses = [
        sign_in(client, superuser.username, f"wrong-{n}", url=admin_login).status_code
        for n in range(LIMIT)
    ]
    assert statuses[-1] == 429
    assert sign_in(client, superuser.username, TEST_PASSWORD, url=admin_login).status_code == 429
    assert not is_signed_in(client)


def test_force_login_still_works_for_the_rest_of_the_suite(client_for, liaison):
    assert client_for(liaison).get(reverse("accounts:account")).status_code == 200


ADDRESS_PROBE = """
import json, django
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
cases = {
    "direct": {"REMOTE_ADDR": "10.9.8.7"},
    "claimed": {"REMOTE_ADDR": "10.9.8.7", "HTTP_X_FORWARDED_FOR": "6.6.6.6"},
    "proxied": {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.1.2.3"},
    "spoofed": {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 10.1.2.3"},
    "public proxy": {"REMOTE_ADDR": "59.1.1.1", "HTTP_X_FORWARDED_FOR": "10.1.2.3"},
}
found = {k: get_client_ip_address(RequestFactory().post("/", **v)) for k, v in cases.items()}
print(json.dumps(found))
"""


def probe_addresses(**environment: str) -> dict[str, str]:
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **environment}
    done = subprocess.run(
        [sys.executable, "-c", ADDRESS_PROBE],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_address_is_the_connections_unless_behind_our_proxy():
    direct = probe_addresses(LUOSHI_BEHIND_PROXY="false")
    # A client's own X-Forwarded-For is only its claim: ignored without a proxy.
    assert direct["direct"] == "10.9.8.7" and direct["claimed"] == "10.9.8.7"

    proxied = probe_addresses(LUOSHI_BEHIND_PROXY="true")
    assert proxied["proxied"] == "10.1.2.3"
    # What a client wrote before the proxy's entry is not taken for its address.
    assert proxied["spoofed"] == "10.1.2.3"
    # A private client address wins over a public proxy's own.
    assert proxied["public proxy"] == "10.1.2.3"


def test_an_administrator_sees_the_lock_in_chinese_and_lifts_it(admin_user, liaison):
    fail(browser("10.0.0.1"), liaison.username, LIMIT)
    client = browser()
    assert sign_in(client, admin_user.username, TEST_PASSWORD).status_code == 302
    listing = client.get(reverse("admin:accounts_failedsignin_changelist"))
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "登录失败记录" in page and "10.0.0.1" in page and liaison.username in page
    assert "Access attempt" not in page and "access attempt" not in page

    [row] = AccessAttempt.objects.all()
    post_form(client, reverse("admin:accounts_failedsignin_delete", args=[row.pk]), {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    assert sign_in(browser("10.0.0.1"), liaison.username, TEST_PASSWORD).status_code == 302
    lifted = ActionLog.objects.get(verb="failedsignin.deleted")
    assert lifted.actor == admin_user and "post_data" not in (lifted.before or {})


def test_a_request_without_an_address_is_still_counted_and_locked(liaison):
    """A peer with no IP address (a Unix socket) is counted under no address, not "unknown",
    which the IP-address column would refuse."""
    from luoshi.accounts.sign_in_guard import sign_in_address

    assert sign_in_address(RequestFactory().post("/", REMOTE_ADDR="")) is None
    assert fail(browser(""), liaison.username, LIMIT)[-1] == 429
    assert AccessAttempt.objects.get().ip_address is None
