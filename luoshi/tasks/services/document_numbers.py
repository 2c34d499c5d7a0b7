"""Serial numbers of the documents an office sends: 督办〔2026〕5号, 督查通报〔2026〕3期.

Numbers run per region, kind and year of issue; the caller holds the region's row lock while it
reads the highest number and writes the next, so two issues at once never share one."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SERIAL = re.compile(r"〔(\d{4})〕(\d+)[号期]")


def next_serial(numbers: Iterable[str]) -> int:
    """One more than the highest serial among `numbers` (1 when there is none)."""
    highest = 0
    for number in numbers:
        match = _SERIAL.search(number)
        if match:
            highest = max(highest, int(match.group(2)))
    return highest + 1
