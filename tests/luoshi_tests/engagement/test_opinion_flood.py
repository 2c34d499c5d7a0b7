"""The public-opinion flood limit on a real threaded server: the count is atomic under
parallel submissions, the page and the API share one limit, and the address counted is the
connection's peer unless the site is configured to sit behind its own proxy (then the last
X-Forwarded-For entry, the one the proxy appended)."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from luoshi.core.public_limits import PUBLIC_RATE_LIMIT
from luoshi.engagement.models import Opinion

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 12


def api_post(base: str, report_id: int, text: str, **headers: str) -> int:
    request = urllib.request.Request(
        f"{base}/api/v1/consultations/{report_id}/opinions",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class PageVisitor:
    """A browser without JavaScript: gets the consultation page (its CSRF cookie and token),
    then posts the form."""

    def __init__(self, base: str, report_id: int) -> None:
        self.url = f"{base}/engagement/consult/{report_id}/"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()),
            NoRedirects(),
        )
        with self.opener.open(self.url, timeout=30) as page:
            html = page.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found is not None
        self.token = found.group(1)

    def post(self, text: str) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, "text": text}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")
        request.add_header("Referer", self.url)
        try:
            with self.opener.open(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def in_parallel(count: int, send: Any) -> list[int]:
    """`count` calls of send(n), released together."""
    start = threading.Barrier(count)

    def one(n: int) -> int:
        start.wait()
        return int(send(n))

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture
def serialised_if_shared(live_server: Any) -> Any:
    """On PostgreSQL each server thread has its own connection, as each app server has in
    production, so the requests truly race. The SQLite test database lives in memory and
    Django hands every server thread the test's one connection, which cannot carry two
    transactions at once: there the server answers one request at a time (what SQLite's
    single writer and BEGIN IMMEDIATE do between processes in production)."""
    if connection.vendor != "sqlite":
        yield live_server
        return
    handler = live_server.thread.httpd.get_app()
    lock = threading.Lock()

    def one_at_a_time(environ: Any, start_response: Any) -> Any:
        with lock:
            return list(handler(environ, start_response))

    live_server.thread.httpd.set_app(one_at_a_time)
    try:
        yield live_server
    finally:
        live_server.thread.httpd.set_app(handler)


def test_twelve_parallel_posts_to_the_api_let_exactly_five_through(
    serialised_if_shared, consultation
):
    base, report = serialised_if_shared.url, consultation.report.pk
    statuses = in_parallel(PARALLEL, lambda n: api_post(base, report, f"并发意见{n}"))
    assert sorted(statuses) == [201] * PUBLIC_RATE_LIMIT + [429] * (PARALLEL - PUBLIC_RATE_LIMIT)
    assert Opinion.objects.count() == PUBLIC_RATE_LIMIT


def test_the_page_and_the_api_share_one_limit(serialised_if_shared, consultation):
    base, report = serialised_if_shared.url, consultation.report.pk
    visitors = [PageVisitor(base, report) for _ in range(PARALLEL // 2)]

    def send(n: int) -> int:
        if n % 2:
            return api_post(base, report, f"接口意见{n}")
        return visitors[n // 2].post(f"页面意见{n}")

    statuses = in_parallel(PARALLEL, send)
    accepted = [s for s in statuses if s in (201, 302)]
    assert len(accepted) == PUBLIC_RATE_LIMIT, statuses
    assert sorted(set(statuses) - {201, 302}) == [429], statuses
    assert Opinion.objects.count() == PUBLIC_RATE_LIMIT


def test_a_forged_forwarded_for_is_ignored_without_a_proxy(live_server, consultation):
    base, report = live_server.url, consultation.report.pk
    statuses = [
        api_post(base, report, f"伪造{n}", **{"X-Forwarded-For": f"203.0.113.{n}"})
        for n in range(PUBLIC_RATE_LIMIT + 1)
    ]
    # Every one counted against the real peer (127.0.0.1), whatever the header claimed.
    assert statuses == [201] * PUBLIC_RATE_LIMIT + [429]
    assert Opinion.objects.values("client_hash").distinct().count() == 1


@override_settings(BEHIND_PROXY=True)
def test_behind_our_proxy_the_address_it_appended_is_counted(live_server, consultation):
    base, report = live_server.url, consultation.report.pk

    def via_proxy(text: str, client: str, claimed: str = "10.9.8.7") -> int:
        # What the client sent first, then what our proxy appended: the client's address.
        return api_post(base, report, text, **{"X-Forwarded-For": f"{claimed}, {client}"})

    first = [via_proxy(f"甲{n}", "198.51.100.7", claimed=f"10.0.0.{n}") for n in range(5)]
    assert first == [201] * PUBLIC_RATE_LIMIT
    # The same client again, whatever it writes in front: refused.
    assert via_proxy("甲又一条", "198.51.100.7", claimed="192.0.2.1") == 429
    # Another client behind the same proxy: its own count.
    assert via_proxy("乙", "198.51.100.8") == 201
    # A last entry that is no address falls back to the peer, not to a key the client chose.
    assert api_post(base, report, "丙", **{"X-Forwarded-For": "garbage"}) == 201
    assert Opinion.objects.values("client_hash").distinct().count() == 3
