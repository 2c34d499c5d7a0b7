"""Background work of the imports app."""

from __future__ import annotations

from django_tasks import task

from luoshi.imports.services import import_batch_read


@task()
def read_import_batch_task(batch_id: int) -> str:
    return import_batch_read(batch_id=batch_id).status
