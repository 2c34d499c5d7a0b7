"""Serve plotly.js from the installed plotly wheel as the static file `vendor/plotly.min.js`.

No CDN: the machine has no internet. A staticfiles finder (rather than a copy in the repo)
keeps the JavaScript in step with the pinned plotly version; collectstatic and whitenoise
pick it up like any other static file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

VENDOR_FILES = {"vendor/plotly.min.js": ("plotly", "package_data/plotly.min.js")}


def _source(package: str, relative: str) -> Path | None:
    try:
        module = __import__(package)
    except ImportError:
        return None
    path = Path(module.__file__ or "").parent / relative
    return path if path.exists() else None


class VendorFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path in VENDOR_FILES:
            source = _source(*VENDOR_FILES[path])
            if source is not None:
                return [str(source)] if find_all else str(source)
        return [] if find_all else None

    def list(self, ignore_patterns: Any) -> Any:
        for name, (package, relative) in VENDOR_FILES.items():
            source = _source(package, relative)
            if source is not None:
                storage = FileSystemStorage(location=str(source.parent))
                storage.prefix = str(Path(name).parent)  # type: ignore[attr-defined]
                yield source.name, storage
