"""Two `luoshi serve` processes, as two machines behind a proxy, share one PostgreSQL, one
Redis and one S3-compatible store: a sign-in on one is a session on the other, a write through
one is read through the other, a job queued through one is run by the worker beside the
other, and a file uploaded through one is downloaded through the other.

Each server has its own var folder (its own disk, nothing shared there) and only the settings
a deployment gives every server: DATABASE_URL, REDIS_URL, SECRET_KEY and LUOSHI_S3_*. The
store is moto's S3 server on loopback, spoken to over HTTP as MinIO would be. This runs in
both suites: it brings its own PostgreSQL database and Redis database number.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from tests_support import skip_or_fail

from luoshi_tests.platform_setup.test_newcomer import descendants, free_port, wait_for_health

ROOT = Path(__file__).resolve().parents[3]
POSTGRES = os.environ.get("LUOSHI_TEST_POSTGRES", "postgres://postgres:postgres@127.0.0.1:5432")
REDIS = "redis://127.0.0.1:6379/12"  # a number no other test uses; emptied before and after
BUCKET = "luoshi-uploads"
LEFT_OUT = {"DATABASE_URL", "REDIS_URL", "LUOSHI_VAR_DIR", "DJANGO_SETTINGS_MODULE", "LUOSHI_BIND"}

pytestmark = pytest.mark.redis


@dataclass
class Deployment:
    env: dict[str, str]
    s3_endpoint: str
    password: str


def _stop(process: subprocess.Popen[bytes]) -> None:
    for pid in descendants(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def _run(env: dict[str, str], var_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "luoshi.cli", *args],
        cwd=ROOT,
        env={**env, "LUOSHI_VAR_DIR": str(var_dir)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    import psycopg
    import redis

    name = f"luoshi_two_servers_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3)
        queue = redis.Redis.from_url(REDIS, socket_connect_timeout=2)
        queue.flushdb()
    except Exception as error:  # which service is missing is the message
        skip_or_fail(f"several servers need PostgreSQL and Redis on 127.0.0.1: {error}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    port = free_port()
    store = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    keys = {"AWS_ACCESS_KEY_ID": "luoshi", "AWS_SECRET_ACCESS_KEY": secrets.token_hex(16)}
    try:
        s3 = _s3(endpoint, keys)
        _until(lambda: s3.list_buckets() is not None, "the S3 server did not start")
        s3.create_bucket(Bucket=BUCKET)
        env = {k: v for k, v in os.environ.items() if k not in LEFT_OUT}
        env.update(
            keys,
            DATABASE_URL=f"{POSTGRES}/{name}",
            REDIS_URL=REDIS,
            SECRET_KEY=secrets.token_urlsafe(40),
            DJANGO_SETTINGS_MODULE="config.settings.test",  # static files without collectstatic
            LUOSHI_S3_BUCKET=BUCKET,
            LUOSHI_S3_ENDPOINT_URL=endpoint,
            LUOSHI_S3_REGION="us-east-1",
        )
        printed = _run(env, tmp_path_factory.mktemp("setup-var"), "demo", "--no-serve")
        shared = re.search(r"password of the users above: (\S+)", printed)
        assert shared, printed[-1500:]
        yield Deployment(env=env, s3_endpoint=endpoint, password=shared.group(1))
    finally:
        _stop(store)
        queue.flushdb()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _s3(endpoint: str, keys: dict[str, str]) -> Any:
    """A client of the store with the servers' own credentials."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=keys["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=keys["AWS_SECRET_ACCESS_KEY"],
    )


def _until(check: Callable[[], object], failure: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.3)
    raise AssertionError(failure)


