"""Sign-ins, failures and lockouts are in the action log: who, from where, never a password."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from luoshi.core.models import ActionLog
from luoshi_tests.accounts.signing_in import browser, sign_in
from luoshi_tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def entries(verb: str) -> list[ActionLog]:
    return list(ActionLog.objects.filter(verb=verb).order_by("id"))


def test_a_sign_in_is_recorded_with_its_address(liaison):
    sign_in(browser("10.3.4.5"), liaison.username, TEST_PASSWORD)
    [entry] = entries("user.signed_in")
    assert entry.actor == liaison and entry.target_id == str(liaison.pk)
    assert entry.after == {"address": "10.3.4.5"}


def test_a_wrong_password_is_recorded_without_actor_and_without_the_password(liaison):
    sign_in(browser("10.3.4.5"), liaison.username, "Secret-Guess-0042")
    [entry] = entries("user.sign_in_failed")
    assert entry.actor is None
    assert entry.target_id == str(liaison.pk)
    assert entry.after == {"address": "10.3.4.5"}
    everything = json.dumps([[e.before, e.after, e.target_repr] for e in ActionLog.objects.all()])
    assert "Secret-Guess-0042" not in everything and "password" not in everything


def test_an_unknown_username_is_recorded_as_typed_and_cut_short(world):
    typed = "somebody-who-is-not-here-" + "x" * 60
    sign_in(browser(), typed, "whatever-it-was")
    [entry] = entries("user.sign_in_failed")
    assert entry.actor is None and entry.target_type is None
    assert entry.after["username"] == typed[:31] + "…"
    assert len(entry.after["username"]) == 32


def test_a_lockout_is_recorded_once_and_refused_attempts_as_refused(liaison):
    client = browser("10.3.4.5")
    for n in range(5):
        sign_in(client, liaison.username, f"wrong-{n}")
    sign_in(client, liaison.username, TEST_PASSWORD)
    sign_in(client, liaison.username, "wrong-again")

    assert len(entries("user.sign_in_failed")) == 5
    [locked] = entries("user.locked_out")
    assert locked.actor is None and locked.target_id == str(liaison.pk)
    assert locked.after == {"address": "10.3.4.5", "minutes": 15}
    refused = entries("user.sign_in_refused")
    assert len(refused) == 2 and all(e.target_id == str(liaison.pk) for e in refused)
    assert not entries("user.signed_in")


def test_force_login_is_no_sign_in_to_record(client_for, liaison):
    client_for(liaison)
    assert not entries("user.signed_in")


def test_the_action_log_page_names_sign_in_events_in_chinese(client_for, admin_user, liaison):
    sign_in(browser("10.3.4.5"), liaison.username, "wrong")
    sign_in(browser("10.3.4.5"), "nobody-here", "wrong")
    page = client_for(admin_user).get(reverse("core:action_log")).content.decode()
    assert page.count("登录失败") >= 2
    assert "登录地址" in page and "10.3.4.5" in page and "nobody-here" in page
    assert "user.sign_in_failed" not in page and ">address<" not in page
    home = client_for(admin_user).get(reverse("home")).content.decode()
    assert "登录失败" in home and "user.sign_in_failed" not in home
