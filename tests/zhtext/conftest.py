"""Fixtures for zhtext tests: no Django, no database.

Seed pages live outside the checkout (../shared/seeds). Locally the tests that need them skip
when the directory is missing; in CI (CI=true) a missing directory is a failure, never a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"seed directory {SEEDS} is missing (CI=true: seeds are required)")
        pytest.skip(f"seed directory {SEEDS} not present")
    return SEEDS


@pytest.fixture(scope="session")
def seed_docs(seeds_dir: Path) -> dict[str, object]:
    import zhtext

    return {
        p.name[:3]: zhtext.read(p.read_bytes(), p.name) for p in sorted(seeds_dir.glob("*.txt"))
    }


@pytest.fixture(scope="session")
def documents_dir() -> Path:
    return DOCUMENTS
