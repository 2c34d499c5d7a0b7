"""Every `next` goes through the same-site check: a link from outside never sends an office
user off-site after an action."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/path",
    "http:\\\\evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_evaluate_never_redirects_off_site(supervisor, target):
    client = Client()
    client.force_login(supervisor)
    for response in (
        client.post(f"/tasks/evaluate/?next={target}"),
        client.post("/tasks/evaluate/", {"next": target}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/tasks/progress/"


def test_a_same_site_next_is_followed(supervisor):
    client = Client()
    client.force_login(supervisor)
    response = client.post("/tasks/evaluate/", {"next": "/tasks/?year=2026"})
    assert response["Location"] == "/tasks/?year=2026"


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_catalogue_form_never_returns_off_site(supervisor, target):
    client = Client()
    client.force_login(supervisor)
    response = client.post(
        f"/indicators/catalogue/new/?next={target}",
        {
            "code": "apple_output",
            "name": "苹果产量",
            "measure": "level",
            "direction": "up",
            "binding": "expected",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/indicators/catalogue/"
