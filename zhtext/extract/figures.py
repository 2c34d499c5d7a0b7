"""The grammar of figures: values with units, growth rates, ranks and target phrases.

Shared by indicators (reported actuals), targets (goals) and commitments (undertakings).
All patterns run on Simplified text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from zhtext.lexicon import indicator_pattern, unit_pattern
from zhtext.numerals import cn_int

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A rank's scope: 全国/全省…, or a counted group of peers (中部六省, 西部12省区市, 全省16个设区市,
# 临汾山区十县, 长三角41城). The group's qualifier holds no verb of ranking.
_RANK_SCOPE = (
    r"(?:全国|全省|全市|全区|全州|全盟|全县|"
    r"(?:(?![居位列排在于速的是为第进入跻身])[\u4e00-\u9fff]){1,8}?[一二三四五六七八九十百\d]+个?"
    r"(?:省区市|省市区|县市区|县市|省份|省区|省市|县区|区县|市州|州市|地市|设区市|城市|"
    r"省|市|县|区|城|强县|强市))"
)
_CN_ORD = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"


@lru_cache(maxsize=1)
def value_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<verb>完成|达到|达|实现|为|突破|超过|总量为|总量达|总量|总额|总计|累计|共|新增|增加)?\s*"
        rf"(?P<approx>近|约|超)?(?P<num>{NUM})(?P<more>余|多)?\s*(?P<unit>{unit_pattern()})"
    )


GROWTH = re.compile(
    rf"(?P<verb>同比增长|同比增加|增长|增速为|增速|增幅为|增幅|涨幅为?|提高了?|提升了?|上涨|"
    rf"同比下降|下降了?|减少了?|降低了?|回落|下降)\s*(?P<num>{NUM})\s*(?P<unit>%|个百分点|百分点|倍)"
)
_DOWN = re.compile(r"下降|减少|降低|回落|压减|缩减|下调")
RANK = re.compile(
    rf"(?P<scopes>{_RANK_SCOPE}(?:、{_RANK_SCOPE})*)(?:排名|排|居|位居|位列|列)?第(?P<rank>{_CN_ORD})(?:位|名)?"
    rf"|(?:位居|居|位列|排名|排)(?P<scope2>{_RANK_SCOPE})第(?P<rank2>{_CN_ORD})(?:位|名)?"
)
# 增速排名第3位 after 总量全省排名第15位: the scope is the one named before.
RANK_BARE = re.compile(rf"(?:排名|排位|排|位居|居|位列|列)第(?P<rank>{_CN_ORD})(?:位|名)?")
# 进入全国前十, 跻身全省前三: a place among the first N, the exact rank unknown.
RANK_TOP = re.compile(
    rf"(?:进入|跻身|位居|居|位列|稳居|保持)(?P<scope>{_RANK_SCOPE})(?:前|前列|第一方阵)(?P<n>{_CN_ORD})?(?:位|名|强)?"
)
RANK_CHANGE = re.compile(
    rf"(?P<scope>{_RANK_SCOPE})?(?:排名|排位|位次)?(?P<verb>前进|前移|上升|提升|提高|进位|后退|后移|下降|下滑|倒退)了?"
    rf"(?P<num>{_CN_ORD})(?:个)?(?:位|名|个位次)"
)


@dataclass(frozen=True)
class Figure:
    value: float | None
    unit: str | None
    start: int
    end: int


def to_number(s: str) -> float:
    """A figure as written (3,456.5) as a float."""
    return float(s.replace(",", ""))


# A share of a named quantity: 税收收入占比, 第三产业增加值比重, 税收收入占一般公共预算收入比重.
_SHARE_SUFFIX = re.compile(r"占比|比重|占[\u4e00-\u9fffA-Z]{2,14}?(?:的)?比重")


# A lexicon name followed by these is part of a longer noun naming something else.
_LONGER_NOUN = re.compile(
    r"企业|单位|项目|园区|户数|家数|个数|数量|主体|产品|行业|总产值|产值|营业收入|营收|利润|用电量"
)


def find_indicator_names(clause: str) -> list[tuple[int, int, str]]:
    """(start, end, name as written) for the indicator names in the clause, left to right: a
    lexicon name, with a share suffix (税收收入占比), a modifier before it (人均地区生产总值) or
    the rest of a longer noun phrase it opens (规模以上工业战略性新兴产业增加值)."""
    out: list[tuple[int, int, str]] = []
    for m in indicator_pattern().finditer(clause):
        if out and m.start() < out[-1][1]:
            continue  # inside the share phrase of the name before
        start = m.start()
        modifier = _MODIFIER_BEFORE.search(clause, 0, start)
        if modifier is not None and modifier.end() == start:
            start = modifier.start()
        elif not out:
            start = _noun_before(clause, start)
        longer = _longer_phrase(clause, m.end())
        if longer is not None:
            out.append((start, longer, clause[start:longer]))
            continue
        if _LONGER_NOUN.match(clause, m.end()):
            continue  # 规上工业企业 counts firms; it is not 规上工业(增加值)
        share = _SHARE_SUFFIX.match(clause, m.end())
        end = share.end() if share else m.end()
        out.append((start, end, clause[start:end]))
    return out


# Words that make a lexicon name another quantity when they stand right before it.
_MODIFIER_BEFORE = re.compile(r"(?:人均|万元|单位)$")


def _noun_before(clause: str, start: int) -> int:
    """Where the noun phrase a lexicon name ends really begins: 空气质量 + 优良天数比率,
    农产品 + 进出口额, after the clause's opening words (全年, 实现, 其中…)."""
    lead = _NAME_PREFIX.match(clause)
    begin = lead.end() if lead else 0
    words = clause[begin:start]
    if not (2 <= len(words) <= 6) or not re.fullmatch(r"[\u4e00-\u9fff]+", words):
        return start
    if _NAME_STOP.search(words) or re.search(r"[和及与、]|分别|其中|全年|今年", words):
        return start
    return begin


