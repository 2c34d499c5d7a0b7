"""Single cells of an uploaded sheet as an importer needs them: text, numbers, whole numbers.

Excel hands over ints, floats, strings typed with commas, percent signs or full-width minus
signs, booleans and dates; these functions accept what a clerk would mean by a number and
refuse the rest with a reason in Chinese.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

FOURTH = Decimal("0.0001")
LIMIT = Decimal("1e15")


class CellError(ValueError):
    """A cell that cannot be read as asked; the message says why, in Chinese."""


# --- cells -------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(value: Any) -> Decimal | None:
    """A cell as a number: 5, 5.5, "5.5", "1,234.5", "5.5%", "－1.2"; blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("不是数字")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("不是数字")
        number = Decimal(str(value))
    elif isinstance(value, str):
        cleaned = (
            value.strip().replace(",", "").replace("，", "").replace("－", "-").replace("−", "-")
        )
        cleaned = cleaned.removesuffix("%").removesuffix("％").strip()
        try:
            number = Decimal(cleaned)
        except InvalidOperation as error:
            raise CellError(f"“{value.strip()[:20]}”不是数字") from error
        if not number.is_finite():
            raise CellError("不是数字")
    else:
        raise CellError("不是数字")
    if abs(number) >= LIMIT:
        raise CellError("数值过大")
    return number.quantize(FOURTH)


def parse_whole(value: Any, *, suffix: str = "") -> int | None:
    """An integer cell (2025, "2025", 11.0, "11月"); blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = value.strip().removesuffix(suffix) if suffix else value.strip()
    number = parse_number(value)
    if number is None or number != number.to_integral_value():
        raise CellError("应为整数")
    return int(number)
