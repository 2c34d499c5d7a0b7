"""A time limit for a step of background work, so that no job can hold a worker forever.

The background worker runs one job at a time on its main thread; `time_limit` arms an alarm
there, and the step is interrupted with `TimeLimitExceeded` when it runs past its limit. (RQ
also kills a job past its queue's DEFAULT_TIMEOUT; this limit is shorter, and it lets the job
record why it stopped instead of dying silently.) Off the main thread — a test, or a request
served by a threaded server — no signal can be armed, and the step simply runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(Exception):
    """The step ran past its limit and was interrupted."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"time limit of {seconds} s exceeded")
        self.seconds = seconds


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread of a Unix process only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
