"""Events: symposia, deliberations, site inspections, meetings and congress sessions.

Each kind is recognised by its trigger words and read with the same small grammar:
who (a person of the sentence), where (after 在 / 来到), with whom (与…、出席/参加 lists,
…等代表发言), about what (围绕…等方面, 就《…》).
"""

from __future__ import annotations

import re

from zhtext.extract.context import Context, Sentence
from zhtext.model import Event, Person

_SYMPOSIUM = re.compile(r"座谈会|征求意见")
_DELIBERATION = re.compile(r"代表团.{0,16}(?:审议|全团会议)|审议.{0,12}报告")
_SUMMARY = re.compile(r"总结交流会|总结会|经验交流会|总结大会|交流会")
_MEETING = re.compile(r"(?:召开|举行|主持)[^，。]{0,16}(?:会议|大会|推进会|部署会|调度会|座谈会)")
_VISIT = re.compile(
    r"来到|走进|前往|走访|实地察看|实地查看|深入[^，。]{1,16}(?:调研|考察|检查)|(?:先后|分别)深入|深入到|"
    r"[到赴][^，。]{2,16}(?:调研|考察|检查|督导)|"
    r"在(?:(?!会见|接见|会谈|看望|主持|召开|出席)[^，。；在]){2,12}?(?:调研|考察|检查|督导|视察)"
)
_PLACE_AFTER_ZAI = re.compile(r"在([^，。；、在]{2,20}?)(?:主持召开|主持|召开|举行|参加|出席)")
_TO_VISIT = re.compile(r"(?:(?<![来达得])到|赴)([^，。；]{2,16}?)(?:调研|考察|检查|督导)")
_VISIT_OBJECT = re.compile(
    r"(?:还)?(?:随机|专程|冒雨|一同)?(?:先后|分别)?(?:来到|走进|前往|走访|深入到|(?<=先后|分别)深入)"
    r"([^，。；]{2,48}?)(?=[，。；]|$|，|调研|考察|检查)"
)
# 省委常委、常务副省长陈卫华在赣州市调研…: the place of the visit follows 在.
# 3月2日，某某镇召开…推进会: a place as the subject of 召开 is where the meeting is held.
_SUBJECT_PLACE = re.compile(
    r"^(?:[^，。]{0,12}，)?((?!全|我|本|该|各)[^，。、\s]{1,10}?(?:省|市|县|区|旗|镇|乡|街道|村|社区))"
    r"(?:召开|举行)"
)
# 主持召开常务会议，研究部署春节前后安全生产和市场保供工作 → the meeting's agenda.
_AGENDA = re.compile(
    r"(?:研究部署|研究|部署|专题研究|传达学习)([^，。；]{2,40}?)(?:等)?(?:工作|事项|问题|精神)?(?=[，。；]|$)"
)
_AT_VISIT = re.compile(
    r"在((?:(?!会见|接见|会谈|看望|主持|召开|出席)[^，。；在]){2,12}?)(?:调研|考察|检查|督导|视察)"
)
# 省委书记黄永明在南昌会见来赣考察的集团董事长周育先一行: a meeting with guests.
_RECEPTION = re.compile(r"会见|接见|会谈")
# 县长杨晓峰，县人大常委会主任孔德胜参加审议 / 王振宇陪同调研: everyone named joins the event.
_ATTENDANCE = re.compile(
    r"(?:参加|出席|陪同|一同)(?P<what>审议|会议|座谈会?|调研|考察|检查|视察|活动|交流会|总结会|会见|会谈)?"
    r"(?:并讲话|并发言|并致辞|并作总结讲话)?[。；！]?$"
)
_ATTENDS_KIND = {
    "审议": ("deliberation",),
    "调研": ("inspection",),
    "考察": ("inspection",),
    "检查": ("inspection",),
    "视察": ("inspection",),
    "座谈": ("symposium",),
    "座谈会": ("symposium",),
    "交流会": ("summary_meeting",),
    "总结会": ("summary_meeting",),
}
_WITH = re.compile(r"与(?:来自)?([^。；]{2,80}?)(?:面对面)?(?:交流|座谈|共同审议|一起)")
_HEARD = re.compile(r"听取([^。；，]{2,60}?)(?:的|对)[^。；，]{0,12}(?:意见|汇报|情况介绍)")
# 调研秋粮收获、农田水利建设和安全生产工作 → the topics of the visit.
_VISIT_TOPICS = re.compile(
    r"(?:调研|考察|检查|督导|视察)+([^，。；]{2,60}?)(?:等)?(?:工作|情况)?(?=[，。；]|$)"
)
_ATTEND = re.compile(
    r"((?:[\u4e00-\u9fff]{2,4}、)*[\u4e00-\u9fff]{2,4})(?:等)?(?:参加|出席(?:会议)?)(?:[。，]|$)"
)
_SPEAKERS = re.compile(
    r"((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})等[^，。]{0,6}?(?:代表|委员|同志)?[^，。]{0,4}发言"
)
_ORG_SPEAKERS = re.compile(
    r"((?:[^，。；、\n]{2,12}、)+[^，。；、\n]{2,12}?)负责同志[^。]{0,8}发言"
)
_TOPICS = re.compile(r"围绕([^。；]{4,200}?)等(?:方面|问题|议题|话题|内容)")
_BOOK = re.compile(r"《([^》]{2,40})》")
_DELEGATION = re.compile(r"([^\s，。、；的在加与和会议届次]{2,8}代表团)")
_CONGRESS = re.compile(
    r"在(.{2,20}?第[一二三四五六七八九十]+届人民代表大会第[一二三四五六七八九十]+次会议)上"
)


