"""How a month's investment figures fit with the months already stored. Pure: figures in,
settled figures (or the first inconsistency, in Chinese) out.

Within a project's year:

- 年度累计 (year to date) of a month is the previous stored month's year to date plus this
  month's completed amount. When the previous month is the calendar month before, the two
  must agree (to 0.01 万元); across a gap (months not entered) year to date may be larger, the
  difference being what the missing months invested. Not given, it is computed: months never
  entered count as nothing invested, so a clerk who starts reporting in March gives it.
- 自开工累计 (since start) exceeds year to date by the same amount in every month: what was
  invested before the year (`Project.invested_before_year`). Not given, it is computed; given
  in a project's first entry of the year, it sets that amount; given later, it must agree.
- Correcting a month moves the cumulative figures of the following consecutive months with it
  (their completed amounts stay as reported); a later month after a gap must still be at least
  the new cumulative plus its own amount, or the correction is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TOLERANCE = Decimal("0.01")
CENT = Decimal("0.01")


class InvestmentError(ValueError):
    """A figure that does not fit; `field` names the input it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class MonthFigures:
    """One month as reported. Amounts in 万元."""

    month: int
    completed: Decimal
    planned: Decimal | None = None
    year_to_date: Decimal | None = None
    since_start: Decimal | None = None


@dataclass(frozen=True)
class StoredMonth:
    month: int
    completed: Decimal
    year_to_date: Decimal
    since_start: Decimal


@dataclass(frozen=True)
class Settlement:
    year_to_date: Decimal
    since_start: Decimal
    invested_before_year: Decimal  # unchanged unless the first entry of the year set it
    # Later months whose cumulative figures move: (month, year to date, since start).
    shifted: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)


def amount_text(value: Decimal) -> str:
    return f"{value.quantize(CENT):,}"


def check_amounts(figures: MonthFigures) -> None:
    """Refuse negative or absurd figures, naming the field, before anything else is judged."""
    if not 1 <= figures.month <= 12:
        raise InvestmentError("month", f"月份应为 1–12，填的是 {figures.month}。")
    names = {
        "completed": "本月完成投资",
        "planned": "本月计划投资",
        "year_to_date": "年度累计完成投资",
        "since_start": "自开工累计完成投资",
    }
    for key, name in names.items():
        value: Decimal | None = getattr(figures, key)
        if value is None:
            continue
        if value < 0:
            raise InvestmentError(key, f"{name}不能为负数（填的是 {amount_text(value)} 万元）。")
        if value >= Decimal("1e12"):
            raise InvestmentError(key, f"{name}数值过大，请以万元为单位填写。")


def rounded(figures: MonthFigures) -> MonthFigures:
    """The figures to the 0.01 万元 they are stored with."""

    def cent(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)

    return MonthFigures(
        month=figures.month,
        completed=figures.completed.quantize(CENT, rounding=ROUND_HALF_UP),
        planned=cent(figures.planned),
        year_to_date=cent(figures.year_to_date),
        since_start=cent(figures.since_start),
    )


def _same(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE


def settle(
    figures: MonthFigures,
    stored: Mapping[int, StoredMonth],
    invested_before_year: Decimal,
) -> Settlement:
    """Fit `figures` among the `stored` months of the same project and year (the month being
    written, if stored, is replaced). Raises InvestmentError on the first inconsistency."""
    check_amounts(figures)
    month, completed = figures.month, figures.completed
    others = {m: row for m, row in stored.items() if m != month}
    earlier = [m for m in others if m < month]
    previous = others[max(earlier)] if earlier else None
    base = previous.year_to_date if previous else Decimal(0)

    year_to_date = figures.year_to_date
    if year_to_date is None:
        year_to_date = base + completed
    elif year_to_date + TOLERANCE < completed:
        raise InvestmentError(
            "year_to_date",
            f"年度累计（{amount_text(year_to_date)}）不能小于本月完成（{amount_text(completed)}）。",
        )
    elif month == 1 and not _same(year_to_date, completed):
        raise InvestmentError(
            "year_to_date",
            f"1月的年度累计应等于本月完成（{amount_text(completed)}），"
            f"填的是 {amount_text(year_to_date)}。",
        )
    elif previous is not None and previous.month == month - 1:
        expected = base + completed
        if not _same(year_to_date, expected):
            raise InvestmentError(
                "year_to_date",
                f"年度累计应为{previous.month}月累计 {amount_text(base)} 加本月完成 "
                f"{amount_text(completed)}，即 {amount_text(expected)}，"
                f"填的是 {amount_text(year_to_date)}，请核对。",
            )
    elif previous is not None and year_to_date + TOLERANCE < base + completed:
        raise InvestmentError(
            "year_to_date",
            f"年度累计（{amount_text(year_to_date)}）不能小于{previous.month}月累计 "
            f"{amount_text(base)} 加本月完成 {amount_text(completed)}。",
        )

    carried = invested_before_year
    if figures.since_start is not None:
        if figures.since_start + TOLERANCE < year_to_date:
            raise InvestmentError(
                "since_start",
                f"自开工累计（{amount_text(figures.since_start)}）不能小于年度累计"
                f"（{amount_text(year_to_date)}）。",
            )
        implied = max(figures.since_start - year_to_date, Decimal(0))
        if not _same(implied, carried):
            if others:
                raise InvestmentError(
                    "since_start",
                    f"自开工累计应为上年末累计 {amount_text(carried)} 加年度累计 "
                    f"{amount_text(year_to_date)}，即 {amount_text(carried + year_to_date)}，"
                    f"填的是 {amount_text(figures.since_start)}。如上年末累计有误，"
                    "请先修改项目的“上年末累计完成投资”。",
                )
            carried = implied
    since_start = carried + year_to_date

    shifted: list[tuple[int, Decimal, Decimal]] = []
    current_month, current_ytd = month, year_to_date
    for later in sorted(m for m in others if m > month):
        row = others[later]
        if later == current_month + 1:
            new_ytd = current_ytd + row.completed
        else:
            new_ytd = row.year_to_date
            if new_ytd + TOLERANCE < current_ytd + row.completed:
                raise InvestmentError(
                    "year_to_date",
                    f"这样修改后，{later}月已填的年度累计（{amount_text(new_ytd)}）会小于"
                    f"{current_month}月累计加{later}月完成"
                    f"（{amount_text(current_ytd + row.completed)}），请先核对{later}月的数据。",
                )
        new_since = carried + new_ytd
        if not (_same(new_ytd, row.year_to_date) and _same(new_since, row.since_start)):
            shifted.append((later, new_ytd, new_since))
        current_month, current_ytd = later, new_ytd
    return Settlement(year_to_date, since_start, carried, shifted)


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in percent with one decimal (完成率, % of total); None without a whole."""
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))
