"""Screening of uploaded documents: which files may be kept, judged by extension and content.

An upload is accepted only when its extension is on the list (office documents, PDF, OFD,
JPEG and PNG) and its first bytes are what that kind of file starts with: %PDF for PDF, a zip
holding the parts of an Office Open XML (or OFD) package for .docx/.xlsx/.pptx/.ofd, the OLE
compound-file header for old .doc/.xls/.ppt and WPS files, the JPEG and PNG signatures for
images. So an executable renamed .pdf is refused, and nothing a browser would run (HTML, SVG,
scripts) is ever accepted: they are neither on the list nor start like anything on it.

The content type stored and served is the one of the settled kind, never the browser's claim.
Pure: the caller stores nothing until every file passes.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

StrOrPromise = str | Promise

MEGABYTE = 1024 * 1024
MAX_NAME = 200
HEAD_BYTES = 2048

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HEADER = b"PK\x03\x04"


def _pdf(head: bytes, _handle: IO[bytes]) -> bool:
    # The PDF header may follow a few bytes of junk; readers look in the first kilobyte.
    return b"%PDF-" in head[:1024]


def _ole(head: bytes, _handle: IO[bytes]) -> bool:
    return head.startswith(OLE_HEADER)


def _jpeg(head: bytes, _handle: IO[bytes]) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _png(head: bytes, _handle: IO[bytes]) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _zip_package(*required: str) -> Callable[[bytes, IO[bytes]], bool]:
    """A zip whose member names include each of `required` (a name, or a folder ending in /)."""

    def check(head: bytes, handle: IO[bytes]) -> bool:
        if not head.startswith(ZIP_HEADER):
            return False
        try:
            handle.seek(0)
            with zipfile.ZipFile(handle) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
        return all(
            any(name.startswith(part) if part.endswith("/") else name == part for name in names)
            for part in required
        )

    return check


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    looks_right: Callable[[bytes, IO[bytes]], bool]


_WORD = FileKind("Word", "application/msword", _ole)
_EXCEL = FileKind("Excel", "application/vnd.ms-excel", _ole)
_POWERPOINT = FileKind("PowerPoint", "application/vnd.ms-powerpoint", _ole)
_OOXML = "application/vnd.openxmlformats-officedocument"

KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("PDF", "application/pdf", _pdf),
    ".ofd": FileKind("OFD", "application/ofd", _zip_package("OFD.xml")),
    ".doc": _WORD,
    ".docx": FileKind(
        "Word",
        f"{_OOXML}.wordprocessingml.document",
        _zip_package("[Content_Types].xml", "word/"),
    ),
    ".xls": _EXCEL,
    ".xlsx": FileKind(
        "Excel", f"{_OOXML}.spreadsheetml.sheet", _zip_package("[Content_Types].xml", "xl/")
    ),
    ".ppt": _POWERPOINT,
    ".pptx": FileKind(
        "PowerPoint",
        f"{_OOXML}.presentationml.presentation",
        _zip_package("[Content_Types].xml", "ppt/"),
    ),
    # WPS Office's own formats (common in government offices) are OLE compound files.
    ".wps": FileKind("WPS", "application/vnd.ms-works", _ole),
    ".et": FileKind("WPS", "application/vnd.ms-excel", _ole),
    ".dps": FileKind("WPS", "application/vnd.ms-powerpoint", _ole),
    ".jpg": FileKind("JPEG", "image/jpeg", _jpeg),
    ".jpeg": FileKind("JPEG", "image/jpeg", _jpeg),
    ".png": FileKind("PNG", "image/png", _png),
}


@dataclass(frozen=True)
class Accepted:
    """Which of the KINDS one kind of upload takes, and how to say so."""

    extensions: tuple[str, ...]
    label: StrOrPromise

    @property
    def accept_attribute(self) -> str:
        """For the file chooser's `accept`: a hint to the browser only; the server decides."""
        return ",".join(self.extensions)


