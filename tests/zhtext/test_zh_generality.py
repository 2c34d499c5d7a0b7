"""Phrasings the seeds never use, each read by a general rule (not by a document's string)."""

from __future__ import annotations

import pytest

import zhtext
from zhtext.classify import classify
from zhtext.clean import clean
from zhtext.extract.dates import document_date, infer_year
from zhtext.structure import structure

REVIEW = "一、2025年工作回顾\n"
PLAN = "二、2026年工作安排\n"


def _indicators(text: str) -> dict[str, zhtext.Indicator]:
    return {(i.key or i.name): i for i in zhtext.read(text.encode()).indicators}


def _targets(text: str) -> dict[str, zhtext.Target]:
    return {(t.key or t.name): t for t in zhtext.read(text.encode()).targets}


def _ranks(ind: zhtext.Indicator) -> list[tuple[str, int | None, int | None]]:
    return [(r.scope, r.rank, r.change) for r in ind.ranks]


def test_rank_scopes_among_peer_groups() -> None:
    got = _indicators(
        REVIEW + "全省生产总值增长5.8%，增速在全国排第7位、位居西部12省区市第3位。"
        "规上工业增加值增长9.2%、居全省第4位，较上年前进3个位次。"
        "外贸进出口总额6280亿元，增长9.3%，跻身全国前十。"
    )
    assert _ranks(got["地区生产总值"]) == [("全国", 7, None), ("西部12省区市", 3, None)]
    assert _ranks(got["规上工业增加值"]) == [("全省", 4, 3)]
    # 前十: among the first ten, the exact rank is not stated.
    assert _ranks(got["进出口总额"]) == [("全国", None, None)]


def test_rank_change_goes_to_the_rank_it_follows() -> None:
    got = _indicators(
        REVIEW + "地区生产总值达到5.1万亿元、增长5.4%，总量居全国第10位，"
        "增速位居长江经济带11省市第4，排名较上年提升2个位次。"
    )
    assert _ranks(got["地区生产总值"]) == [("全国", 10, None), ("长江经济带11省市", 4, 2)]


def test_rank_change_in_the_rank_s_own_clause() -> None:
    # 排名第3、较上年前进2位: the change names no scope and follows its rank in one clause.
    got = _indicators(
        REVIEW + "全县地区生产总值完成40.3亿元，增长11.8%，增速全市排名第3、较上年前进2位。"
    )
    assert _ranks(got["地区生产总值"]) == [("全市", 3, 2)]


def test_exact_value_replaces_a_threshold() -> None:
    got = _indicators(REVIEW + "全市地区生产总值突破4000亿元大关，达到4012.3亿元，比上年增长6.1%。")
    gdp = got["地区生产总值"]
    assert (gdp.value, gdp.unit, gdp.growth) == (4012.3, "亿元", 6.1)


def test_share_of_a_named_quantity() -> None:
    got = _indicators(
        REVIEW + "一般公共预算收入3615.4亿元、增长4.3%，其中税收收入占比提高到72.1%。"
        "数字经济核心产业增加值占地区生产总值比重达到10.5%。"
    )
    assert (got["税收收入占比"].value, got["税收收入占比"].unit) == (72.1, "%")
    share = got["数字经济核心产业增加值占地区生产总值比重"]
    assert (share.value, share.unit) == (10.5, "%")
    assert got["一般公共预算收入"].value == 3615.4


def test_target_phrases() -> None:
    got = _targets(
        PLAN + "今年主要预期目标为：地区生产总值增长6%—6.5%；居民收入增长和经济增长保持同步；"
        "城镇登记失业率控制在4.5%以内；城镇新增就业不少于3.5万人；粮食产量保持在100亿斤以上；"
        "固定资产投资增长5.5%到6%；单位GDP二氧化碳排放降低3%。"
    )

    def row(name: str) -> tuple[object, ...]:
        t = got[name]
        return (t.measure, t.low, t.high, t.unit, t.qualifier, t.direction)

    assert row("地区生产总值") == ("growth", 6.0, 6.5, "%", "range", "up")
    assert row("居民人均可支配收入") == ("growth", None, None, None, "in_step", "up")
    assert row("城镇登记失业率") == ("share", None, 4.5, "%", "at_most", "up")  # not 调查
    assert row("城镇新增就业") == ("count", 3.5, None, "万人", "at_least", "up")
    assert row("粮食产量") == ("level", 100.0, None, "亿斤", "at_least", "up")
    assert row("固定资产投资") == ("growth", 5.5, 6.0, "%", "range", "up")
    assert row("单位地区生产总值二氧化碳排放") == ("growth", 3.0, 3.0, "%", "exact", "down")


