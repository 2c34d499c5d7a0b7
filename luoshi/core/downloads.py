"""A generated file (an Excel export, a CSV) handed to the person as a download.

One place writes the Content-Disposition: an ASCII name first for old clients, the Chinese
name as RFC 6266 `filename*` where understood. Stored attachments stream through
`luoshi.core.private_files` instead.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from luoshi.core.spreadsheets.writing import XLSX_CONTENT_TYPE


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    response["Content-Disposition"] = (
        f"attachment; filename=\"luoshi.{extension}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx workbook named `filename` (e.g. 任务分解表.xlsx)."""
    return download(content, filename, XLSX_CONTENT_TYPE)
