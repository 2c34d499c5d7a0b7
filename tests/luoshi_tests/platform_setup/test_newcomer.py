"""What a newcomer meets first (issue 13): `luoshi --help` names every Luoshi command, and
stopping `luoshi serve` stops the background worker it started."""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
LEFT_OUT = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """A scratch installation: its own SQLite database and key in `var_dir`, no Redis."""
    env = {k: v for k, v in os.environ.items() if k not in LEFT_OUT}
    env.update(
        LUOSHI_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'luoshi.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        **extra,
    )
    return env


def luoshi(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "luoshi.cli", *args],
        cwd=ROOT,
        env=environment(var_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


def luoshi_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app.startswith("luoshi"))


def test_help_lists_extract_and_every_luoshi_command_with_one_line(tmp_path):
    result = luoshi(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ours = lines[lines.index("Luoshi commands:") + 1 :]
    ours = ours[: ours.index("")]
    described = {line.split()[0]: line.split(None, 1)[1] for line in ours}
    assert "extract" in described
    for name in luoshi_commands():
        assert name in described, f"luoshi --help does not list {name}"
        assert len(described[name]) > 10, (name, described[name])
    # Django's own commands are listed apart, by name.
    django_part = "\n".join(lines[lines.index("Luoshi commands:") + len(ours) + 1 :])
    for name in ("migrate", "createsuperuser", "changepassword", "axes_reset_username"):
        assert name in django_part, name
    assert not {"serve", "extract", "demo"} & set(re.findall(r"\w+", django_part))
    # `luoshi` alone and `luoshi help` say the same; a command's own help is one step away.
    assert luoshi(tmp_path).stdout == result.stdout
    assert luoshi(tmp_path, "help").stdout == result.stdout
    extract_help = luoshi(tmp_path, "help", "extract")
    assert extract_help.returncode == 0 and "--format" in extract_help.stdout
    serve_help = luoshi(tmp_path, "help", "serve")
    assert serve_help.returncode == 0 and "--no-worker" in serve_help.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    var_dir = tmp_path_factory.mktemp("luoshi-var")
    result = luoshi(var_dir, "migrate", "--no-input")
    assert result.returncode == 0, result.stderr[-2000:]
    return var_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> dict[int, str]:
    """Every living process below `pid`, by id, with its command line."""
    children: dict[int, list[int]] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        commands[int(entry.name)] = command
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found[child] = commands.get(child, "")
        todo += children.get(child, [])
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def background_kind(command: str) -> str:
    """ "supervisor", "worker" (the `luoshi worker` it runs) or "" for anything else."""
    if "luoshi.worker_supervisor" in command:
        return "supervisor"
    return "worker" if "luoshi.cli worker" in command else ""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_serve_stops_the_worker_it_started(migrated, how):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "luoshi.cli", "serve", "--no-collectstatic", "--workers", "1"],
        cwd=ROOT,
        env=environment(migrated, LUOSHI_BIND=f"127.0.0.1:{port}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started: dict[int, str] = {}
    try:
        wait_for_health(server, port)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            started = descendants(server.pid)
            if {"supervisor", "worker"} <= {background_kind(c) for c in started.values()}:
                break
            time.sleep(0.5)
        background = {pid: c for pid, c in started.items() if background_kind(c)}
        kinds = sorted(background_kind(c) for c in background.values())
        assert kinds == ["supervisor", "worker"], f"no supervised worker beside it: {started}"
        # What must stop within seconds, however the server ends, is the background worker
        # and its supervisor (gunicorn's own workers finish their requests on their own
        # time; SIGKILL leaves them to notice their master is gone).
        server.send_signal(how)
        stopped_by = time.monotonic() + 10
        while time.monotonic() < stopped_by and any(alive(pid) for pid in background):
            time.sleep(0.2)
        left = {pid: background[pid] for pid in background if alive(pid)}
        assert not left, f"still running 10 s after {how.name}: {left}"
        if how == signal.SIGTERM:
            assert server.wait(timeout=30) == 0
    finally:
        for pid in {*started, *descendants(server.pid)}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if server.poll() is None:
            server.kill()
        server.wait(timeout=10)


def wait_for_health(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return
        except urllib.error.HTTPError:
            return  # a 503 naming the queue is an answer too
        except OSError:
            assert server.poll() is None, "luoshi serve exited"
            time.sleep(0.5)
    raise AssertionError("luoshi serve did not answer /healthz in 90 s")


# A worker in the middle of a job: SIGTERM only asks it to stop after the job (as the
# database worker does), and this job never ends.
BUSY_WORKER = """
import os, pathlib, signal, sys, time
pathlib.Path(sys.argv[1]).write_text(str(os.getpid()))
signal.signal(signal.SIGTERM, lambda *_: None)
while True:
    time.sleep(0.1)
"""


def start_supervised(tmp_path: Path, script: str) -> tuple[subprocess.Popen[bytes], int]:
    pid_file = tmp_path / "worker.pid"
    worker = [sys.executable, "-c", script, str(pid_file)]
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "luoshi.worker_supervisor", "--", *worker], cwd=ROOT
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not pid_file.exists():
        time.sleep(0.1)
    time.sleep(0.3)  # the worker has installed its handler
    return supervisor, int(pid_file.read_text())


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and alive(pid):
        time.sleep(0.1)
    return not alive(pid)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc")
def test_a_busy_worker_is_stopped_within_seconds_of_the_server(tmp_path):
    supervisor, worker = start_supervised(tmp_path, BUSY_WORKER)
    try:
        supervisor.send_signal(signal.SIGTERM)
        assert gone_within(worker, 10), "the busy worker outlived its supervisor by 10 s"
        assert supervisor.wait(timeout=5) == 0
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_whose_supervisor_is_killed_stops_too(tmp_path):
    idle = BUSY_WORKER.replace("lambda *_: None", "lambda *_: sys.exit(0)")
    supervisor, worker = start_supervised(tmp_path, idle)
    try:
        supervisor.kill()  # SIGKILL: the supervisor cannot stop anything itself
        supervisor.wait()
        assert gone_within(worker, 10), "the worker was left running without its supervisor"
    finally:
        if alive(worker):
            os.kill(worker, signal.SIGKILL)


def test_the_readme_reader_example_reproduces_exactly():
    """README, "Reading documents": the lines the example writes into report.txt, read as
    `luoshi extract` reads them, give exactly the indicators the README shows."""
    import json

    import zhtext

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading documents", 1)[1]
    command = section.split("```sh", 2)[2].split("```", 1)[0]
    printf = shlex.split(command.split("> report.txt")[0].replace("\\\n", " "))
    assert printf[:2] == ["printf", "%s\\n"], printf
    text = "".join(line + "\n" for line in printf[2:])
    assert text.startswith("清源县") and "较上年前进2位" in text
    shown = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    contract = zhtext.to_contract(zhtext.read(text.encode(), name="report.txt"))
    assert contract["indicators"] == shown
    printed = zhtext.read(text.encode(), name="report.txt")
    comment = section.split("```python", 1)[1].split("# ", 1)[1].split("\n", 1)[0]
    targets = [t.name for t in printed.targets]
    assert comment == f"{printed.doc_type} {printed.title} {printed.date} {targets}"
