"""Suite-wide rules. Kept free of Django so the zhtext tests run without it.

Under CI (CI=true) a skipped test is a failure: everything the suite needs (PostgreSQL,
Redis, Chromium, the seeds) is installed by .ci/run, so a skip can only mean a broken set-up.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from tests_support import IN_CI, skip_or_fail

SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, which is a failure here: {reason}"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        skip_or_fail(f"the seed documents are not at {SEEDS_DIR}")
    return SEEDS_DIR
