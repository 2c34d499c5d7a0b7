"""Stage 2: cleaning. Own sentences only; seeds are checked in test_zh_gold.py."""

from __future__ import annotations

from zhtext.clean import clean, is_boilerplate, normalise_width
from zhtext.ruby import is_reading, repair_ruby


def test_ruby_removed_only_when_it_is_a_reading() -> None:
    text, n = repair_ruby("召開(kāi)會(huì)議(yì)，推進(jìn)項目(一期工程)和二期(試行)")
    assert text == "召開會議，推進項目(一期工程)和二期(試行)"
    assert n == 4


def test_ruby_with_wrong_syllable_stays() -> None:
    text, n = repair_ruby("會(shān)議")
    assert (text, n) == ("會(shān)議", 0)


def test_ruby_heteronym_and_traditional() -> None:
    assert is_reading("長", "zhǎng")
    assert is_reading("長", "cháng")
    assert is_reading("行", "háng")
    assert not is_reading("行", "shān")


def test_boilerplate_lines_removed_content_kept() -> None:
    page = "\n".join(
        [
            "主办单位：某某县人民政府办公室",
            "网站标识码：1234567890 京ICP备12345678号",
            "县政府召开会议研究部署防汛工作。",
            "会议要求各乡镇落实责任，确保安全度汛。",
            "2024-06-01 10:20:30",
            "2024-05-30 09:00:00",
            "打印本页 关闭窗口",
            "文/图 本报记者 王小明",
            "本站违法和不良信息举报电话：12345678",
            "Copyright © 2024 某某县人民政府 版权所有",
        ]
    )
    c = clean(page)
    assert c.text == "县政府召开会议研究部署防汛工作。\n会议要求各乡镇落实责任，确保安全度汛。"
    assert c.boilerplate_lines == 7
    assert c.bylines == ("文/图 本报记者 王小明",)


def test_dates_as_content_stay() -> None:
    assert not is_boilerplate("2024年4月8日")
    assert not is_boilerplate("会议强调，网站建设要服务群众。")
    assert is_boilerplate("2024-04-08 08:00:00")


def test_width_and_punctuation_normalised() -> None:
    assert normalise_width("增长１２．５％") == "增长12.5%"
    assert normalise_width("会议指出,要(一)抓好落实:") == "会议指出，要（一）抓好落实："
    assert normalise_width("11:08:09 共1,000人") == "11:08:09 共1,000人"


def test_whitespace_collapsed() -> None:
    c = clean("  县长\u3000\u3000张三  \r\n\r\n\n会议\t\t召开。 ")
    assert c.text == "县长 张三\n会议 召开。"


def test_corrupt_island_marked_not_repaired() -> None:
    c = clean("群众反映?xì)獍踩挪檎问题，会后解决。你知道吗?答案是肯定的。")
    assert len(c.corrupt_spans) == 1
    span = c.corrupt_spans[0]
    assert c.text[span.start] == "?"
    assert "獍" in c.text[span.start : span.end]
    assert "?xì" in c.text  # nothing invented, nothing guessed


def test_sentence_final_question_mark_is_not_corrupt() -> None:
    assert clean("这是为什么?\n下一行").corrupt_spans == ()