def _longer_phrase(clause: str, end: int) -> int | None:
    """Where a noun phrase that a lexicon name opens really ends, when it runs on to a head
    of its own (…工业 + 战略性新兴产业增加值): None when the name ends where it matched."""
    stop = _NAME_STOP.search(clause, end)
    tail = clause[end : stop.start() if stop else len(clause)]
    if not (1 <= len(tail) <= 16) or not re.fullmatch(r"[\u4e00-\u9fff]+", tail):
        return None
    if re.search(r"[和及与、]|分别|其中|占", tail):
        return None
    head = _GENERIC_HEAD.search(clause[max(0, end - 4) : end + len(tail)])
    return end + len(tail) if head is not None else None


# Heads that end a generic indicator name never seen in the lexicon.
_GENERIC_HEAD = re.compile(
    r"(?:总值|总额|增加值|收入|投资|产量|产值|零售额|进出口额|出口额|进口额|余额|利润|营业额|营收|覆盖率|"
    r"出口量|进口量|销量|销售量|发电量|吞吐量|客流量|交易量|成交量|装机容量|用电量|"
    r"达标率|城镇化率|达线率|录取率|改善率|合格率|优良率|签约率|率|指数|天数|占比|比重|比例|"
    r"投入|支出|成交额|交易额|销售收入|业务收入|营业收入|利润总额|业务总量|业务量|货运量|客运量|"
    r"周转量|网络零售额|能耗|能源消耗|二氧化碳排放|用水量|浓度|消费总量|消费量|纯收入|人次|人口|"
    r"生产能力)$"
)
# A name runs until the first verb, figure or rank phrase of the clause.
_NAME_STOP = re.compile(
    r"完成|达到|达|为|实现|突破|超过|增长|增速|增幅|同比|提高|提升|下降|降低|减少|控制|保持|稳定|"
    r"全国|全省|全市|全区|全县|排名|位居|居|与|高于|低于|快于|(?<!人)均|要|力争|累计|只增|正增长|持平|微降|\d"
)
_NAME_PREFIX = re.compile(
    r"^(?:其中|全年|全县|全市|全省|全区|今年|去年|当年|\d{4}年(?:度)?|年度|上半年|前三季度|一年来|累计|实现|完成|我县|我市|我省|"
    r"主要|各项|年末|年底|力争|确保|预计|推动|推进|并|和|及|、)+"
)


_LEADING_YEAR = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?:19|20)\d{2}年(?:度)?")
_VERB_START = re.compile(
    r"^(?:实施|加快|推进|完成|建设|新建|开工|启动|打造|投资|争取|发放|整合|利用)"
)


# An adverb makes the head a verb: 县财政再投入1870万元 is an act, not a quantity's name.
_ADVERB = re.compile(r"(?:[再又还将共]|累计|持续|继续|计划|拟)$")


