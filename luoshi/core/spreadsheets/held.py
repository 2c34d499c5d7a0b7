"""An uploaded spreadsheet held between its preview and its apply.

The preview shows what the file would change; the apply must act on the same bytes, without
asking the clerk to upload again. The bytes are kept through Django's storage API (under the
var dir by default, or shared storage when several servers run), named by the uploader and
the file's SHA-256 — the name is never taken from the request, so a form can only point at
its own user's files. A held file is removed when applied, and any left over are removed
after a day by the next hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "held-spreadsheets"
KEEP = dt.timedelta(days=1)
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def _name(user_id: int, digest: str) -> str:
    return f"{FOLDER}/{int(user_id)}/{digest}.xlsx"


def hold(user_id: int, data: bytes) -> str:
    """Keep the bytes for this user; returns the token (the SHA-256) a form carries."""
    digest = hashlib.sha256(data).hexdigest()
    name = _name(user_id, digest)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    _remove_stale(user_id)
    return digest


def fetch(user_id: int, token: str) -> bytes | None:
    """The held bytes, or None when the token is malformed, unknown or not this user's."""
    if not _DIGEST.match(token or ""):
        return None
    name = _name(user_id, token)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        data: bytes = handle.read()
    if hashlib.sha256(data).hexdigest() != token:
        return None
    return data


def release(user_id: int, token: str) -> None:
    if _DIGEST.match(token or ""):
        name = _name(user_id, token)
        if default_storage.exists(name):
            default_storage.delete(name)


def _remove_stale(user_id: int) -> None:
    folder = f"{FOLDER}/{int(user_id)}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP
    for file_name in files:
        name = f"{folder}/{file_name}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except (FileNotFoundError, NotImplementedError):
            continue
