"""Sample uploads for the attachment tests: real headers, tiny bodies."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!doctype html><script>alert(1)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zip_with("[Content_Types].xml", "word/document.xml")
XLSX = zip_with("[Content_Types].xml", "xl/workbook.xml")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list[Path]:
    """Every file under MEDIA_ROOT (each test gets its own, see the fixture)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


class RolledBack(Exception):
    """Raised inside the transaction to undo it."""


def rolled_back(work: Callable[[], object]) -> None:
    """`work` done in a transaction that then fails and rolls back."""
    with transaction.atomic():
        work()
        raise RolledBack
