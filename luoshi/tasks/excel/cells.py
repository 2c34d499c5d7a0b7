"""Readings of single 分解表 cells. Pure: values in, values or a `CellError` (Chinese) out."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from luoshi.core.spreadsheets.cells import CellError, cell_text

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Words that mean "all year, and beyond": the deadline is the year's end, the words stay.
ONGOING_WORDS = ("长期坚持", "长期推进", "持续推进", "长期", "持续")
YEAR_END_WORDS = ("年底前", "年底", "年内", "全年", "年末", "12月底前", "下半年")
DEADLINE_FORMS = "可写 2026-06-30、2026年6月30日、6月底前、三季度末、年底前、长期坚持"
UNIT_SEPARATORS = re.compile(r"[、，,；;／/\s]+")


# --- 序号 ----------------------------------------------------------------------------------

_CN_NUMERAL = r"[一二三四五六七八九十]+"


def number_level(number: str) -> int:
    """How deep a 序号 sits: 一、 (1) above （一） (2) above 1 (3) above 1.1 (4) above 1.1.1 (5);
    （1） sits with 1.1. A sub-item's parent is the nearest row above with a smaller level."""
    text = number.strip().rstrip("、.．")
    if re.fullmatch(_CN_NUMERAL, text):
        return 1
    if re.fullmatch(rf"[（(]{_CN_NUMERAL}[）)]", text):
        return 2
    if re.fullmatch(r"\d+(\.\d+)*", text):
        return 2 + text.count(".") + 1
    if re.fullmatch(r"[（(]\d+[）)]", text):
        return 4
    raise CellError(f"序号“{number[:10]}”无法识别（可写 1、1.1、（一）、一）")


def clean_number(value: Any) -> str:
    return cell_text(value).rstrip("、.．")


# --- 完成时限 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    text: str  # the words as written, kept when they are more than a date


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(year: int, month: int, day: int, written: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise CellError(f"“{written}”不是有效的日期") from error


def _month(year: int, month: int, written: str) -> dt.date:
    if not 1 <= month <= 12:
        raise CellError(f"“{written}”不是有效的月份")
    return _month_end(year, month)


def _quarter_number(word: str) -> int:
    return QUARTER_WORDS[word]


def parse_deadline(value: Any, year: int) -> Deadline:
    """2026-06-30 · 2026/6/30 · 2026年6月30日 · 2026年6月 · 6月底前 · 6月30日前 · 三季度末 ·
    上半年 · 年底前 · 长期坚持 (31 December, the words kept). Impossible dates are errors."""
    if isinstance(value, dt.datetime):
        return Deadline(value.date(), "")
    if isinstance(value, dt.date):
        return Deadline(value, "")
    text = cell_text(value)
    if not text:
        raise CellError("未填写完成时限")
    compact = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", compact)
    if match:
        y, m, d = (int(g) for g in match.groups())
        return Deadline(_date(y, m, d, text), "")
    match = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?(前|之前|以前)?", compact)
    if match:
        y = int(match.group(1) or year)
        the_date = _date(y, int(match.group(2)), int(match.group(3)), text)
        return Deadline(the_date, "" if match.group(1) and not match.group(4) else text)
    match = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(底|末|份)?(前|之前|以前)?", compact)
    if match:
        y = int(match.group(1) or year)
        return Deadline(_month(y, int(match.group(2)), text), text)
    match = re.fullmatch(r"(?:(\d{4})年)?第?([一二三四1-4])季度(末|底)?(前|之前|以前)?", compact)
    if match:
        y = int(match.group(1) or year)
        quarter = _quarter_number(match.group(2))
        return Deadline(_month_end(y, 3 * quarter), text)
    match = re.fullmatch(r"(?:(\d{4})年)?上半年(底|末)?(前)?", compact)
    if match:
        return Deadline(dt.date(int(match.group(1) or year), 6, 30), text)
    match = re.fullmatch(r"(\d{4})年(底|末|内)?(前)?", compact)
    if match:
        return Deadline(dt.date(int(match.group(1)), 12, 31), text)
    if any(word in compact for word in (*ONGOING_WORDS, *YEAR_END_WORDS)):
        return Deadline(dt.date(year, 12, 31), text)
    raise CellError(f"无法识别“{text[:20]}”（{DEADLINE_FORMS}）")


# --- 季度节点 -------------------------------------------------------------------------------

_QUARTER_MARK = re.compile(r"(?:第?([一二三四1-4])季度(?:末|底)?|[Qq]([1-4]))\s*[：:]")


@dataclass(frozen=True)
class MilestoneText:
    quarter: int
    text: str


def parse_milestones(value: Any) -> list[MilestoneText]:
    """一季度：完成选址；二季度：开工 — or Q1：… / 第一季度：…, on one line or several."""
    text = cell_text(value)
    if not text:
        return []
    marks = list(_QUARTER_MARK.finditer(text))
    if not marks:
        raise CellError("季度节点应写成“一季度：…；二季度：…”（或 Q1：…）")
    if text[: marks[0].start()].strip(" ；;，,。\n"):
        raise CellError(f"“{text[: marks[0].start()].strip()[:15]}”前没有注明季度")
    found: dict[int, MilestoneText] = {}
    for position, mark in enumerate(marks):
        quarter = _quarter_number(mark.group(1) or mark.group(2))
        end = marks[position + 1].start() if position + 1 < len(marks) else len(text)
        body = text[mark.end() : end].strip().strip("；;，,。\n ").strip()
        if not body:
            raise CellError(f"第{quarter}季度的节点目标是空的")
        if quarter in found:
            raise CellError(f"第{quarter}季度写了两次")
        found[quarter] = MilestoneText(quarter, body)
    return [found[q] for q in sorted(found)]


QUARTER_NAMES = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}


def milestones_text(milestones: list[tuple[int, str]]) -> str:
    return "\n".join(f"{QUARTER_NAMES[q]}：{text}" for q, text in milestones)


# --- units ---------------------------------------------------------------------------------


def split_units(value: Any) -> list[str]:
    """县发改局、县交通局，县财政局 → three names; a "（牵头）" note after a name is dropped."""
    names = []
    for part in UNIT_SEPARATORS.split(cell_text(value)):
        name = re.sub(r"[（(](牵头|配合|负责)[）)]$", "", part).strip()
        if name and name not in names:
            names.append(name)
    return names
