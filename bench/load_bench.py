"""A bounded loopback load, PostgreSQL only, on the national dataset national_bench.py left.

`luoshi serve` (gunicorn as deployed, sized from the cores; sessions and kept figures in Redis
when REDIS_URL answers) answers on loopback while 50 people, arriving over 30 s, use it at once
for LOAD_SECONDS more (default 180): 45 sign in through the form — province,
city and county offices, leaders, county liaisons and unit heads — and 5 citizens read the
portal. Each person does what their role does on a working day, one page after another, with
1–3 s between clicks (people read what they open: the load is bounded, not a flood); a
liaison's action is a progress report written and sent through the form one time in ten.

Printed: requests per second, p50/p95/p99 of all pages and of each kind, sign-in apart (its
password hashing is meant to be slow), and every error (status ≥ 400, a refused or timed-out
connection). The reports written are deleted afterwards, so a second run writes the same.
The load generator runs on the same two cores as the server: the figures include its share.
"""

from __future__ import annotations

import logging
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

import requests  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402
from urllib3.util.retry import Retry  # noqa: E402

from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.models import Region, Unit  # noqa: E402
from luoshi.tasks.models import Cadence, ProgressReport, Task  # noqa: E402
from luoshi.tasks.periods import period_containing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("LOAD_SECONDS", "180"))
YEAR = 2026
PROVINCE = "44"
PASSWORD = secrets.token_urlsafe(12)
SUBMIT_SHARE = 0.10
THINK = (1.0, 3.0)
ARRIVAL = 30.0  # seconds over which people arrive and sign in
TIMEOUT = 30


@dataclass
class Person:
    username: str  # "" for a citizen, who does not sign in
    pages: list[tuple[str, str]]  # (kind, url) the role clicks through
    tasks: list[int] = field(default_factory=list)  # a liaison's tasks still to report on


@dataclass
class Tally:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.samples[kind].append(seconds)
            if error:
                self.errors[f"{kind}: {error}"] += 1


def _member(username: str, unit: Unit, role: str, password: str) -> str:
    user, _created = User.objects.get_or_create(username=username)
    user.password = password
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return username


def _people() -> list[Person]:
    """45 staff in one province (广东) and 5 citizens, with the pages each role opens."""
    encoded = make_password(PASSWORD)  # hashed once: every load user shares the password
    province = Region.objects.get(code=f"{PROVINCE}0000")
    cities = list(Region.objects.filter(code__startswith=PROVINCE, level="city").order_by("code"))
    counties = list(
        Region.objects.filter(code__startswith=PROVINCE, level="county").order_by("code")
    )
    first_unit: dict[int, Unit] = {}
    for unit in Unit.objects.filter(region__code__startswith=PROVINCE).order_by("pk"):
        first_unit.setdefault(unit.region_id, unit)
    tasks, inbox = reverse("tasks:task_list"), reverse("tasks:progress_inbox")
    missing, notices = reverse("tasks:missing_report_list"), reverse("tasks:notice_list")
    dashboard, home = reverse("dashboard:dashboard"), reverse("home")
    office_pages = [
        ("home", home),
        ("task list", tasks),
        ("task list, red", f"{tasks}?colour=red"),
        ("progress inbox", inbox),
        ("never-started reports", missing),
        ("notices", notices),
        ("dashboard", dashboard),
        ("API progress reports", "/api/v1/progress-reports?page_size=50"),
        ("API tasks", "/api/v1/tasks?page_size=50"),
    ]
    people: list[Person] = []
    for n in range(4):
        name = _member(f"load-office-{n}", first_unit[province.pk], Role.SUPERVISOR, encoded)
        people.append(Person(name, office_pages))
    for n, city in enumerate(cities[:4]):
        name = _member(f"load-city-office-{n}", first_unit[city.pk], Role.SUPERVISOR, encoded)
        people.append(Person(name, office_pages))
    for n, county in enumerate(counties[:6]):
        name = _member(f"load-county-office-{n}", first_unit[county.pk], Role.SUPERVISOR, encoded)
        people.append(Person(name, office_pages))
    for n, region in enumerate([province, *cities[:2]]):
        name = _member(f"load-leader-{n}", first_unit[region.pk], Role.LEADER, encoded)
        leader_pages = [
            ("home", home),
            ("dashboard", dashboard),
            ("task list, red", f"{tasks}?colour=red"),
        ]
        people.append(Person(name, leader_pages))
    period = period_containing(Cadence.MONTHLY, timezone.localdate())
    for n, county in enumerate(counties[6:29]):
        led = list(
            Task.objects.filter(region=county, year=YEAR)
            .exclude(progress_reports__period_end=period.end)
            .order_by("pk")
            .values_list("pk", "lead_unit_id")[:40]
        )
        unit_id = led[0][1]
        own = [pk for pk, lead in led if lead == unit_id]
        unit = Unit.objects.get(pk=unit_id)
        name = _member(f"load-liaison-{n}", unit, Role.LIAISON, encoded)
        liaison_pages = [
            ("home", home),
            ("task list", tasks),
            *[("task page", reverse("tasks:task_detail", args=[pk])) for pk in own[:3]],
            ("progress inbox", inbox),
            ("notices", notices),
            ("API tasks", "/api/v1/tasks?page_size=50"),
        ]
        people.append(Person(name, liaison_pages, tasks=own))
        if n < 5:
            head = _member(f"load-head-{n}", unit, Role.UNIT_HEAD, encoded)
            people.append(Person(head, [("home", home), ("progress inbox", inbox)]))
    portal_pages = [
        ("portal index", reverse("portal:index")),
        *[
            ("portal, one county", reverse("portal:region_year", args=[county.code, YEAR]))
            for county in counties[:20]
        ],
    ]
    people += [Person("", portal_pages) for _ in range(50 - len(people))]
    return people


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def _sign_in(browser: requests.Session, base: str, username: str, tally: Tally) -> bool:
    form = browser.get(f"{base}/accounts/login/", timeout=TIMEOUT)
    started = time.perf_counter()
    answer = browser.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": _token(form.text), "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    ok = answer.status_code == 302
    tally.record("sign-in", time.perf_counter() - started, "" if ok else str(answer.status_code))
    return ok


