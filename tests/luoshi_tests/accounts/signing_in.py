"""Signing in as a browser does: fetch the form, post it back with its CSRF token."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

LOGIN_URL = reverse("accounts:login")


def browser(address: str = "127.0.0.1") -> Client:
    """A client that enforces CSRF like a real browser session, from `address`."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def post_form(client: Client, url: str, data: dict[str, str]):
    if "csrftoken" not in client.cookies:
        assert client.get(url).status_code == 200
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def sign_in(client: Client, username: str, password: str, url: str = LOGIN_URL):
    return post_form(client, url, {"username": username, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
