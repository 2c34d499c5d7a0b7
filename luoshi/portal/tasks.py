"""Background work of the portal: the daily rebuild of the open-data packages."""

from __future__ import annotations

from django_tasks import task

from luoshi.portal.open_data_store import open_data_refresh


@task()
def refresh_open_data_task() -> dict[str, int]:
    """Rebuild every open-data package: counts of packages built and removed."""
    return open_data_refresh()
