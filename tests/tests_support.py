"""Helpers shared by test modules (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Outside CI, skip with the reason; in CI, fail: a skip there hides a broken set-up."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)
