"""Fuzz every API operation from the OpenAPI document: no generated request may get a 500.

schemathesis generates requests from the schema the API itself publishes — valid ones and
ones that break it (wrong types, nulls, huge numbers, odd text, NUL and control characters) —
and sends them through the real WSGI application with a token that can write: a supervisor's
of the county that owns the data below, so writes get past permissions and reach services.
Bounded in examples per operation so that CI stays quick; a 500 names the request that made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from config.wsgi import application
from luoshi.accounts.services import api_token_create
from luoshi.reports.services import report_create
from luoshi.tasks.services import progress_flow as flow
from luoshi_tests.tasks.conftest import make_task

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI application closes the database connection after each request, as in
    production; the test's transaction lives on that connection, so keep it open (Django's
    test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def writer(connection_kept: None, world: Any, supervisor: Any, liaison: Any) -> dict[str, str]:
    """A token that can write, and something to write to: a report, a task, a progress report."""
    report_create(actor=supervisor, region=world.county, year=2026, title="政府工作报告")
    task = make_task(supervisor, world)
    flow.progress_save(
        actor=liaison,
        task=task,
        unit=world.bureau,
        data=flow.ProgressInput(progress="完成30公里", percent="30"),
    )
    _token, key = api_token_create(actor=supervisor, user=supervisor, name="模糊测试")
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case: Any, writer: dict[str, str]) -> None:
    response = case.call(headers=writer)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}: "
        f"{case.as_curl_command()} {response.text[:300]}"
    )
