"""Uploaded files and the rows that name them stay together: no file without its row, no
row whose file was removed while the row lived on.

Files are written through Django's storage API before the row is saved (the row must know
the file's name), so a write can fail half-way; and a file deleted with its row must not go
before the row does, or a rolled-back delete leaves a row without its file. Hence:

- `files_removed_on_failure()` around a service's transaction: the files written inside are
  deleted again if it raises — a failed save leaves no file behind.
- `delete_after_commit(storage, name)` when a row is deleted or a file replaced by another:
  the old file goes once the transaction has committed, and never if it rolls back
  (`transaction.on_commit` drops the callback then).
- Rows deleted by a cascade (a meeting and its attachments, a project and its 纳统 file) are
  deleted by Django without any service seeing them: `delete_files_with_rows()` (connected in
  the core app's ready(), once per model that has a FileField) sends each such row's files to
  `delete_after_commit` as well.

Limits: a service's transaction nested in a caller's that later rolls back keeps the files it
wrote (Django has no on-rollback hook); no service of ours is called that way.
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def random_storage_name(folder: str, filename: str) -> str:
    """Where to store an upload: `folder`, a random name, and the (screened) extension. Nothing
    else of the uploader's file name reaches the storage: the name to show is kept on the row
    (storages rewrite names — Django's drops （）and spaces, S3 keys have their own rules)."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def _delete_now(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.exception("could not delete the stored file %s", name)


def delete_after_commit(storage: Storage, name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete the stored file `name` once the current transaction commits (at once outside a
    transaction); keep it if the transaction rolls back."""
    if name:
        transaction.on_commit(partial(_delete_now, storage, name), using=using)


@contextlib.contextmanager
def files_removed_on_failure(storage: Storage) -> Iterator[list[str]]:
    """Collects the names of the files written inside (append each one); deletes them if the
    block raises, so that a database write that fails leaves no file behind it."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            if name:
                _delete_now(storage, name)
        raise


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _delete_files_of(sender: type[models.Model], instance: Any, using: str, **_: Any) -> None:
    for field in _file_fields(sender):
        stored = getattr(instance, field.attname, None)
        name = getattr(stored, "name", None) or ""
        if name:
            delete_after_commit(field.storage, name, using=using)


def delete_files_with_rows() -> None:
    """Connect the clean-up to every model with a FileField (and only those: a receiver on
    every model would stop Django deleting other rows in bulk)."""
    for model in apps.get_models():
        if _file_fields(model):
            post_delete.connect(
                _delete_files_of, sender=model, dispatch_uid=f"stored-files-{model._meta.label}"
            )