def _host(sentence: Sentence, names: dict[str, Person], before: str | None = None) -> str | None:
    """The first person of the sentence, or the last one before the trigger word ``before``."""
    text = sentence.text
    limit = text.find(before) if before and before in text else len(text)
    found = [(text.find(n), n) for n in names if 0 <= text.find(n) < limit]
    if not found:
        return None
    return (max(found) if before else min(found))[1]


_CONNECTIVE = re.compile(
    r"(?:随后|之后|其间|期间|接着|还|又|并|先后|随即|当天|上午|下午|(?:他|她)(?:们)?.{0,6})*"
)


def _visits(text: str, at: int, host: str) -> bool:
    """Whether the host is who makes the visit told at ``at``: named (or a pronoun or a bare
    connective) in the same clause. 代表团赴吉林学习考察 in 郝鹏's speech is not his visit."""
    start = max(text.rfind(c, 0, at) for c in "，。；：") + 1
    subject = text[start:at]
    return host in subject or bool(_CONNECTIVE.fullmatch(subject))


def _people_in(fragment: str, names: dict[str, Person], host: str | None) -> list[str]:
    found = sorted((fragment.find(n), n) for n in names if n in fragment and n != host)
    return [n for _, n in found]


def _participants_with(text: str) -> list[str]:
    """与来自A、B、C的干部群众代表，以及…党支部代表交流 → A干部群众代表, …"""
    m = _WITH.search(text)
    if not m:
        heard = _HEARD.search(text)
        return [p for p in re.split(r"、|和|及", heard.group(1)) if p] if heard else []
    out: list[str] = []
    for group in re.split(r"，?以及|，", m.group(1)):
        group = re.sub(r"^(?:他|她)?所?联系的|^来自", "", group.strip())
        if "的" in group:
            sources, _, who = group.rpartition("的")
            for src in sources.split("、"):
                src = src.strip()
                if src:
                    out.append(f"{src}{who}")
        elif group:
            out.append(re.sub(r"^(?:他|她)所联系的", "", group))
    return out