def test_commitments_with_scaled_counts_and_deadlines() -> None:
    doc = zhtext.read(
        (
            PLAN + "（一）扩大内需\n年内开工建设保障性住房1.2万套。确保6月30日前通车。"
            "到2026年底，实现5G网络乡镇全覆盖。汛期前完成病险水库除险加固。新改建农村户厕3.2万户。"
            "新增城市停车位5万个。全面提升城市品质。"
        ).encode()
    )
    assert [c.text for c in doc.commitments] == [
        "年内开工建设保障性住房1.2万套",
        "确保6月30日前通车",
        "到2026年底，实现5G网络乡镇全覆盖",
        "汛期前完成病险水库除险加固",
        "新改建农村户厕3.2万户",
        "新增城市停车位5万个",
    ]
    assert doc.date is None  # 6月30日前 is a deadline, not the date of the text


@pytest.mark.parametrize(
    ("text", "month", "year"),
    [
        ("今年是“十五五”规划开局之年。", 1, 2026),
        ("今年是“十四五”规划收官之年。", 12, 2025),
        ("今年是“十四五”规划实施的第三年。", 5, 2023),
        ("召开2026年春季植树造林工作推进会。", 3, 2026),
        ("召开2026年春季植树造林工作推进会。", 12, None),  # a December meeting plans ahead
    ],
)
def test_year_from_plan_periods_and_seasons(text: str, month: int, year: int | None) -> None:
    assert infer_year(text, month) == year


def test_year_from_the_publication_line() -> None:
    cleaned = clean(
        "发布时间：2026-01-22 10:31 来源：县融媒体中心\n1月21日下午，县长主持召开会议。"
    )
    assert cleaned.published == "2026-01-22"
    assert document_date(cleaned.text, None, published=cleaned.published)[0] == "2026-01-21"
    # A day after the publication day belongs to the year before.
    assert document_date("12月30日，召开会议。", None, published="2026-01-03")[0] == "2025-12-30"
    # Evidence in the text comes first.
    text = "12月28日，召开座谈会。2026年元旦将至。"
    assert document_date(text, None, published="2030-01-01")[0] == "2025-12-28"


def test_titles_and_names() -> None:
    doc = zhtext.read(
        "1月21日，正在出席省人代会的省人大代表、县委书记赵明川参加代表团审议。"
        "审议中，钱玉兰、高志远、邓春梅等代表结合工作实际发言。"
        "赵明川在认真听取代表发言后表示赞同。"
        "省政府副秘书长刘海涛，市委副书记、市长孙立新，县人民政府县长杨晓峰参加审议。".encode()
    )
    people = {p.name: p.titles for p in doc.people}
    assert people["赵明川"] == ("省人大代表", "县委书记")  # not 代表 from 听取代表发言
    assert people["钱玉兰"] == ("代表",)  # a name in a list of names the tagger found
    assert people["刘海涛"] == ("省政府副秘书长",)
    assert people["孙立新"] == ("市委副书记", "市长")
    assert people["杨晓峰"] == ("县长",)
    event = next(e for e in doc.events if e.kind == "deliberation")
    assert {"钱玉兰", "高志远", "邓春梅", "刘海涛", "孙立新", "杨晓峰"} <= set(event.participants)


def test_name_with_rare_character_anchored_by_title_and_verb() -> None:
    doc = zhtext.read("3月2日，某镇召开推进会。镇党委书记刘䶮主持会议。刘䶮要求抓好落实。".encode())
    assert [(p.name, p.titles) for p in doc.people] == [("刘䶮", ("镇党委书记",))]


def test_inspection_at_a_place_and_companions() -> None:
    doc = zhtext.read(
        "1月5日，市长王建华在高新区调研重点项目建设和安全生产工作，市委常委、副市长李红梅陪同。"
        "王建华主持召开座谈会。市政府秘书长周涛出席会议并讲话。".encode()
    )
    visit = next(e for e in doc.events if e.kind == "inspection")
    assert (visit.place, visit.host, visit.participants) == ("高新区", "王建华", ("李红梅",))
    assert visit.topics == ("重点项目建设", "安全生产")
    meeting = next(e for e in doc.events if e.kind == "symposium")
    assert meeting.participants == ("周涛",)


