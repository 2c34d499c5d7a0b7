"""Background work of the imports app."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from luoshi.imports.services import import_batch_read


@task()
def read_import_batch_task(batch_id: int) -> str:
    return import_batch_read(batch_id=batch_id).status


def enqueue_read(batch_id: int) -> None:
    """Queue the reading once the upload is committed, so the worker finds the batch."""
    transaction.on_commit(lambda: read_import_batch_task.enqueue(batch_id))