def generic_name(clause: str) -> tuple[int, int, str] | None:
    """A noun phrase at the start of the clause that names a quantity (…收入, …率)."""
    year = _LEADING_YEAR.match(clause)
    if year:
        # 某企业2024年出口量达到…: the year is the period, not part of the name.
        inner = generic_name(clause[year.end() :])
        if inner is None:
            return None
        return 0, year.end() + inner[1], year.group(1) + inner[2]
    # Opening words (全县, 其中, 全年) may look like stop words: skip them before the stop search.
    lead = _NAME_PREFIX.match(clause)
    skip = lead.end() if lead else 0
    stop = _NAME_STOP.search(clause, max(skip, 1))
    head = clause[: stop.start()] if stop else clause
    if not _GENERIC_HEAD.search(head) or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{3,24}", head):
        return None
    name = _NAME_PREFIX.sub("", head)
    head_word = _GENERIC_HEAD.search(name)
    if (
        _VERB_START.match(name)
        or name.endswith("总投资")
        or (head_word is not None and _ADVERB.search(name[: head_word.start()]))
    ):
        return None  # 实施总投资6000万元 is a project's budget, not an indicator
    if len(name) < 3 or name in {"总量", "总额", "收入", "投资"} or not _GENERIC_HEAD.search(name):
        return None
    return len(head) - len(name), len(head), name


# 城镇新增就业5万人以上、城镇调查失业率5.5%以内: a 、 after a figure, before a word, starts
# the next quantity's clause (5%、6% is a list of figures and stays together).
_LISTED_FIGURE = re.compile(r"(?<=[\d%％元人个户项家吨亩上内右下])、(?=[\u4e00-\u9fff])")


def listed_clauses(clause: str) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a clause that lists quantities each with its figure."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _LISTED_FIGURE.finditer(clause):
        if "分别" in clause[start : m.start()] or clause.startswith("分别", m.end()):
            continue
        out.append((start, clause[start : m.start()]))
        start = m.end()
    out.append((start, clause[start:]))
    return out


@lru_cache(maxsize=1)
def _superseded() -> re.Pattern[str]:
    unit = unit_pattern()
    return re.compile(
        # 突破2000亿元、达到2010亿元: the threshold gives way to the exact figure after it.
        rf"(?:突破|超过|超)\s*(?:{NUM})\s*{unit}\s*[、，,]?\s*(?=达到|达|为)"
        # 从5.5%降到5.3%, 由150亿元增加到218亿元: the starting point is no goal or result.
        rf"|(?:从|由)\s*(?:{NUM})\s*{unit}?\s*(?=(?:降低|下降|降|提高|提升|增加|增长|上升|扩大|减少)?(?:到|至))"
    )


def mask_superseded(text: str, *, thresholds_only: bool = False) -> str:
    """The text with figures that a later one replaces blanked out (same length);
    `thresholds_only`: only 突破X、达到Y (a result's 由X增加到Y is read by its own rule)."""

    def blank(m: re.Match[str]) -> str:
        if thresholds_only and m.group(0)[0] in "从由":
            return m.group(0)
        return " " * len(m.group(0))

    return _superseded().sub(blank, text)


def growth_sign(verb: str) -> float:
    return -1.0 if _DOWN.search(verb) else 1.0


def rank_int(s: str) -> int | None:
    return cn_int(s)


@dataclass(frozen=True)
class Respective:
    """One name of a 分别 list with its own figure."""

    name: str
    verb: str
    value: float
    unit: str
    qualifier: str
    #: The name's own level when the list gives one (城镇…48920元、农村…24310元，分别增长…).
    level: float | None = None
    level_unit: str | None = None


_URBAN_RURAL = re.compile(r"(?:城镇和农村|城乡)(?P<resident>常住)?居民人均可支配收入")
# 第一、二、三产业增加值, 一二三产业增加值: the three sectors, each by its full name.
_SECTORS = re.compile(r"第?一[、，]?(?:第)?二[、，和]?(?:第)?三产业?增加值")
_RESPECTIVE = re.compile(
    r"分别(?P<verb>同比增长|增长|下降|降低|减少|达到|达|为|完成|实现|提高|控制在)?\s*(?P<figs>[^，；。]+)"
)