def test_enumerations_after_a_comma() -> None:
    simple = (
        "会议指出，第一，要抓好安全生产；第二，要做好民生保障。他强调，一要抓项目；二要强产业。"
    )
    st = structure(simple, simple)
    assert [(e.marker, e.ordinal) for e in st.enumerations] == [
        ("第", 1),
        ("第", 2),
        ("要", 1),
        ("要", 2),
    ]


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("政府工作报告", "work_report"),
        ("2025年政府工作报告（全文）", "work_report"),
        ("赵明川参加平阳县代表团审议政府工作报告", "deliberation"),
    ],
)
def test_report_title_versus_news_about_a_report(title: str, doc_type: str) -> None:
    body = "1月21日，省人大代表赵明川参加代表团审议政府工作报告。代表们审议报告。"
    st = structure(f"{title}\n{body}", f"{title}\n{body}")
    assert classify(f"{title}\n{body}", st) == doc_type


def test_site_chrome_in_both_scripts() -> None:
    page = (
        "正文第一段。\n【列印本頁】 【關閉視窗】\n首页 | 政务公开 | 办事服务 | 互动交流\n"
        "上一篇：关于做好春耕工作的通知\n[ 打印本页 ] [ 关闭窗口 ]\n字号：大 中 小\n正文第二段。"
    )
    cleaned = clean(page)
    assert cleaned.text == "正文第一段。\n正文第二段。"
    assert cleaned.boilerplate_lines == 5


def test_reception_and_its_companions() -> None:
    doc = zhtext.read(
        "2026-01-08 09:12\n1月7日，省委书记、省人大常委会主任黄永明在南昌会见来赣考察的"
        "中国建材集团董事长周育先一行。省委常委、秘书长张小平，副省长李国强参加会见。".encode()
    )
    assert doc.date == "2026-01-07"  # the year from the timestamp above the article
    people = {p.name: p.titles for p in doc.people}
    assert people["周育先"] == ("中国建材集团董事长",)  # not the host's 省委书记
    event = doc.events[0]
    assert (event.kind, event.place, event.host) == ("other", "南昌", "黄永明")
    assert event.participants == ("周育先", "张小平", "李国强")
    assert not [e for e in doc.events if e.kind == "inspection"]  # the guest's 考察 is no visit


def test_meeting_agenda_and_attendees() -> None:
    doc = zhtext.read(
        "1月9日上午，市长刘晓东主持召开市政府常务会议，研究部署春节前后安全生产和市场保供工作。"
        "会议强调，要抓好保供稳价。副市长王丽、赵刚，市政府秘书长陈明出席会议。".encode()
    )
    event = doc.events[0]
    assert (event.host, event.topics) == ("刘晓东", ("春节前后安全生产", "市场保供"))
    assert event.participants == ("王丽", "赵刚", "陈明")


def test_delegation_plenary() -> None:
    doc = zhtext.read(
        "3月6日下午，十四届全国人大三次会议江西代表团举行全体会议，审议政府工作报告。"
        "全国人大代表、省委书记尹弘参加审议并发言。"
        "代表团团长、省人大常委会副主任王少玄主持会议。".encode()
    )
    event = next(e for e in doc.events if e.kind == "deliberation")
    assert (event.host, event.participants) == ("尹弘", ("江西代表团",))
    people = {p.name: p.titles for p in doc.people}
    assert people["王少玄"] == ("代表团团长", "省人大常委会副主任")


def test_acting_mayor_as_speaker() -> None:
    doc = zhtext.read(
        "政府工作报告\n——2026年1月15日在九江市第十六届人民代表大会第五次会议上\n"
        "九江市人民政府代市长 黄鹏飞\n各位代表：\n"
        "一、2025年主要工作\n全市生产总值增长5.2%。".encode()
    )
    assert doc.speaker == "黄鹏飞"
    assert [(p.name, p.titles) for p in doc.people] == [("黄鹏飞", ("代市长",))]
    assert (doc.region.name if doc.region else None) == "九江市"


def test_review_compared_with_goals_is_still_review() -> None:
    doc = zhtext.read(
        (
            REVIEW + "城镇新增就业5.6万人，完成年度目标任务的112%。全社会研发经费投入增长12.3%。"
            "金融机构本外币存款余额8600亿元，较年初增长9.1%。"
        ).encode()
    )
    assert doc.targets == ()
    got = {(i.key or i.name): (i.value, i.unit, i.growth) for i in doc.indicators}
    assert got == {
        "城镇新增就业": (5.6, "万人", None),
        "全社会研发经费投入": (None, None, 12.3),
        "金融机构存款余额": (8600.0, "亿元", 9.1),
    }


