"""Form widgets every app shares: unit pickers, and date and year inputs.

Each renders plain HTML that works without scripts; `luoshi/static/luoshi/unit_picker.js`
(loaded by base.html) adds the search boxes, and `forms.css` gives them one look.

- `UnitSearchSelect`: one unit (the lead unit). A plain <select>; the script puts a search box
  over it (type 发改 or fg, pick with the arrow keys and Enter).
- `UnitCheckboxes`: several units (co-units). Checkboxes in a scrolling box, never a
  Ctrl-click multi-select; the script adds a filter box, the chosen units as removable chips,
  and hides the unit chosen as lead.
- `ChineseDateInput` / `ChineseMonthInput`: <input type=date|month> with a min and max, and a
  "格式：2026-12-31" hint shown only where the browser has no picker and falls back to text.
- `YearSelect`: a year from a short list around this year; `YearInput`: a number box 6em wide
  for years that may lie further back (imports of old tables).

The options carry their units' pinyin initials (data-initials), so the search finds 发展和改革局
by "fzhg" as well as by its characters; the list is rendered once and filtered in the browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The bounds of every year field in the project (1978: the reform era's first work reports;
# 2100: far enough). A date input without them lets a slip of the keyboard type year 20266.
FIRST_DAY = dt.date(1978, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)

DateBound = dt.date | Callable[[], dt.date] | None


@lru_cache(maxsize=4096)
def pinyin_initials(name: str) -> str:
    """发展和改革局 → "fzhggj"; letters and digits in the name are kept as they are."""
    from pypinyin import Style, lazy_pinyin  # loads its dictionary: only when a form renders

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()


def _with_initials(option: dict[str, Any], value: Any, label: Any) -> dict[str, Any]:
    if value not in ("", None):
        option["attrs"]["data-initials"] = pinyin_initials(str(label))
    return option


class _UnitOptions(ChoiceWidget):
    """Each unit's option carries its name's pinyin initials, for the search (fzhg, jt)."""

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        return _with_initials(option, value, label)


class UnitSearchSelect(_UnitOptions, forms.Select):
    """One unit out of many: a <select> that unit_picker.js turns into a search box."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        words = {
            "data-unit-search": "",
            "data-placeholder": _("输入单位名称或拼音首字母查找"),
            "data-no-match": _("没有匹配的单位"),
        }
        super().__init__({**words, **(attrs or {})}, choices)


class UnitCheckboxes(_UnitOptions, forms.CheckboxSelectMultiple):
    """Several units: checkboxes with a filter box and chips (unit_picker.js).

    `lead_field` names the form's lead-unit field: the script hides that unit here, and the
    form refuses it as a co-unit (`luoshi.core.unit_fields.refuse_lead_as_co_unit`)."""

    template_name = "core/widgets/unit_checkboxes.html"

    def __init__(
        self, attrs: dict[str, Any] | None = None, choices: Any = (), lead_field: str = "lead_unit"
    ) -> None:
        super().__init__(attrs, choices)
        self.lead_field = lead_field

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["lead_field"] = self.lead_field
        return context


def _bound(value: DateBound) -> dt.date | None:
    return value() if callable(value) else value


class ChineseDateInput(forms.DateInput):
    """<input type=date> within [min_date, max_date] (a date or a callable such as
    `timezone.localdate`, read when the form renders)."""

    input_type = "date"
    template_name = "core/widgets/date_input.html"
    value_format = "%Y-%m-%d"
    hint = _("格式：2026-12-31")
    example = "2026-12-31"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        min_date: DateBound = FIRST_DAY,
        max_date: DateBound = LAST_DAY,
    ) -> None:
        super().__init__({"placeholder": self.example, **(attrs or {})}, format=self.value_format)
        self.min_date = min_date
        self.max_date = max_date

    def _limit(self, day: dt.date | None) -> str | None:
        return day.strftime(self.value_format) if day else None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for key, bound in (("min", self.min_date), ("max", self.max_date)):
            limit = self._limit(_bound(bound))
            if limit and key not in context["widget"]["attrs"]:
                context["widget"]["attrs"][key] = limit
        context["widget"]["hint"] = self.hint
        return context


class ChineseMonthInput(ChineseDateInput):
    """<input type=month>: Firefox and Safari on a desk show a text box, so the hint matters."""

    input_type = "month"
    value_format = "%Y-%m"
    hint = _("格式：2026-05")
    example = "2026-05"


class YearSelect(forms.Select):
    """A year from this year − `before` … this year + `after`, plus the value already there
    (an old task keeps its year); with no value and no `empty_label`, this year is chosen.
    For an IntegerField: its own min/max still decide what is accepted."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        before: int = 2,
        after: int = 3,
        empty_label: Any = None,
    ) -> None:
        super().__init__({"class": "year-select", **(attrs or {})})
        self.before, self.after, self.empty_label = before, after, empty_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        this_year = timezone.localdate().year
        years = set(range(this_year - self.before, this_year + self.after + 1))
        current = value[0] if isinstance(value, list | tuple) and value else value
        if str(current or "").isdigit() and 1000 <= int(current) <= 9999:
            years.add(int(current))
        elif current in (None, "") and self.empty_label is None:
            value = this_year  # a year is required: this one, not the list's first
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = [*empty, *((year, str(year)) for year in sorted(years))]
        return super().get_context(name, value, attrs)


class YearInput(forms.NumberInput):
    """A year typed as a number, 6em wide; IntegerField(min_value, max_value) sets min/max."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "year-input", "inputmode": "numeric", **(attrs or {})})
