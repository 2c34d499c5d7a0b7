"""Correcting the events and people read from a news page before they become meetings.

A news page often dates its meeting "5月11日" without a year (the reader gives ``--05-11``).
The page itself is dated (the contract's ``date``) or the reviewer set the batch's year; the
meeting took place on or before the day it was reported, so the suggested year is the page's,
or the year before when that would put the meeting after the page (a 12月30日 meeting reported
on 2 January). The reviewer sees the suggestion in the edit form and confirms or changes it;
nothing is settled without them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luoshi.imports.models import ImportBatch, ImportItem, ItemKind

YEARLESS = re.compile(r"^--(\d{2})-(\d{2})$")
WRITTEN_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")


def page_date(batch: ImportBatch) -> date | None:
    """The date the page gives for itself, when the reader found a whole one."""
    value = str(((batch.extraction or {}).get("contract") or {}).get("date") or "")
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def suggested_date(value: str, *, reported: date | None, year: int | None) -> date | None:
    """A full date for a month and day without a year: the page's year (the year before when
    that would be after the page), else the batch's year; None when neither is known or the
    day does not exist in that year (29 February)."""
    match = YEARLESS.match(value or "")
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        if reported is not None:
            settled = date(reported.year, month, day)
            return settled if settled <= reported else date(reported.year - 1, month, day)
        return date(year, month, day) if year else None
    except ValueError:
        return None


def with_suggested_dates(batch: ImportBatch, items: list[ImportItem]) -> None:
    """Mark each yearless event with the date the edit form proposes (``item.suggested_date``)."""
    reported = page_date(batch)
    for item in items:
        if item.kind == ItemKind.EVENT:
            item.suggested_date = suggested_date(  # type: ignore[attr-defined]
                str(item.value.get("date") or ""), reported=reported, year=batch.year
            )


def yearless(value: Any) -> str:
    """ "5月11日" for ``--05-11``; "" for anything else."""
    match = YEARLESS.match(str(value or ""))
    return f"{int(match.group(1))}月{int(match.group(2))}日" if match else ""


def parse_event_date(text: str) -> str | None:
    """The reviewer's date as ISO: 2024-05-11, 2024/5/11 or 2024年5月11日; a yearless date
    is refused (settling it is the point); empty clears it."""
    text = (text or "").strip()
    if not text:
        return None
    match = WRITTEN_DATE.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            pass
    raise ValidationError(_("日期“%(value)s”无法识别，请写成 2024-05-11。") % {"value": text})


def names(text: str, *, limit: int, length: int) -> list[str]:
    """A list typed as 张三、李四 (or separated by commas, semicolons or lines)."""
    parts = [part.strip() for part in LIST_SEPARATORS.split(text or "") if part.strip()]
    too_long = [part for part in parts if len(part) > length]
    if too_long:
        raise ValidationError(
            _("“%(value)s”太长（最多 %(n)d 个字）。") % {"value": too_long[0][:20], "n": length}
        )
    if len(parts) > limit:
        raise ValidationError(_("最多填写 %(n)d 项。") % {"n": limit})
    return parts
