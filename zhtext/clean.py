"""Stage 2: from decoded page text to the cleaned text every offset refers to.

Order matters: ruby readings are removed before width normalisation (they sit in ASCII
parentheses), and boilerplate is judged on the Simplified form of each line so one set of
patterns serves both scripts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zhtext.corrupt import find_corrupt_spans
from zhtext.model import Span
from zhtext.ruby import repair_ruby
from zhtext.script import simplified_table
from zhtext.unwrap import unwrap

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a]+")
_CJK = r"\u3400-\u9fff"

# Full-width letters, digits and the signs used in figures become ASCII.
_WIDTH: dict[int, int | str] = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDTH.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+", ord("＝"): "="})
_HALF_TO_FULL = {",": "，", ";": "；", "(": "（", ")": "）", "!": "！", ":": "："}

_BOILERPLATE = re.compile(
    r"主办单位|承办单位|协办单位|主办[:：]|承办[:：]|ICP备|ICP证|公网安备|网安备|版权所有|"
    r"Copyright|©|All Rights Reserved|版权声明|免责声明|举报电话|举报邮箱|违法和不良信息|"
    r"网站标识码|网站地图|联系我们|分辨率|浏览器|最佳浏览|浏览效果|严禁上网|许可证编号|"
    r"信息服务许可证|节目许可证|经营许可证|当前位置|扫一扫|手机扫描|微信扫|用手机看|"
    r"^(?:发布时间|发布日期|浏览次数|点击数|阅读数|访问量|来源|信息来源)[:：]",
    re.I,
)
_WIDGET_WORD = (
    r"(?:分享到?|打印(?:本页|此页|文章)?|列印(?:本页|此页)?|关闭(?:窗口|视窗|本页)?|收藏(?:本页)?|"
    r"返回顶部|返回|字号|字体|默认|大|中|小|纠错|我要纠错|下载|视力保护色|放大|缩小|微信|微博|"
    r"QQ空间|QQ|复制链接|朗读|语音播报)"
)
# Widget lines: 【打印本页】【关闭窗口】, [ 打印 ] [ 关闭 ], 【列印本頁】 (Taiwan wording),
# 字号：大 中 小.
_WIDGET = re.compile(rf"^(?:[\[【(（]?\s*{_WIDGET_WORD}\s*[\]】)）]?[\s:：|/·]*)+$")
# Pager and related-links lines under an article.
_PAGER = re.compile(
    r"^(?:上一篇|下一篇|上一条|下一条|相关链接|相关阅读|相关新闻|相关文章|热点推荐)(?:[:：]|$)"
)
# A navigation bar: three or more short items separated by | (首页 | 政务公开 | 办事服务).
_NAV_BAR = re.compile(r"^[^\s|｜，。；]{1,10}(?:\s*[|｜]\s*[^\s|｜，。；]{1,10}){2,}$")
_TIMESTAMP = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SITE_SELF = re.compile(r"本站|本网|网站|客户端")
_SITE_TERMS = re.compile(r"版权|转载|免责|声明|注明|来源|资质|许可|联系|举报|链接|镜像|授权")
_NAV = re.compile(r"^(?:[^\s>»]{1,10}\s*[>»]\s*){2,}[^\s>»]{1,12}$")
_BYLINE = re.compile(
    r"^(?:文[/／]图|图[/／]文|文|图|记者|通讯员|责任编辑|责编|编辑|作者|审核|校对|撰稿|摄影)"
    r"[\s:：/]"
)


# 发布时间：2026-01-22 10:31 — the page's own publication date, kept as metadata: it bounds
# the year of an event the text dates only by month and day.
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发表时间|更新时间|成文日期|日期|时间)[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*"
    r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)


@dataclass(frozen=True)
class Cleaned:
    text: str
    ruby_removed: int
    boilerplate_lines: int
    bylines: tuple[str, ...]
    corrupt_spans: tuple[Span, ...]
    #: ISO date from a labelled publication line (发布时间：…), if the page has one.
    published: str | None = None
    #: The government whose site published the page (来源：泸州市人民政府网 → 泸州市).
    publisher: str | None = None


_PUBLISHER = re.compile(r"(?:来源|信息来源|稿源)[:：]\s*([\u4e00-\u9fff]{2,12}?)(?:人民政府|政府)")


def publisher_of(simple_line: str) -> str | None:
    m = _PUBLISHER.search(simple_line)
    return m.group(1) if m else None


def published_date(simple_line: str) -> str | None:
    m = _PUBLISHED.search(simple_line)
    if not m:
        return None
    month, day = int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{m.group(1)}-{month:02d}-{day:02d}"


def normalise_width(text: str) -> str:
    """ASCII digits/letters; Chinese punctuation where ASCII punctuation sits among Chinese."""
    text = text.translate(_WIDTH)

    def full(m: re.Match[str]) -> str:
        ch = m.group(0)
        s, e = m.start(), m.end()
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        if ch in ",:" and before.isdigit() and after.isdigit():
            return ch  # 1,000 and 11:08 stay
        if re.match(rf"[{_CJK}“”》）]", before) or re.match(rf"[{_CJK}“《（]", after):
            return _HALF_TO_FULL[ch]
        return ch

    return re.sub(r"[,;()!:]", full, text)


# The metadata line under a headline: 时间：2026-01-22 来源：某某日报 作者：某某 【字体：大 中 小】.
_META_LABEL = re.compile(
    r"(?:发布时间|发布日期|发布|更新时间|时间|日期|来源|作者|浏览次数|浏览|点击数?|阅读数?|字体|字号|编辑)"
    r"\s*[:：]"
)
_LEADING_STAMP = re.compile(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def _is_meta_line(line: str) -> bool:
    if len(line) > 120:
        return False
    labels = len(_META_LABEL.findall(line))
    return labels >= 2 or (labels >= 1 and bool(_LEADING_STAMP.match(line)))


def is_boilerplate(simple_line: str) -> bool:
    """Whether one line (Simplified form) is site chrome rather than document content."""
    line = simple_line.strip()
    if _is_meta_line(line):
        return True
    if (
        _TIMESTAMP.match(line)
        or _WIDGET.match(line)
        or _NAV.match(line)
        or _NAV_BAR.match(line)
        or _PAGER.match(line)
    ):
        return True
    if len(line) <= 200 and _BOILERPLATE.search(line):
        return True
    return bool(len(line) <= 200 and _SITE_SELF.search(line) and _SITE_TERMS.search(line))


def is_byline(simple_line: str) -> bool:
    line = simple_line.strip()
    return len(line) <= 80 and bool(_BYLINE.match(line)) and "。" not in line


def clean(raw: str) -> Cleaned:
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    text, ruby_removed = repair_ruby(text)
    text = normalise_width(text)
    table = simplified_table(text)
    kept: list[str] = []
    bylines: list[str] = []
    dropped = 0
    published: str | None = None
    publisher: str | None = None
    indented: list[bool] = []  # a kept line began indented: a paragraph's first line
    for raw_line in text.split("\n"):
        line = _SPACES.sub(" ", raw_line).strip()
        if not line:
            continue
        simple = line.translate(table)
        if is_byline(simple):
            bylines.append(simple)
            continue
        if is_boilerplate(simple):
            published = published or published_date(simple)
            publisher = publisher or publisher_of(simple)
            if published is None and len(kept) <= 3 and _LEADING_STAMP.match(simple):
                # A timestamp at the head of the page is its publication time; lists of
                # timestamps (related links) come after the text.
                published = published_date("时间：" + simple)
            dropped += 1
            continue
        kept.append(line)
        indented.append(raw_line[:2] in {"\u3000\u3000", "  "} or raw_line.startswith("\t"))
    out = "\n".join(unwrap(kept, indented))
    return Cleaned(
        text=out,
        ruby_removed=ruby_removed,
        boilerplate_lines=dropped,
        bylines=tuple(bylines),
        corrupt_spans=find_corrupt_spans(out),
        published=published,
        publisher=publisher,
    )
