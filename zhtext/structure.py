"""Stage 4: title, date line, speaker, numbered sections, paragraphs and enumerations.

Every pattern runs on the Simplified text, which is aligned with the original, so spans
found here are spans of ``Document.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhtext.model import Enumeration, Section, Span, Structure
from zhtext.numerals import cn_int

_CN = "一二三四五六七八九十"
_HEADINGS = (
    (1, re.compile(rf"^([{_CN}]{{1,3}})、")),
    (2, re.compile(rf"^[（(]([{_CN}]{{1,3}})[）)]")),
    (3, re.compile(r"^(\d{1,2})[.、．](?!\d)")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]")),
)
_DATE_LINE = re.compile(
    r"^[—\-－\s（(]*(\d{4}|[〇零一二三四五六七八九]{4})年\d{0,2}[^\n]{0,4}月[^\n]{0,4}日"
)
_SPEAKER = re.compile(
    r"^(?P<title>[\u4e00-\u9fff（）]{0,24}?(?:县长|市长|省长|区长|州长|旗长|盟长|主席|主任|书记|"
    r"乡长|镇长|部长|总理))[\s　]*(?P<name>[\u4e00-\u9fff]{2,4})$"
)
_SALUTATION = re.compile(r"^(各位代表|同志们|各位委员)")
# Enumeration families: 一要…二要…, 一是…二是…, 第一，…第二，…
_ENUM_FAMILIES = (
    ("要", re.compile(rf"(?:^|(?<=[。；！：，\n]))([{_CN}]{{1,2}})要(?![求素点])")),
    ("是", re.compile(rf"(?:^|(?<=[。；！：，\n]))([{_CN}]{{1,2}})是")),
    ("第", re.compile(rf"(?:^|(?<=[。；！：，\n]))第([{_CN}]{{1,2}})[，、：]")),
)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _heading_title(line: str, marker_end: int) -> str:
    rest = line[marker_end:].strip()
    cut = re.search(r"[。！]", rest)
    if cut and len(rest) > 50:
        rest = rest[: cut.start()]
    return rest


def find_sections(text: str, simple: str) -> tuple[Section, ...]:
    found: list[tuple[int, int, str, str, int]] = []  # start, level, number, title, line_end
    for start, end in _lines(simple):
        line = simple[start:end]
        for level, pattern in _HEADINGS:
            m = pattern.match(line)
            if m and cn_int(m.group(1)) is not None:
                title = _heading_title(simple[start:end], m.end())
                if title:
                    found.append((start, level, m.group(1), title, end))
                break
    sections: list[Section] = []
    for i, (start, level, number, title, _end) in enumerate(found):
        stop = len(text)
        for later in found[i + 1 :]:
            if later[1] <= level:
                stop = later[0] - 1 if later[0] > 0 else later[0]
                break
        sections.append(
            Section(number=number, level=level, title=title, start=start, end=max(stop, start))
        )
    return tuple(sections)


def find_enumerations(simple: str) -> tuple[Enumeration, ...]:
    """Runs of ordinals 一…二…三… of one family; a lone 一是 is not an enumeration."""
    items: list[Enumeration] = []
    for marker, pattern in _ENUM_FAMILIES:
        hits = [(m.start(), m.end(), cn_int(m.group(1))) for m in pattern.finditer(simple)]
        run: list[tuple[int, int, int]] = []
        for start, end, ordinal in hits:
            if ordinal is None:
                continue
            if run and ordinal == run[-1][2] + 1:
                run.append((start, end, ordinal))
                continue
            items.extend(_close_run(simple, marker, run))
            run = [(start, end, ordinal)] if ordinal == 1 else []
        items.extend(_close_run(simple, marker, run))
    items.sort(key=lambda e: e.start)
    return tuple(items)


def _close_run(simple: str, marker: str, run: list[tuple[int, int, int]]) -> list[Enumeration]:
    if len(run) < 2:
        return []
    out: list[Enumeration] = []
    for i, (start, _end, ordinal) in enumerate(run):
        if i + 1 < len(run):
            stop = run[i + 1][0]
        else:
            # The last item ends with its sentence: what follows is the speaker's coda.
            m = re.compile(r"[。！\n]").search(simple, start)
            stop = m.end() if m else len(simple)
            if m and m.group(0) == "\n":
                stop = m.start()
        seg_end = stop
        while seg_end > start and simple[seg_end - 1] in "；，、。！\n ":
            seg_end -= 1
        out.append(
            Enumeration(
                marker=marker, ordinal=ordinal, text=simple[start:seg_end], start=start, end=seg_end
            )
        )
    return out


# A newspaper stacks a kicker (引题) above the headline (主题): a long slogan of two phrases
# joined by 、，or a space, then the shorter headline itself. A sub-headline (副题) comes below,
# opened by a dash or a bracket, and is never the title.
_KICKER_JOINS = re.compile(r"[、，,；]|\S\s+\S")
_SUBHEAD_OPENING = ("—", "－", "-", "（", "(", "<", "《")


def _is_title_like(line: str) -> bool:
    return (
        len(line) <= 60
        and not line.endswith(("。", "；"))
        and not any(p.match(line) for _, p in _HEADINGS)
    )


def _headline_under_kicker(kicker: str, line: str) -> bool:
    """`line`, right under the title line `kicker`, is the headline that a long slogan
    introduces. A kicker that names the event (某某在参加…审议时强调) stays the title: it says what
    happened and who, where the quotation under it does not (seed 001's gold)."""
    return (
        len(kicker) >= 24
        and _KICKER_JOINS.search(kicker) is not None
        and 8 <= len(line) <= 40
        and len(line) * 4 <= len(kicker) * 3
        and not line.startswith(_SUBHEAD_OPENING)
        and _is_title_like(line)
        and not _DATE_LINE.match(line)
        and not _SPEAKER.match(line)
    )


def structure(text: str, simple: str) -> Structure:
    lines = list(_lines(simple))
    title = date_line = speaker = None
    title_line = ""  # the title's line as read (Simplified), while the next may replace it
    for idx, (start, end) in enumerate(lines[:8]):
        line = simple[start:end].strip()
        if not line:
            continue
        if _SALUTATION.match(line):
            break
        if date_line is None and _DATE_LINE.match(line) and len(line) <= 80:
            date_line = text[start:end].strip()
            continue
        if speaker is None and _SPEAKER.match(line):
            speaker = text[start:end].strip()
            continue
        if title_line and _headline_under_kicker(title_line, line):
            title, title_line = text[start:end].strip(), ""
            continue
        title_line = ""
        if title is None and idx <= 3 and len(line) <= 60 and not line.endswith(("。", "；")):
            if not any(p.match(line) for _, p in _HEADINGS):
                title, title_line = text[start:end].strip(), line
            continue
        if len(line) > 60:
            break
    paragraphs = tuple(Span(s, e) for s, e in lines if e > s)
    return Structure(
        title=title,
        date_line=date_line,
        speaker=speaker,
        sections=find_sections(text, simple),
        paragraphs=paragraphs,
        enumerations=find_enumerations(simple),
    )
