"""Serve plotly.js from the installed plotly wheel as the static file `vendor/plotly.min.js`,
and its stylesheet as `vendor/plotly.css`.

No CDN: the machine has no internet. A staticfiles finder (rather than a copy in the repo)
keeps the JavaScript in step with the pinned plotly version; collectstatic and whitenoise
pick it up like any other static file. The stylesheet is read out of that same bundle (see
`plotly_styles`) and written once per plotly version under the var dir, since a finder hands
out files.
"""

from __future__ import annotations

import functools
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from luoshi.core.plotly_styles import PlotlyStyles, plotly_styles

PLOTLY_JS = "vendor/plotly.min.js"
PLOTLY_CSS = "vendor/plotly.css"


def _source(package: str, relative: str) -> Path | None:
    try:
        module = __import__(package)
    except ImportError:
        return None
    path = Path(module.__file__ or "").parent / relative
    return path if path.exists() else None


def _plotly_js() -> Path | None:
    return _source("plotly", "package_data/plotly.min.js")


@functools.cache
def installed_plotly_styles() -> PlotlyStyles | None:
    bundle = _plotly_js()
    return None if bundle is None else plotly_styles(bundle.read_text(encoding="utf-8"))


@functools.cache
def _plotly_css() -> Path | None:
    styles = installed_plotly_styles()
    if styles is None:
        return None
    # Named as served (collectstatic keeps the file name), in a folder per plotly version.
    folder = Path(settings.VAR_DIR) / "vendor" / f"plotly-{metadata.version('plotly')}"
    target = folder / "plotly.css"
    if not target.exists() or target.read_text(encoding="utf-8") != styles.css:
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: two processes starting at once never serve half a file.
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".css")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(styles.css)
        os.replace(temporary, target)
    return target


def _vendor_file(path: str) -> Path | None:
    if path == PLOTLY_JS:
        return _plotly_js()
    if path == PLOTLY_CSS:
        return _plotly_css()
    return None


class VendorFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        source = _vendor_file(path)
        if source is not None:
            return [str(source)] if find_all else str(source)
        return [] if find_all else None

    def list(self, ignore_patterns: Any) -> Any:
        for name in (PLOTLY_JS, PLOTLY_CSS):
            source = _vendor_file(name)
            if source is not None:
                storage = FileSystemStorage(location=str(source.parent))
                storage.prefix = str(Path(name).parent)  # type: ignore[attr-defined]
                yield source.name, storage
