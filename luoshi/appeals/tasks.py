"""Background work of the appeals app: thin wrappers around services."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from luoshi.appeals.retention import erase_expired_contacts


@task()
def erase_contacts_task(as_of: str | None = None) -> int:
    """The daily erasure of contact details past their retention (`retention`)."""
    return erase_expired_contacts(dt.date.fromisoformat(as_of) if as_of else None)