def test_visit_verbs() -> None:
    doc = zhtext.read(
        "4月12日，市委书记高建军赴瑞金市调研乡村振兴工作。"
        "他先后深入叶坪镇华屋村、沙洲坝镇，察看产业发展情况。".encode()
    )
    assert [(e.kind, e.place, e.host, e.topics) for e in doc.events] == [
        ("inspection", "瑞金市", "高建军", ("乡村振兴",)),
        ("inspection", "叶坪镇华屋村、沙洲坝镇", "高建军", ()),
    ]
    doc = zhtext.read(
        "近日，县长孙伟带队到县经济开发区督导检查安全生产工作，副县长何勇陪同。".encode()
    )
    event = doc.events[0]
    assert (event.place, event.host, event.participants, event.topics) == (
        "县经济开发区",
        "孙伟",
        ("何勇",),
        ("安全生产",),
    )


def test_headline_names_the_symposium_and_the_lead_its_chair() -> None:
    doc = zhtext.read(
        "县政府召开政府工作报告征求意见座谈会\n1月10日，县长李强在县行政中心主持召开座谈会，"
        "听取各界人士对政府工作报告（征求意见稿）的意见建议。".encode()
    )
    assert doc.doc_type == "consultation"
    event = doc.events[0]
    assert (event.kind, event.place, event.host, event.participants) == (
        "symposium",
        "县行政中心",
        "李强",
        ("各界人士",),
    )


@pytest.mark.parametrize(
    "meta",
    [
        "2026-01-22 10:31 来源：江西日报",
        "时间：2026-01-22 来源：某某日报 作者：王五 【字体：大 中 小】",
        "发布时间：2026-01-22 10:31 来源：县融媒体中心",
    ],
)
def test_metadata_line_under_the_headline(meta: str) -> None:
    cleaned = clean(f"县长主持召开会议\n{meta}\n1月21日，县长主持召开会议。")
    assert cleaned.text == "县长主持召开会议\n1月21日，县长主持召开会议。"
    assert cleaned.published == "2026-01-22"


def test_a_notice_keeps_its_time_and_place_lines() -> None:
    text = "关于召开会议的通知\n时间：2026年1月5日上午9:00\n地点：县政府三楼会议室\n请准时参加。"
    cleaned = clean(text)
    assert cleaned.text == text and cleaned.published is None


def test_five_year_review_and_longer_nouns() -> None:
    got = _indicators(
        "一、过去五年工作回顾\n过去五年，全县地区生产总值由150亿元增加到218亿元，年均增长6.8%。"
        "2025年，规上工业企业达到126家。"
    )
    gdp = got["地区生产总值"]
    assert (gdp.value, gdp.unit, gdp.growth) == (218.0, "亿元", 6.8)
    assert "规上工业增加值" not in got  # 规上工业企业 counts firms
    got = _indicators(REVIEW + "规上工业产值增长9.1%，规上工业增加值增长8.2%。")
    assert {n: i.growth for n, i in got.items()} == {"规上工业产值": 9.1, "规上工业增加值": 8.2}


def test_meeting_place_is_a_named_place_not_a_scope() -> None:
    doc = zhtext.read("3月2日，全县召开春耕生产推进会。县长李强主持会议。".encode())
    assert [(e.place, e.host) for e in doc.events] == [(None, "李强")]


def test_after_the_review_comes_the_plan() -> None:
    doc = zhtext.read(
        (
            "政府工作报告\n——2026年1月12日在某县第十八届人民代表大会第一次会议上\n各位代表：\n"
            "一、2025年工作回顾\n全县地区生产总值增长6.1%。\n"
            "二、奋力开创高质量发展新局面\n今年主要预期目标是：地区生产总值增长6.5%左右。\n"
            "（一）抓项目促投资\n全年实施重点项目85个。"
        ).encode()
    )
    assert [(t.key or t.name, t.period, t.low) for t in doc.targets] == [
        ("地区生产总值", "2026", 6.5)
    ]
    assert [c.text for c in doc.commitments] == ["全年实施重点项目85个"]
    assert [(i.key or i.name, i.period, i.growth) for i in doc.indicators] == [
        ("地区生产总值", "2025", 6.1)
    ]


