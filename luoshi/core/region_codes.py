"""GB/T 2260 region codes nest by prefix: a region and everything below it share one."""

from __future__ import annotations

import re


def region_code_prefix(code: str) -> str | None:
    """The code prefix shared by a region and the regions below it: 130000 → 13 (the
    province), 130100 → 1301 (the city), 130121 → 130121 (the county and its townships).
    None for something that is not a region code."""
    if not re.fullmatch(r"\d{6}|\d{9}", code):
        return None
    prefix = code
    for _level in range(2):
        if len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]
    return prefix if len(code) == 6 else code


def region_codes_nearest_first(code: str) -> list[str]:
    """A region's code and its ancestors' codes, nearest first: 130121001 → 130121001,
    130121 (county), 130100 (city), 130000 (province). What a rule looks up when a region
    without its own setting takes its nearest ancestor's."""
    chain = [code]
    if len(code) == 9:
        chain.append(code[:6])
    six = code[:6]
    chain += [six[:4] + "00", six[:2] + "0000"]
    return list(dict.fromkeys(chain))
