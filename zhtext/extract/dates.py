"""Dates, with the year inferred from what the text itself says.

A news item often gives only 12月25日; the year then comes from statements such as
"2025年元旦将至" (so December is 2024) or "今年是中华人民共和国成立75周年" (1949 + 75).
Without such evidence the date stays yearless (--12-25): it is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhtext.numerals import cn_int

_FULL = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日"
)
_MONTH_DAY = re.compile(r"(?<![\d年〇零一二三四五六七八九十])(\d{1,2})月(\d{1,2})日")
# Anniversaries a year can be counted from: founding years of the Republic, the Party, etc.
_ANNIVERSARY_BASES = (
    (re.compile(r"中华人民共和国成立|新中国成立|共和国成立|建国"), 1949),
    (re.compile(r"中国共产党成立|建党"), 1921),
    (re.compile(r"改革开放"), 1978),
    (re.compile(r"人民军队|建军|中国人民解放军建军"), 1927),
    (re.compile(r"抗日战争胜利|抗战胜利|世界反法西斯战争胜利"), 1945),
)
_ANNIVERSARY = re.compile(r"今年是([^。；，]{0,30}?)(\d{1,3})周年")
_HOLIDAY = re.compile(
    r"((?:19|20)\d{2})年(元旦|新年|春节|新春)(将至|来临|即将来临|即将到来|前夕|到来之际)"
)
_THIS_YEAR = re.compile(r"今年是((?:19|20)\d{2})年")
# 今年是“十五五”规划开局之年: five-year plans run 1966–1970 (三五) … 2021–2025 (十四五).
_PLAN_YEAR = re.compile(
    r"今年是[^。；]{0,16}?[“\"]?(十[一二三四五六七八九]|[三四五六七八九])五[”\"]?(?:规划|时期)?"
    r"(?:的|实施的)?(开局之年|开局年|起步之年|收官之年|收官年|决胜之年|第([一二三四五])年)"
)
# 2026年春季植树造林推进会 held on 3月2日: work named for the season it is held in.
_SEASON_YEAR = re.compile(r"((?:19|20)\d{2})年(?:春季|春耕|春播|春运|一季度|第一季度|首季度|开春)")
_PLAN_OFFSET = {
    "开局之年": 0,
    "开局年": 0,
    "起步之年": 0,
    "收官之年": 4,
    "收官年": 4,
    "决胜之年": 4,
}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int


def iso(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _valid(month: int | None, day: int | None) -> bool:
    return month is not None and day is not None and 1 <= month <= 12 and 1 <= day <= 31


def find_dates(simple: str) -> list[DateMention]:
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _FULL.finditer(simple):
        year, month, day = cn_int(m.group(1)), cn_int(m.group(2)), cn_int(m.group(3))
        if _valid(month, day) and year:
            assert month is not None and day is not None
            out.append(DateMention(m.start(), m.end(), year, month, day))
            taken.append((m.start(), m.end()))
    for m in _MONTH_DAY.finditer(simple):
        if any(s <= m.start() < e for s, e in taken):
            continue
        month, day = int(m.group(1)), int(m.group(2))
        if _valid(month, day):
            out.append(DateMention(m.start(), m.end(), None, month, day))
    out.sort(key=lambda d: d.start)
    return out


def infer_year(simple: str, month: int) -> int | None:
    """The year of an event dated only by month and day, from evidence in the text."""
    for m in _HOLIDAY.finditer(simple):
        year = int(m.group(1))
        return year - 1 if month >= 11 else year
    m2 = _THIS_YEAR.search(simple)
    if m2:
        return int(m2.group(1))
    m4 = _SEASON_YEAR.search(simple)
    if m4 and month <= 5:
        return int(m4.group(1))
    m3 = _PLAN_YEAR.search(simple)
    if m3:
        plan = cn_int(m3.group(1))
        nth = cn_int(m3.group(3)) if m3.group(3) else None
        offset = nth - 1 if nth else _PLAN_OFFSET[m3.group(2)]
        if plan is not None and plan >= 3:
            return 1966 + 5 * (plan - 3) + offset
    for m in _ANNIVERSARY.finditer(simple):
        subject, count = m.group(1), int(m.group(2))
        for pattern, base in _ANNIVERSARY_BASES:
            if pattern.search(subject):
                return base + count
    return None


def year_before(published: str | None, month: int, day: int) -> int | None:
    """The year of 月/日 in a page published on ``published`` (ISO): news reports what has
    happened, so a date after the publication day belongs to the year before."""
    if not published:
        return None
    m = re.match(r"((?:19|20)\d{2})-(\d{2})-(\d{2})$", published)
    if not m:
        return None
    year, pm, pd = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return year if (month, day) <= (pm, pd) else year - 1


def document_date(
    simple: str, date_line: str | None, head_chars: int = 400, published: str | None = None
) -> tuple[str | None, int | None]:
    """(ISO date of the document or its event, year) from the date line or the lead paragraph.

    ``published`` (the page's labelled publication date) settles a missing year only when
    the text itself gives none.
    """
    if date_line:
        found = find_dates(date_line)
        if found and found[0].year:
            d = found[0]
            return iso(d.year, d.month, d.day), d.year
    # A notice is dated by its last line (the signing date) when that line is a bare date.
    last = simple.rstrip().rsplit("\n", 1)[-1].strip()
    tail = find_dates(last)
    if tail and tail[0].year and tail[0].end - tail[0].start >= len(last) - 2:
        d = tail[0]
        return iso(d.year, d.month, d.day), d.year
    # 6月30日前通车 is a deadline, not the day the text is about.
    found = [
        d
        for d in find_dates(simple)
        if d.start < head_chars and not re.match(r"(?:前|以前|之前|起|以来|至今)", simple[d.end :])
    ]
    if not found:
        year = infer_year(simple, 6)
        return None, year
    d = found[0]
    year = d.year or infer_year(simple, d.month) or year_before(published, d.month, d.day)
    return iso(year, d.month, d.day), year
