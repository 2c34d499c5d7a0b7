"""Serving a stored file to someone the caller has already allowed to read it.

Stored uploads are never published under MEDIA_URL: each download goes through a view that
checks permission and then answers with `private_download`. The response always downloads
(Content-Disposition attachment, with the original name as RFC 6266 `filename*` when it is not
ASCII), declares the type the upload check settled on, forbids sniffing and forbids running
anything in it should a browser render it anyway.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def private_download(stored: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """Stream `stored` as an attachment named `name`; 404 when its file is gone."""
    if not stored.name:
        raise Http404(_("附件文件已不存在。"))
    try:
        handle = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("附件文件已不存在。")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