def respectively(clause: str) -> tuple[list[Respective], int] | None:
    """规上工业增加值、固定资产投资分别增长6.1%、5.3% → one figure per name, in order."""
    names = find_indicator_names(clause)
    m = _RESPECTIVE.search(clause)
    pair = _URBAN_RURAL.search(clause)
    if pair and m and pair.end() <= m.start():
        # 城乡居民人均可支配收入分别增长…: two indicators under one name.
        resident = pair.group("resident") or ""
        names = [
            (pair.start(), pair.end(), f"城镇{resident}居民人均可支配收入"),
            (pair.end(), pair.end(), f"农村{resident}居民人均可支配收入"),
        ]
        figs_only = True
    elif (sectors := _SECTORS.search(clause)) and m and sectors.end() <= m.start():
        names = [(sectors.start(), sectors.end(), f"第{word}产业增加值") for word in "一二三"]
        figs_only = True
    else:
        figs_only = False
        shared = _shared_head(clause, names)
        if shared:
            names, figs_only = shared, True
    if m is not None and len(names) < 2:
        names = _words_listed(clause, m.start()) or names
    if m is None or len(names) < 2 or names[-1][1] > m.start():
        return None
    chain = list(names) if figs_only else [names[0]]
    levels: dict[int, tuple[float, str]] = {}
    level_gap = _level_gap()
    for prev, cur in itertools.pairwise([] if figs_only else names):
        if cur[0] >= m.start():
            break
        gap = clause[prev[1] : cur[0]]
        lg = level_gap.fullmatch(gap)
        if figs_only or re.fullmatch(r"[、和及与]", gap):
            chain.append(cur)
        elif lg and lg.group("num"):
            levels[prev[0]] = (to_number(lg.group("num")), lg.group("unit"))
            chain.append(cur)
        else:
            return None
    if levels:
        last = level_gap.fullmatch(clause[chain[-1][1] : m.start()])
        if last is None or not last.group("num"):
            return None
        levels[chain[-1][0]] = (to_number(last.group("num")), last.group("unit"))
    figure = re.compile(rf"({NUM})\s*({unit_pattern()})\s*(左右|以上|以内|以下)?")
    figs = figure.findall(m.group("figs"))
    if len(figs) != len(chain):
        return None
    verb = m.group("verb") or ""
    qual = {"左右": "about", "以上": "at_least", "以内": "at_most", "以下": "at_most", "": "exact"}
    if figs[-1][2] and not any(q for _num, _unit, q in figs[:-1]):
        # 分别增长5%、6%左右 (or 以上): the word written once after the list holds for all of it.
        figs = [(num, unit, figs[-1][2]) for num, unit, _q in figs]
    out = [
        Respective(
            n[2],
            verb,
            to_number(num),
            unit,
            qual[q],
            levels[n[0]][0] if n[0] in levels else None,
            levels[n[0]][1] if n[0] in levels else None,
        )
        for n, (num, unit, q) in zip(chain, figs, strict=True)
    ]
    return out, chain[0][0]


_WORD_LIST = re.compile(r"([\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+)$")


def _words_listed(clause: str, at: int) -> list[tuple[int, int, str]] | None:
    """进口、出口分别增长2%、4%左右: short words that are all the clause names before 分别
    are the names of its figures, as written."""
    lead = _NAME_PREFIX.match(clause)
    begin = lead.end() if lead else 0
    listed = _WORD_LIST.search(clause, begin, at)
    if listed is None or listed.start() != begin or _NAME_STOP.search(listed.group(1)):
        return None
    out, position = [], listed.start()
    for word in listed.group(1).split("、"):
        out.append((position, position + len(word), word))
        position += len(word) + 1
    return out


_LIST_BEFORE = re.compile(r"((?:[\u4e00-\u9fff]{1,4}、)+)$")


def _shared_head(
    clause: str, names: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]] | None:
    """城镇、农村居民人均可支配收入: words listed before a name share its rest; each gets the
    whole name (城镇居民人均可支配收入, 农村居民人均可支配收入)."""
    if not names:
        return None
    start, end, name = names[0]
    listed = _LIST_BEFORE.search(clause, 0, start)
    if listed is None:
        return None
    words = listed.group(1).rstrip("、").split("、")
    width = len(words[-1])
    if any(len(w) != width for w in words) or width >= len(name):
        return None
    rest = name[width:]
    out = [(listed.start(), listed.start(), w + rest) for w in words]
    return [*out, (start, end, name)]


@lru_cache(maxsize=1)
def _level_gap() -> re.Pattern[str]:
    """What may stand between two names of a 分别 list: the first name's own level."""
    return re.compile(
        rf"(?:为|达到|达|完成)?\s*(?P<num>{NUM})\s*(?P<unit>{unit_pattern()})\s*[、和及与，,]?\s*"
    )
