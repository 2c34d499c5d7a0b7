"""Parsing command-line values the same way in every Luoshi command."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def iso_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument, or a CommandError that says what was wrong."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from error
