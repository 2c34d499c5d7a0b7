"""Posting a page's form as a browser does: signed in, with the CSRF token the page gave
(Django's test client skips the check unless told to enforce it)."""

from __future__ import annotations

from typing import Any

from django.test import Client


def csrf_client(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post_form(client: Client, page: str, url: str, data: dict[str, str] | None = None) -> Any:
    """Open `page` for its CSRF cookie, then post `data` to `url` with the token."""
    token = client.get(page).cookies["csrftoken"].value
    return client.post(url, {"csrfmiddlewaretoken": token, **(data or {})})