@pytest.fixture(scope="module")
def servers(
    deployment: Deployment, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Server A without a worker, server B with the worker `luoshi serve` starts beside it."""
    started: list[subprocess.Popen[bytes]] = []
    addresses = []
    try:
        for label, extra in (("a", ["--no-worker"]), ("b", [])):
            port = free_port()
            var_dir = tmp_path_factory.mktemp(f"server-{label}-var")
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "luoshi.cli",
                    "serve",
                    "--no-collectstatic",
                    *extra,
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                ],
                cwd=ROOT,
                env={
                    **deployment.env,
                    "LUOSHI_VAR_DIR": str(var_dir),
                    "LUOSHI_BIND": f"127.0.0.1:{port}",
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            started.append(process)
            wait_for_health(process, port)
            addresses.append(f"http://127.0.0.1:{port}")
        yield addresses[0], addresses[1]
    finally:
        for process in started:
            _stop(process)


def _signed_in(base: str, username: str, password: str) -> requests.Session:
    """Sign in through the form, with its CSRF token, as a browser does."""
    browser = requests.Session()
    form = browser.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    answer = browser.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


def _api(browser: requests.Session, base: str) -> dict[str, str]:
    """What the site's own scripts send with a write: the CSRF cookie as a header."""
    return {"X-CSRFToken": browser.cookies["csrftoken"], "Referer": f"{base}/"}


def test_a_session_begun_on_one_server_is_signed_in_on_the_other(deployment, servers):
    a, b = servers
    for server in servers:  # each reaches the store with the credentials it was given
        assert requests.get(f"{server}/healthz", timeout=30).json()["storage"] == "ok"
    browser = _signed_in(a, "duchayuan", deployment.password)
    home = browser.get(f"{b}/", timeout=30)
    assert home.status_code == 200 and "王丽" in home.text
    me = browser.get(f"{b}/api/v1/me", timeout=30)
    assert me.status_code == 200 and me.json()["username"] == "duchayuan"
    browser.post(f"{b}/accounts/logout/", headers=_api(browser, b), timeout=30)
    assert browser.get(f"{a}/api/v1/me", timeout=30).status_code == 401


def test_a_write_through_one_is_read_and_its_upload_downloaded_through_the_other(
    deployment, servers
):
    a, b = servers
    liaison = _signed_in(a, "fgj_lianluo", deployment.password)
    tasks = liaison.get(f"{a}/api/v1/tasks", params={"page_size": 100}, timeout=30).json()
    report = None
    for task in tasks["items"]:
        written = liaison.post(
            f"{a}/api/v1/tasks/{task['id']}/progress",
            json={"progress": "两台服务器共用一个数据库：本周完成选址论证。", "percent": 40},
            headers=_api(liaison, a),
            timeout=30,
        )
        if written.status_code == 201:
            report = written.json()
            break
    assert report is not None, "no task of 发改局 took a report for this period"
    seen = liaison.get(f"{b}/api/v1/progress-reports/{report['id']}", timeout=30)
    assert seen.status_code == 200 and "选址论证" in seen.json()["progress"]

    content = b"%PDF-1.4\n" + secrets.token_bytes(5000) + b"\n%%EOF\n"
    uploaded = liaison.post(
        f"{a}/api/v1/progress-reports/{report['id']}/attachments",
        files={"files": ("选址论证纪要.pdf", content, "application/pdf")},
        headers=_api(liaison, a),
        timeout=30,
    )
    assert uploaded.status_code == 201, uploaded.text
    download = uploaded.json()[0]["download_url"]
    fetched = liaison.get(f"{b}{download}", timeout=30)
    assert fetched.status_code == 200 and fetched.content == content

    s3 = _s3(deployment.s3_endpoint, deployment.env)
    stored = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert any(key.startswith("uploads/") for key in stored), stored


def test_a_job_queued_through_one_is_run_by_the_worker_beside_the_other(deployment, servers):
    a, _b = servers  # A has no worker: only the one beside B can read the document
    office = _signed_in(a, "duchayuan", deployment.password)
    text = (
        "关于召开全县重点项目推进会的通知\n"
        "各乡镇人民政府，县直各单位：\n"
        "经研究，定于2026年12月8日在县政府三楼会议室召开全县重点项目推进会。\n"
    )
    queued = office.post(
        f"{a}/api/v1/imports/text",
        json={"name": "推进会通知.txt", "text": text},
        headers=_api(office, a),
        timeout=30,
    )
    assert queued.status_code == 201, queued.text
    batch = queued.json()["id"]
    status = ""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = office.get(f"{a}/api/v1/imports/{batch}", timeout=30).json()["status"]
        if status not in {"queued", "reading"}:
            break
        time.sleep(0.5)
    assert status == "review", f"the batch ended {status!r}"
