"""The files kept under a record — a progress report's or a notice's attachments, a meeting's
files — listed, uploaded and downloaded the same way over the API.

A router says only what differs, in a `FileShelf`: which record the files belong to (loaded by
its selector, 404 for an unknown id, then the view permission, 403), how its files are read,
which service stores new ones, and how one file is found for the reader. The shelf does the
rest: the list, the upload of several files at once (field `files`; the service screens them
by content and stores all or none: refused files are 422, one sentence each) answered 201, and
the download streamed from private storage as an attachment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest
from ninja import Field, Schema, Status
from ninja.files import UploadedFile

from luoshi.core.private_files import private_download

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "文件内容（以附件形式下载）",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


class StoredFileOut(Schema):
    """The fields every stored file shows; each kind resolves its own `download_url`."""

    id: int
    name: str = Field(..., description="上传时的文件名")
    size: int = Field(..., description="字节数")
    content_type: str
    uploaded_by_id: int | None
    created_at: dt.datetime
    download_url: str


class Stored(Protocol):
    """A stored file's row (`luoshi.core.models.StoredFile` with its concrete `file`)."""

    @property
    def file(self) -> FieldFile: ...

    @property
    def name(self) -> str: ...

    @property
    def content_type(self) -> str: ...


P = TypeVar("P")
F = TypeVar("F", bound=Stored)


def stored_file_download(stored: Stored) -> FileResponse:
    """The file streamed as an attachment under the name it was uploaded with."""
    return private_download(stored.file, name=stored.name, content_type=stored.content_type)


@dataclass(frozen=True)
class FileShelf(Generic[P, F]):
    """The files of one kind of record."""

    parent: Callable[[HttpRequest, int], P]
    """The record by its id, for a request that may see it (NotFound, then 403)."""
    files: Callable[[P], Iterable[F]]
    """The record's files, in upload order."""
    add: Callable[[Any, P, list[UploadedFile]], list[F]]
    """The service storing uploads (actor, record, uploads): all of them or none."""
    file: Callable[[HttpRequest, int, int], F]
    """One file by the record's id and its own, for a request that may see it."""

    def listing(self, request: HttpRequest, parent_id: int) -> list[F]:
        return list(self.files(self.parent(request, parent_id)))

    def upload(
        self, request: HttpRequest, parent_id: int, uploads: list[UploadedFile]
    ) -> Status[list[F]]:
        record = self.parent(request, parent_id)
        return Status(201, self.add(request.user, record, uploads))

    def download(self, request: HttpRequest, parent_id: int, file_id: int) -> FileResponse:
        return stored_file_download(self.file(request, parent_id, file_id))