def test_names_are_not_made_of_titles() -> None:
    for text in ("县长和书记参加会议。", "县长和副市长参加会议。"):
        assert zhtext.read(text.encode()).people == ()
    doc = zhtext.read("县委书记张长江主持会议。张长江强调，要抓好落实。".encode())
    assert [(p.name, p.titles) for p in doc.people] == [("张长江", ("县委书记",))]


def test_title_after_the_name() -> None:
    doc = zhtext.read("1月5日，王刚省长在会上指出，要抓好落实。李明副市长主持会议。".encode())
    assert [(p.name, p.titles) for p in doc.people] == [("王刚", ("省长",)), ("李明", ("副市长",))]


def test_pair_of_levels_then_respectively() -> None:
    got = _indicators(
        "2025年全市经济运行稳中有进。城镇居民人均可支配收入48920元、"
        "农村居民人均可支配收入24310元，分别增长5.0%和7.1%。"
    )
    assert (got["城镇居民人均可支配收入"].value, got["城镇居民人均可支配收入"].growth) == (
        48920.0,
        5.0,
    )
    rural = got["农村居民人均可支配收入"]
    assert (rural.period, rural.value, rural.unit, rural.growth) == ("2025", 24310.0, "元", 7.1)


def test_joined_elaborations_and_acts_that_are_not_targets() -> None:
    doc = zhtext.read(
        (
            PLAN + "（一）强化支撑\n全年推进重点项目120个，完成投资300亿元；"
            "完成投资4700万元的防洪工程年内竣工。县财政再投入1870万元。"
        ).encode()
    )
    assert doc.targets == ()  # 再投入 is an act: a commitment, not a target
    assert [c.text for c in doc.commitments] == [
        "全年推进重点项目120个，完成投资300亿元",
        "完成投资4700万元的防洪工程年内竣工",
        "县财政再投入1870万元",
    ]


def test_a_visit_told_in_a_speech_is_not_the_speakers_visit() -> None:
    doc = zhtext.read(
        "5月11日，省委书记郝建国主持召开会议。郝建国在讲话中指出，"
        "省党政代表团赴邻省学习考察，是深入贯彻落实中央精神的务实举措。".encode()
    )
    assert not [e for e in doc.events if e.kind == "inspection"]


def test_numbered_items_are_instructions_only_when_directed() -> None:
    narrative = zhtext.read(
        "回眸2025\n这一年，全市发展亮点纷呈：一是产业结构持续优化；二是民生福祉不断增进。".encode()
    )
    assert narrative.instructions == ()
    directed = zhtext.read("会议要求：\n一要抓好安全生产。\n二要抓好民生保障。".encode())
    assert [(i.ordinal, i.text) for i in directed.instructions] == [
        (1, "抓好安全生产"),
        (2, "抓好民生保障"),
    ]


def test_a_second_rank_keeps_the_scope_named_before() -> None:
    got = _indicators(REVIEW + "一般公共预算收入总量全省排名第15位、增速排名第3位。")
    assert _ranks(got["一般公共预算收入"]) == [("全省", 15, None), ("全省", 3, None)]
    got = _indicators(REVIEW + "地区生产总值增速居全市11个县区第1位。")
    assert _ranks(got["地区生产总值"]) == [("全市11个县区", 1, None)]


def test_numbered_goal_lines_and_task_headings_with_their_body() -> None:
    doc = zhtext.read(
        (
            "政府工作报告\n——2026年1月12日在某县第十八届人民代表大会第一次会议上\n各位代表：\n"
            "一、2025年工作回顾\n全县地区生产总值增长6.1%。\n二、2026年目标任务\n（一）主要目标\n"
            "1.地区生产总值增长6%左右。\n2.规模以上工业增加值增长8%以上。\n3.城镇新增就业3500人以上。\n"
            "（二）重点任务\n1.扩大有效投资。全年实施重点项目85个。\n"
            "2.办好民生实事。9月底前建成城区停车场3个。"
        ).encode()
    )
    assert [(t.key or t.name, t.low, t.high, t.qualifier) for t in doc.targets] == [
        ("地区生产总值", 6.0, 6.0, "about"),
        ("规上工业增加值", 8.0, None, "at_least"),
        ("城镇新增就业", 3500.0, None, "at_least"),
    ]
    assert [(c.section, c.text) for c in doc.commitments] == [
        ("1.扩大有效投资", "全年实施重点项目85个"),
        ("2.办好民生实事", "9月底前建成城区停车场3个"),
    ]
