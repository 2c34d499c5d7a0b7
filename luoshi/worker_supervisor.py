"""Keep the background worker running beside `luoshi serve`: restart it when it dies.

`python -m luoshi.worker_supervisor -- <command…>` runs the command (the worker), and when it
exits — killed, crashed, out of memory — starts it again after a back-off that doubles from 1 s
to at most 60 s, and resets once a run has lasted a minute; so a worker that cannot start (the
database down) is retried patiently without spinning. It stops, and stops the worker, when
told to (SIGTERM, SIGINT) or when the process that started it (the server) is gone.

Stopping `luoshi serve` (Ctrl+C, SIGTERM, even SIGKILL) stops the worker it started: on Linux
the kernel sends the supervisor SIGTERM the moment the server exits, and the worker SIGTERM the
moment the supervisor exits (PR_SET_PDEATHSIG); elsewhere, and as a second line, the supervisor
checks its parent every second. No worker is left behind to take jobs for a stopped server.

Plain Python, no Django: the supervisor must not die of what kills the worker.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from types import FrameType

FIRST_DELAY = 1.0
MAX_DELAY = 60.0
STABLE_AFTER = 60.0
# Once stopped, the worker may finish its job for STOP_GRACE seconds; it is killed at
# KILL_AFTER, so stopping the server never leaves a worker behind for long.
STOP_GRACE = 4.0
KILL_AFTER = 7.0


def next_delay(previous: float, lasted: float) -> float:
    """The wait before the next start: reset after a stable run, else doubled up to the cap."""
    if lasted >= STABLE_AFTER:
        return FIRST_DELAY
    return min(MAX_DELAY, previous * 2) if previous else FIRST_DELAY


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask the kernel to send this process `signum` when its parent exits (Linux only; a
    no-op elsewhere). Called in the supervisor, and in the worker before it runs."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    except (OSError, AttributeError):
        return


class Supervisor:
    def __init__(self, command: list[str], parent: int | None = None) -> None:
        self.command = command
        self.parent = parent if parent is not None else os.getppid()
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False
        self.stopped_at = 0.0
        self.forced = False
        self.starts = 0

    def stop(self, _signum: int = 0, _frame: FrameType | None = None) -> None:
        """Stop: the worker gets SIGTERM and may finish what it is doing for STOP_GRACE
        seconds, then SIGTERM again (its "stop now") and, at KILL_AFTER, SIGKILL."""
        if not self.stopping:
            self.stopping = True
            self.stopped_at = time.monotonic()
            if self.child is not None and self.child.poll() is None:
                self.child.terminate()

    def hurry(self) -> None:
        if self.child is None or self.child.poll() is not None:
            return
        waited = time.monotonic() - self.stopped_at
        if waited >= KILL_AFTER:
            self.child.kill()
        elif waited >= STOP_GRACE and not self.forced:
            self.forced = True
            self.child.terminate()

    def parent_gone(self) -> bool:
        return os.getppid() != self.parent

    def run(self) -> int:
        delay = 0.0
        while not self.stopping:
            started = time.monotonic()
            self.child = subprocess.Popen(self.command, preexec_fn=die_with_parent)
            self.starts += 1
            while self.child.poll() is None:
                if self.parent_gone():
                    self.stop()
                if self.stopping:
                    self.hurry()
                try:
                    self.child.wait(timeout=0.5)
                except subprocess.TimeoutExpired:
                    continue
            if self.stopping:
                break
            lasted = time.monotonic() - started
            delay = next_delay(delay, lasted)
            print(
                f"luoshi: the background worker exited (code {self.child.returncode}) after "
                f"{lasted:.0f} s; restarting in {delay:.0f} s.",
                file=sys.stderr,
                flush=True,
            )
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and not self.stopping:
                if self.parent_gone():
                    self.stop()
                time.sleep(0.2)
        return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print("usage: python -m luoshi.worker_supervisor -- <command…>", file=sys.stderr)
        return 2
    supervisor = Supervisor(args)
    signal.signal(signal.SIGTERM, supervisor.stop)
    signal.signal(signal.SIGINT, supervisor.stop)
    die_with_parent()
    if supervisor.parent_gone():  # the server was gone before the kernel could be told
        return 0
    return supervisor.run()


if __name__ == "__main__":
    raise SystemExit(main())