def _submit(browser: requests.Session, base: str, task_id: int, tally: Tally) -> None:
    """Open a task's report form, then send the report (进展 · 完成进度) for unit sign-off."""
    url = f"{base}{reverse('tasks:progress_edit', args=[task_id])}"
    form = _get(browser, url, "progress form", tally)
    # One unit: a hidden field; a lead unit that is also a co-unit elsewhere: a choice.
    unit = re.search(r'name="unit" value="(\d+)"', form) or re.search(
        r'<option value="(\d+)"[^>]*selected', form
    )
    started = time.perf_counter()
    try:
        answer = browser.post(
            url,
            data={
                "csrfmiddlewaretoken": _token(form),
                "unit": unit.group(1) if unit else "",
                "progress": "本月完成项目选址论证和招标文件编制，下月开工。",
                "percent": "85",
                "submit": "1",
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        error = "" if answer.status_code == 302 else str(answer.status_code)
    except requests.RequestException as failure:
        error = type(failure).__name__
    tally.record("submit progress report", time.perf_counter() - started, error)


def _get(browser: requests.Session, url: str, kind: str, tally: Tally) -> str:
    started, text = time.perf_counter(), ""
    try:
        answer = browser.get(url, timeout=TIMEOUT, allow_redirects=False)
        error, text = ("" if answer.status_code == 200 else str(answer.status_code)), answer.text
    except requests.RequestException as failure:
        error = type(failure).__name__
    tally.record(kind, time.perf_counter() - started, error)
    return text


def _use(person: Person, base: str, start_at: float, stop_at: float, tally: Tally) -> None:
    rng = random.Random(person.username or id(person))
    time.sleep(max(0.0, start_at - time.monotonic()))
    browser = requests.Session()
    # A page opened on a kept-alive connection the server has just closed is sent again on a
    # new one, as browsers do; a write never is.
    again = Retry(total=1, connect=1, read=1, allowed_methods={"GET"}, raise_on_status=False)
    browser.mount("http://", HTTPAdapter(max_retries=again))
    if person.username and not _sign_in(browser, base, person.username, tally):
        return
    while time.monotonic() < stop_at:
        if person.tasks and rng.random() < SUBMIT_SHARE:
            _submit(browser, base, person.tasks.pop(0), tally)
        else:
            kind, url = rng.choice(person.pages)
            _get(browser, f"{base}{url}", kind, tally)
        time.sleep(rng.uniform(*THINK))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(port: int, var_dir: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LUOSHI_VAR_DIR": var_dir,
        "LUOSHI_BIND": f"127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "luoshi.cli", "serve", "--no-worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("luoshi serve exited before answering") from None
            time.sleep(0.5)
    raise SystemExit("luoshi serve did not answer /healthz in 120 s")


def _ms(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1] * 1000


def _print(tally: Tally, seconds: float, people: int) -> None:
    pages = [v for kind, values in tally.samples.items() if kind != "sign-in" for v in values]
    errors = sum(tally.errors.values())
    print(
        f"  {people} people, {seconds:.0f} s: {len(pages):,} requests, "
        f"{len(pages) / seconds:.1f} requests/s, {errors} errors"
    )
    rows = [("all pages and writes", pages), *sorted(tally.samples.items())]
    for kind, values in rows:
        if values:
            print(
                f"  {kind:<34} n {len(values):5d}   p50 {_ms(values, 0.5):7.1f} ms   "
                f"p95 {_ms(values, 0.95):7.1f} ms   p99 {_ms(values, 0.99):7.1f} ms"
            )
    for what, count in sorted(tally.errors.items()):
        print(f"  error {what} × {count}")


def _redis_or_none() -> None:
    """Serve with REDIS_URL only when it answers (emptied: kept figures from an earlier run
    would spare this one its counting)."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        print(f"  (Redis at {url} does not answer: served without it; {error})")
        os.environ.pop("REDIS_URL")


def main() -> None:
    logging.getLogger("urllib3").setLevel(logging.ERROR)  # the retries of closed connections
    _redis_or_none()
    if connection.vendor != "postgresql" or not Task.objects.exists():
        print("  (the load needs the national dataset on PostgreSQL: run national_bench.py)")
        return
    people = _people()
    connection.close()
    port, tally = _free_port(), Tally()
    with tempfile.TemporaryDirectory(prefix="luoshi-load-") as var_dir:
        server = _serve(port, var_dir)
        base = f"http://127.0.0.1:{port}"
        try:
            began = time.monotonic()
            stop_at = began + ARRIVAL + SECONDS  # people arrive over the first 30 s
            threads = [
                threading.Thread(
                    target=_use,
                    args=(person, base, began + ARRIVAL * n / len(people), stop_at, tally),
                )
                for n, person in enumerate(people)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            _print(tally, time.monotonic() - began, len(people))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    written = ProgressReport.objects.filter(submitted_by__username__startswith="load-")
    print(f"  ({written.count()} reports written by the load, now deleted)")
    written.delete()


if __name__ == "__main__":
    main()