# Attachments of reports, notices and meetings: any office document, scans and photos.
DOCUMENTS_AND_IMAGES = Accepted(
    tuple(KINDS), gettext_lazy("PDF、OFD、Word、Excel、PowerPoint、WPS 文档和 JPG、PNG 图片")
)
# Evidence of a project (approval documents, contracts, licences, site photos): documents
# as issued or scanned, and photos — not spreadsheets or slides.
EVIDENCE = Accepted(
    (".pdf", ".ofd", ".doc", ".docx", ".wps", ".jpg", ".jpeg", ".png"),
    gettext_lazy("PDF、OFD、Word、WPS 文档和 JPG、PNG 图片"),
)
ACCEPTED_LABEL = DOCUMENTS_AND_IMAGES.label
ACCEPT_ATTRIBUTE = DOCUMENTS_AND_IMAGES.accept_attribute


class UploadRefused(Exception):
    """One file refused, with the one sentence that says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UploadsRefused(ValidationError):
    """Some files were refused (one sentence each); nothing was stored."""


@dataclass(frozen=True)
class ScreenedUpload:
    upload: UploadedFile[bytes]
    name: str  # the name to show, cleaned of folders and control characters
    extension: str  # lower case, with the dot
    content_type: str
    size: int


def display_name(raw: str | None, extension: str = "") -> str:
    """The uploader's file name, safe to show and to offer as a download name: no folders
    (so no `../`), no control or format characters (no bidi tricks), composed (NFC) so a name
    from a Mac compares equal, at most MAX_NAME characters with the extension kept. Chinese
    and every other letter stay as they are: "2026年第一季度进展.pdf" is kept whole. (The
    name is only shown and offered back: the stored file gets a random name.)"""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in {"C"}).strip(" .")
    if not name:
        name = _("附件") + extension
    if len(name) > MAX_NAME:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: MAX_NAME - len(suffix)] + suffix
    return name


def screen_upload(
    upload: UploadedFile[bytes],
    *,
    max_bytes: int,
    accepted: Accepted = DOCUMENTS_AND_IMAGES,
) -> ScreenedUpload:
    """The upload with its settled kind, or `UploadRefused` naming the file and the reason."""
    name = display_name(upload.name)
    extension = PurePosixPath(name).suffix.lower()
    kind = KINDS.get(extension) if extension in accepted.extensions else None
    if kind is None:
        raise UploadRefused(
            _("“%(name)s”不是允许的文件类型，未上传：只接受%(accepted)s。")
            % {"name": name, "accepted": accepted.label}
        )
    size = upload.size or 0
    if size <= 0:
        raise UploadRefused(_("“%(name)s”是空文件，未上传。") % {"name": name})
    if size > max_bytes:
        raise UploadRefused(
            _("“%(name)s”有 %(size).1f MB，超过每个文件 %(limit)d MB 的上限，未上传。")
            % {"name": name, "size": size / MEGABYTE, "limit": max_bytes // MEGABYTE}
        )
    handle = upload.file
    if handle is None:
        raise UploadRefused(_("“%(name)s”是空文件，未上传。") % {"name": name})
    try:
        handle.seek(0)
        head = handle.read(HEAD_BYTES)
        matches = kind.looks_right(head, handle)
    finally:
        handle.seek(0)
    if not matches:
        raise UploadRefused(
            _("“%(name)s”的内容不是%(kind)s文件，与扩展名不符，未上传。")
            % {"name": name, "kind": kind.label}
        )
    return ScreenedUpload(
        upload=upload,
        name=name,
        extension=extension,
        content_type=kind.content_type,
        size=size,
    )


def screen_all(
    uploads: Sequence[UploadedFile[bytes]],
    *,
    max_bytes: int,
    accepted: Accepted = DOCUMENTS_AND_IMAGES,
) -> list[ScreenedUpload]:
    """Every upload screened, or `UploadsRefused` with one sentence per refused file: a
    caller stores all of them or none."""
    screened: list[ScreenedUpload] = []
    refusals: list[str] = []
    for upload in uploads:
        try:
            screened.append(screen_upload(upload, max_bytes=max_bytes, accepted=accepted))
        except UploadRefused as refusal:
            refusals.append(refusal.message)
    if refusals:
        raise UploadsRefused(refusals)
    return screened


def stored_content_type(name: str) -> str:
    """The type to serve a stored, screened file with, from its (settled) extension."""
    kind = KINDS.get(PurePosixPath(name).suffix.lower())
    return kind.content_type if kind is not None else "application/octet-stream"
