"""Keep the background worker running beside `luoshi serve`: restart it when it dies.

`python -m luoshi.worker_supervisor -- <command…>` runs the command (the worker), and when it
exits — killed, crashed, out of memory — starts it again after a back-off that doubles from 1 s
to at most 60 s, and resets once a run has lasted a minute; so a worker that cannot start (the
database down) is retried patiently without spinning. It stops, and stops the worker, when
told to (SIGTERM, SIGINT) or when the process that started it (the server) is gone.

Plain Python, no Django: the supervisor must not die of what kills the worker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType

FIRST_DELAY = 1.0
MAX_DELAY = 60.0
STABLE_AFTER = 60.0


def next_delay(previous: float, lasted: float) -> float:
    """The wait before the next start: reset after a stable run, else doubled up to the cap."""
    if lasted >= STABLE_AFTER:
        return FIRST_DELAY
    return min(MAX_DELAY, previous * 2) if previous else FIRST_DELAY


class Supervisor:
    def __init__(self, command: list[str], parent: int | None = None) -> None:
        self.command = command
        self.parent = parent if parent is not None else os.getppid()
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False
        self.starts = 0

    def stop(self, _signum: int = 0, _frame: FrameType | None = None) -> None:
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()

    def parent_gone(self) -> bool:
        return os.getppid() != self.parent

    def run(self) -> int:
        delay = 0.0
        while not self.stopping:
            started = time.monotonic()
            self.child = subprocess.Popen(self.command)
            self.starts += 1
            while self.child.poll() is None:
                if self.parent_gone():
                    self.stop()
                try:
                    self.child.wait(timeout=1)
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
                    self.stopping = True
                time.sleep(0.2)
        if self.child is not None and self.child.poll() is None:
            try:
                self.child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.child.kill()
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
    return supervisor.run()


if __name__ == "__main__":
    raise SystemExit(main())