def extract_events(
    ctx: Context, people: tuple[Person, ...], doc_date: str | None
) -> tuple[Event, ...]:
    names = {p.name: p for p in people}
    events: list[Event] = []
    sentences = ctx.sentences
    # Congress session: the date line of a work report.
    if ctx.doc_type == "work_report" and ctx.structure.date_line:
        from zhtext.script import to_simplified

        line = to_simplified(ctx.structure.date_line)
        m = _CONGRESS.search(line)
        # The reporting official comes first among the people when the report names one.
        speaker = next(iter(names), None) if ctx.structure.speaker else None
        events.append(
            Event(
                kind="congress_session",
                date=doc_date,
                place=None,
                host=speaker,
                participants=(),
                topics=(m.group(1),) if m else (),
            )
        )
    used: set[str] = set()
    last_person: str | None = None
    starts: list[int] = [0] * len(events)  # where each event is told (its sentence's start)
    for idx, sent in enumerate(sentences):
        starts.extend([sentences[idx - 1].start] * (len(events) - len(starts)))
        text = sent.text
        mentioned = _host(sent, names)
        if mentioned:
            last_person = mentioned
        following = "".join(s.text for s in sentences[idx + 1 : idx + 3])
        if (
            "symposium" not in used
            and _SYMPOSIUM.search(text)
            and re.search(r"召开|主持|举行", text)
        ):
            host = _host(sent, names, "主持") or _host(sent, names)
            pm = _PLACE_AFTER_ZAI.search(text)
            topics = list(_BOOK.findall(text))
            groups = _participants_with(text) or _participants_with(following)
            if host is None:
                # A headline names the meeting, the lead its chair: 县长某某主持召开座谈会.
                for later in sentences[idx + 1 : idx + 3]:
                    if "主持" in later.text and (host := _host(later, names, "主持")):
                        pm = pm or _PLACE_AFTER_ZAI.search(later.text)
                        topics = topics or list(_BOOK.findall(later.text))
                        break
            events.append(
                Event(
                    "symposium",
                    doc_date,
                    pm.group(1) if pm else None,
                    host,
                    tuple(groups),
                    tuple(topics),
                )
            )
            used.add("symposium")
            continue
        if "deliberation" not in used and _DELIBERATION.search(text):
            host = _host(sent, names)
            if host is None:
                # 代表团举行全体会议，审议…。省委书记某某参加审议: the leader who joins hosts.
                for later in sentences[idx + 1 : idx + 4]:
                    if re.search(r"参加[^，。]{0,12}审议|主持", later.text):
                        host = _host(later, names)
                        if host:
                            break
            window = text + "".join(s.text for s in sentences[idx + 1 : idx + 6])
            participants: list[str] = []
            dm = _DELEGATION.search(text)
            if dm:
                participants.append(re.sub(r"^(?:所在的|所在|参加)", "", dm.group(1)))
            for m in _ATTEND.finditer(window):
                participants.extend(_people_in(m.group(1), names, host))
            for m in _SPEAKERS.finditer(window):
                participants.extend(_people_in(m.group(1), names, host))
            for later in sentences[idx : idx + 6]:
                if "发言" in later.text:
                    participants.extend(_people_in(later.text, names, host))
            tm = _TOPICS.search(window)
            topics = [t.strip() for t in tm.group(1).split("、") if t.strip()] if tm else []
            events.append(
                Event(
                    "deliberation",
                    doc_date,
                    None,
                    host,
                    tuple(dict.fromkeys(participants)),
                    tuple(topics),
                )
            )
            used.add("deliberation")
            continue
        if (
            "summary_meeting" not in used
            and ctx.doc_type in ("meeting", "other")
            and _SUMMARY.search(text)
            and re.search(r"举行|召开", text)
        ):
            pm = _PLACE_AFTER_ZAI.search(text) or re.search(
                r"在([^，。；]{2,20}?)(?:举行|召开)", text
            )
            window = text + "".join(s.text for s in sentences[idx + 1 : idx + 3])
            host = None
            hm = re.search(r"([\u4e00-\u9fff]{2,4})主持(?:会议|交流会|总结会)?", window)
            if hm:
                host = next((n for n in names if hm.group(1).endswith(n)), None)
            participants = []
            for m in re.finditer(r"([\u4e00-\u9fff]{2,4})(?:出席会议|出席|参加会议)", window):
                participants.extend(n for n in names if m.group(1).endswith(n) and n != host)
            for later in sentences[idx + 1 :]:
                for m in _ORG_SPEAKERS.finditer(later.text):
                    participants.extend(f"{o}负责同志" for o in m.group(1).split("、"))
                for m in re.finditer(
                    r"((?:[\u4e00-\u9fff]{2,4}、)*[\u4e00-\u9fff]{2,4})出席会议", later.text
                ):
                    participants.extend(_people_in(m.group(1), names, host))
            events.append(
                Event(
                    "summary_meeting",
                    doc_date,
                    pm.group(1) if pm else None,
                    host,
                    tuple(dict.fromkeys(participants)),
                    (),
                )
            )
            used.add("summary_meeting")
            continue
        rm = _RECEPTION.search(text)
        if "reception" not in used and rm and (host := _host(sent, names, rm.group(0))):
            pm = re.search(r"在([^，。；在]{2,10}?)$", text[: rm.start()])
            guests = _people_in(text[rm.end() :], names, host)
            events.append(
                Event("other", doc_date, pm.group(1) if pm else None, host, tuple(guests), ())
            )
            used.add("reception")
            continue
        vm = _VISIT.search(text)
        if vm:
            host = _host(sent, names)
            if host is None and re.match(r"^(?:[^，。]{0,6}[，])?(?:他|她)", text):
                host = last_person  # 他先后来到…: the person of the sentence before
            at = vm.start()
            om = (
                _VISIT_OBJECT.search(text, at)
                or _TO_VISIT.search(text, at)
                or _AT_VISIT.search(text, at)
            )
            if host and om and ctx.doc_type != "work_report" and _visits(text, at, host):
                place = re.sub(r"(?:的)?(?:调研|考察|检查)$", "", om.group(1))
                tm = _VISIT_TOPICS.search(text, om.end(1))
                visit_topics: tuple[str, ...] = (
                    tuple(t for t in re.split(r"、|和|及", tm.group(1)) if len(t) >= 2)
                    if tm and tm.start() - om.end(1) <= 2
                    else ()
                )
                same = [
                    i
                    for i, e in enumerate(events)
                    if e.kind == "inspection" and (e.place, e.host) == (place, host)
                ]
                if same:  # the headline and the lead tell the same visit
                    old = events[same[0]]
                    merged = tuple(dict.fromkeys(old.topics + visit_topics))
                    events[same[0]] = Event(
                        old.kind, old.date, old.place, old.host, old.participants, merged
                    )
                    continue
                events.append(Event("inspection", doc_date, place, host, (), visit_topics))
                last_person = host
                continue
        if (
            "meeting" not in used
            and "summary_meeting" not in used
            and ctx.doc_type == "meeting"
            and _MEETING.search(text)
        ):
            host = _host(sent, names, "主持") if "主持" in text else None
            if host is None:
                # 3月2日，某镇召开推进会。镇党委书记某某主持会议: the chair is named next.
                for later in sentences[idx + 1 : idx + 3]:
                    if "主持" in later.text:
                        host = _host(later, names, "主持")
                        break
            pm = _PLACE_AFTER_ZAI.search(text) or _SUBJECT_PLACE.search(text)
            tm = _AGENDA.search(text)
            agenda = (
                tuple(t for t in re.split(r"、|和|及", tm.group(1)) if len(t) >= 2) if tm else ()
            )
            events.append(Event("other", doc_date, pm.group(1) if pm else None, host, (), agenda))
            used.add("meeting")
    if sentences:
        starts.extend([sentences[-1].start] * (len(events) - len(starts)))
    return tuple(_attendance(ctx, names, events, starts))


def _attendance(
    ctx: Context, names: dict[str, Person], events: list[Event], starts: list[int]
) -> list[Event]:
    """People of a closing attendance sentence (…参加审议) join the event(s) it names."""
    for sent in ctx.sentences:
        m = _ATTENDANCE.search(sent.text)
        if not m or not events:
            continue
        what = m.group("what") or ""
        kinds = _ATTENDS_KIND.get(what)
        if kinds is None:
            # 陪同 / 出席会议: the event told last, up to this sentence.
            told = [
                i
                for i, e in enumerate(events)
                if e.kind != "congress_session" and starts[i] <= sent.start
            ]
            targets = told[-1:]
        else:
            targets = [i for i, e in enumerate(events) if e.kind in kinds]
        for i in targets:
            event = events[i]
            joined = _people_in(sent.text, names, event.host)
            extra = [n for n in joined if n not in event.participants]
            if extra:
                events[i] = Event(
                    event.kind,
                    event.date,
                    event.place,
                    event.host,
                    event.participants + tuple(extra),
                    event.topics,
                )
    return events
