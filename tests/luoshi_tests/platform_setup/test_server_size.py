"""`luoshi serve` sizes gunicorn from the machine and the database unless told otherwise."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from luoshi.core.management.commands.serve import MAX_WORKERS, server_size


def test_processes_follow_the_cores_and_threads_the_database() -> None:
    assert server_size(2, "postgresql", {}) == (5, 4)
    assert server_size(2, "sqlite", {}) == (5, 1)  # one writer: threads would only queue
    assert server_size(1, "sqlite", {}) == (3, 1)
    assert server_size(64, "postgresql", {}) == (MAX_WORKERS, 4)


def test_the_environment_decides_when_set() -> None:
    sized = server_size(2, "postgresql", {"LUOSHI_WORKERS": "3", "LUOSHI_THREADS": "8"})
    assert sized == (3, 8)


@pytest.mark.parametrize("value", ["two", "0", "-1", "1.5"])
def test_a_wrong_number_is_refused_in_words(value: str) -> None:
    with pytest.raises(CommandError, match="LUOSHI_WORKERS"):
        server_size(2, "sqlite", {"LUOSHI_WORKERS": value})
