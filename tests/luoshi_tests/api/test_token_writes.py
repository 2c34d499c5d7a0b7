"""Writes through the API with a bearer token, as another system makes them.

Django's test client skips CSRF unless asked, which once hid that no token could write (the
session's CSRF check refused first): every client here enforces CSRF, as a real one would.
A request with an Authorization header is judged by its token alone; one without is a
browser session, whose writes need the CSRF token.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from freezegun import freeze_time

from luoshi.accounts.models import User
from luoshi.accounts.services import api_token_create, api_token_revoke
from luoshi.api.urls import api
from luoshi.core.models import ActionLog
from luoshi.projects.models import MonthlyInvestment
from luoshi.reports.models import WorkReport
from luoshi.tasks.models import ProgressReport, ReportState
from luoshi_tests.projects.conftest import make_project
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MISSING_ID = "999999"


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen() -> None:
    """Some tests freeze the clock; the API's schemas must be built under the real date class."""
    get_resolver().url_patterns  # noqa: B018


def token_for(user: User) -> str:
    _token, key = api_token_create(actor=user, user=user, name="对接系统")
    return key


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def system_client() -> Client:
    """Another system: no cookies, and CSRF enforced as on a real server."""
    return Client(enforce_csrf_checks=True)


def browser_for(user: User) -> Client:
    """A signed-in browser with the CSRF cookie a page gave it (but no X-CSRFToken yet)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/", follow=True)
    assert "csrftoken" in client.cookies
    return client


def csrf_header(client: Client) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def send(client: Client, method: str, url: str, payload: Any = None, **extra: Any) -> Any:
    body = payload if isinstance(payload, str) else json.dumps(payload or {})
    return getattr(client, method.lower())(f"{API}{url}", body, content_type=JSON, **extra)


def write_operations() -> list[tuple[str, str]]:
    """Every write operation the API has, as (method, path with example ids): walked from the
    routers as mounted (what ninja itself walks to write the schema), so hidden ones count too."""
    found = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in set(operation.methods) & WRITE_METHODS:
                    route = (prefix.rstrip("/") + path).replace("//", "/")
                    route = re.sub(r"\{(?:\w+:)?\w+\}", MISSING_ID, route)
                    found.add((method, route))
    return sorted(found)


WRITES = write_operations()


def test_the_sweep_covers_every_documented_write():
    schema = api.get_openapi_schema(path_prefix="")
    documented = {
        (method.upper(), re.sub(r"\{\w+\}", MISSING_ID, path))
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in WRITE_METHODS
    }
    assert len(WRITES) >= 40
    assert documented <= set(WRITES)
    assert {method for method, _path in WRITES} >= {"POST", "PUT", "PATCH"}


@pytest.mark.parametrize("body", ["{}", "{not json"], ids=["empty", "invalid"])
@pytest.mark.parametrize("with_session", [False, True], ids=["token", "token+session"])
@pytest.mark.parametrize(("method", "url"), WRITES, ids=[f"{m} {u}" for m, u in WRITES])
def test_every_write_takes_a_token_without_csrf(
    admin_user, supervisor, method, url, body, with_session
):
    """The token is looked at, whatever the body; CSRF never comes into it. (An operation that
    needs no input, such as marking all notifications read, simply succeeds.)"""
    client = browser_for(supervisor) if with_session else system_client()
    response = send(client, method, url, body, **bearer(token_for(admin_user)))
    assert response.status_code < 500, response.content
    assert response.status_code != 401, response.content
    assert response["Content-Type"].startswith("application/json"), response.content
    if response.status_code >= 400:
        assert response.status_code in (400, 403, 404, 409, 422), response.content
        detail = response.json()["detail"]
        assert detail and "CSRF" not in detail, response.content


def test_a_token_creates_and_updates_in_several_routers(world, supervisor, liaison):
    office = system_client()
    office_key = token_for(supervisor)
    created = send(
        office, "POST", "/reports", {"region": "930121", "year": 2025}, **bearer(office_key)
    )
    assert created.status_code == 201, created.content
    report = WorkReport.objects.get(pk=created.json()["id"])
    assert (
        ActionLog.objects.get(verb="report.created", target_id=str(report.pk)).actor == supervisor
    )

    project = make_project(supervisor, world)
    updated = send(
        office, "PATCH", f"/projects/{project.pk}", {"leader": "李某"}, **bearer(office_key)
    )
    assert updated.status_code == 200, updated.content
    project.refresh_from_db()
    assert project.leader == "李某"
    assert ActionLog.objects.get(verb="project.updated").actor == supervisor

    reported = send(
        system_client(),
        "PUT",
        f"/projects/{project.pk}/investments/1",
        {"completed": "100", "planned": "150"},
        **bearer(token_for(liaison)),
    )
    assert reported.status_code == 200, reported.content
    assert MonthlyInvestment.objects.get(project=project).completed == 100


@freeze_time("2026-05-20")
def test_a_token_reports_progress_and_the_office_approves_by_token(
    world, supervisor, liaison, unit_head
):
    task = make_task(supervisor, world)  # with a co-unit, so the lead unit consolidates
    liaison_key, head_key, office_key = (token_for(u) for u in (liaison, unit_head, supervisor))
    client = system_client()

    written = send(
        client,
        "POST",
        f"/tasks/{task.pk}/progress",
        {"progress": "完成路基50公里。", "percent": 40, "submit": True},
        **bearer(liaison_key),
    )
    assert written.status_code == 201, written.content
    report_id = written.json()["id"]
    assert written.json()["unit_id"] == world.bureau.pk

    for key, step in ((head_key, "sign"), (liaison_key, "consolidate"), (office_key, "approve")):
        response = send(client, "POST", f"/progress-reports/{report_id}/{step}", **bearer(key))
        assert response.status_code == 200, (step, response.content)
    report = ProgressReport.objects.get(pk=report_id)
    assert report.state == ReportState.APPROVED
    assert report.signed_by == unit_head
    assert ActionLog.objects.filter(verb="progress.approved", actor=supervisor).exists()
    task.refresh_from_db()
    assert task.percent == 40


# DELETE operations and the test that makes a real deletion with a token (not only the sweep).
DELETES_TESTED = {
    f"/meetings/{MISSING_ID}/files/{MISSING_ID}": (
        "engagement/test_meeting_files.py::test_the_api_uploads_lists_downloads_and_deletes"
    ),
}


def test_every_delete_is_made_for_real_by_token_somewhere():
    # A new DELETE endpoint is noticed here: the sweep above already sends it a token; write a
    # real deletion by token (with CSRF enforced) and name it in DELETES_TESTED.
    deletes = {url for method, url in WRITES if method == "DELETE"}
    assert deletes == set(DELETES_TESTED), f"add a real deletion by token for: {deletes}"


# --- browser sessions keep their CSRF check ---------------------------------------------------


def test_a_session_write_needs_the_csrf_token(world, supervisor):
    browser = browser_for(supervisor)
    payload = {"region": "930121", "year": 2025}
    refused = send(browser, "POST", "/reports", payload)
    assert refused.status_code == 403
    body = refused.json()
    assert "CSRF" in body["detail"] and "未作任何修改" in body["detail"]
    assert body["errors"][0]["field"] == "X-CSRFToken"
    assert body["errors"][0]["message"]
    assert not WorkReport.objects.exists()

    wrong = send(browser, "POST", "/reports", payload, HTTP_X_CSRFTOKEN="x" * 64)
    assert wrong.status_code == 403
    assert not WorkReport.objects.exists()

    accepted = send(browser, "POST", "/reports", payload, **csrf_header(browser))
    assert accepted.status_code == 201, accepted.content
    assert WorkReport.objects.get().pk == accepted.json()["id"]


def test_session_reads_need_no_csrf_token_and_anonymous_writes_are_401(world, supervisor):
    assert browser_for(supervisor).get(f"{API}/reports").status_code == 200
    anonymous = send(system_client(), "POST", "/reports", {"region": "930121", "year": 2025})
    assert anonymous.status_code == 401
    assert "令牌" in anonymous.json()["detail"]
    assert not WorkReport.objects.exists()


# --- the token decides who acts, and a bad token is refused even beside a session --------------


def test_the_token_user_acts_even_with_another_users_session(world, supervisor, liaison):
    office_browser = browser_for(supervisor)
    liaison_key = token_for(liaison)

    me = office_browser.get(f"{API}/me", **bearer(liaison_key))
    assert me.json()["username"] == liaison.username

    # The office may create reports, the liaison may not: the token's user is the one judged.
    refused = send(
        office_browser,
        "POST",
        "/reports",
        {"region": "930121", "year": 2025},
        **bearer(liaison_key),
        **csrf_header(office_browser),
    )
    assert refused.status_code == 403, refused.content
    assert "CSRF" not in refused.json()["detail"]
    assert not WorkReport.objects.exists()

    project = make_project(supervisor, world)
    reported = send(
        office_browser,
        "PUT",
        f"/projects/{project.pk}/investments/1",
        {"completed": "100"},
        **bearer(liaison_key),
    )
    assert reported.status_code == 200, reported.content
    assert MonthlyInvestment.objects.get(project=project).reported_by == liaison
    assert ActionLog.objects.get(verb="investment.recorded").actor == liaison


@pytest.mark.parametrize("credential", ["revoked", "expired", "wrong", "not bearer"])
def test_a_bad_token_on_a_write_is_401_even_beside_a_valid_session(world, supervisor, credential):
    token, key = api_token_create(actor=supervisor, user=supervisor, name="对接系统")
    if credential == "revoked":
        api_token_revoke(actor=supervisor, token=token)
    elif credential == "expired":
        token.expires_at = timezone.now() - timezone.timedelta(seconds=1)
        token.save()
    header = {
        "revoked": f"Bearer {key}",
        "expired": f"Bearer {key}",
        "wrong": "Bearer ls_" + "x" * 43,
        "not bearer": f"Basic {key}",
    }[credential]
    log_count = ActionLog.objects.count()
    payload = {"region": "930121", "year": 2025}

    alone = send(system_client(), "POST", "/reports", payload, HTTP_AUTHORIZATION=header)
    # The browser's own session could create the report, with its CSRF token too: the header
    # still decides, and the request is refused rather than done as the session's user.
    browser = browser_for(supervisor)
    beside = send(
        browser, "POST", "/reports", payload, HTTP_AUTHORIZATION=header, **csrf_header(browser)
    )
    for response in (alone, beside):
        assert response.status_code == 401, response.content
        assert "令牌" in response.json()["detail"]
    assert not WorkReport.objects.exists()
    assert ActionLog.objects.count() == log_count
