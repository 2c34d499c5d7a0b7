"""Reporting periods as pages name them: `month-11` (1–11月), `quarter-3` (1–3季度), `year` (全年).

Observations are cumulative, so a period is its kind and the last month or quarter it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

KIND_ORDER = {"month": 0, "quarter": 1, "year": 2}


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # "month", "quarter" or "year", as PeriodKind
    index: int  # the last month (1–12) or quarter (1–4) covered; 12 for a year

    @property
    def slug(self) -> str:
        return "year" if self.kind == "year" else f"{self.kind}-{self.index}"

    @property
    def label(self) -> str:
        """How a table heading names the period: 1–11月, 1月, 1–3季度, 全年."""
        if self.kind == "year":
            return "全年"
        if self.kind == "quarter":
            return "一季度" if self.index == 1 else f"1–{self.index}季度"
        return "1月" if self.index == 1 else f"1–{self.index}月"

    @property
    def months(self) -> int:
        """Months elapsed at the end of the period (for ordering and 序时)."""
        if self.kind == "quarter":
            return self.index * 3
        if self.kind == "year":
            return 12
        return self.index


def period_parse(text: str) -> Period | None:
    """`month-11` → Period("month", 11); anything malformed or out of range → None."""
    text = text.strip().lower()
    if text == "year":
        return Period("year", 12)
    kind, _sep, number = text.partition("-")
    if kind not in ("month", "quarter") or not number.isdigit() or len(number) > 2:
        return None
    index = int(number)
    limit = 12 if kind == "month" else 4
    return Period(kind, index) if 1 <= index <= limit else None


def periods_sorted(periods: set[Period] | list[Period]) -> list[Period]:
    """Latest first; at the same month a full year outranks December, a quarter its month."""
    return sorted(periods, key=lambda p: (p.months, KIND_ORDER[p.kind]), reverse=True)
