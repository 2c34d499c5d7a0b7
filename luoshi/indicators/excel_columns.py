"""The columns of the two import sheets (targets; monthly observations) and the words allowed
in their cells. The template writer and the importer both read them from here."""

from __future__ import annotations

from luoshi.core.spreadsheets.columns import Column

MEASURE_WORDS = {"growth": "增速", "level": "总量", "share": "占比", "count": "数量"}
QUALIFIER_WORDS = {
    "about": "左右",
    "range": "区间",
    "at_least": "以上",
    "at_most": "以内",
    "exact": "确定值",
    "in_step": "同步",
    "above": "高于",
    "below": "低于",
}
MEASURE_BY_WORD = {word: key for key, word in MEASURE_WORDS.items()}
QUALIFIER_BY_WORD = {word: key for key, word in QUALIFIER_WORDS.items()}

TARGET_COLUMNS = (
    Column("region", "区划代码", "6 位或 9 位行政区划代码，如 910121", 12, text=True),
    Column("year", "年度", "四位年份，如 2025", 8),
    Column("indicator", "指标", "指标名称或别名，须与指标目录完全一致，如 地区生产总值、GDP", 24),
    Column(
        "measure", "目标类型", "增速、总量、占比、数量 之一", 10, choices=tuple(MEASURE_BY_WORD)
    ),
    Column("low", "下限", "数字；“以内”目标可不填；“同步”“高于”“低于”目标不填", 10, required=False),
    Column(
        "high", "上限", "数字；“区间”“以内”目标必填；确定值、左右、以上可不填", 10, required=False
    ),
    Column(
        "unit",
        "单位",
        "增速、占比填 %；总量填 亿元、万人 等；可不填（按指标默认）",
        8,
        required=False,
    ),
    Column(
        "qualifier",
        "表述",
        "左右、区间、以上、以内、确定值、同步、高于、低于 之一（高于、低于指经济增长，不填数值）",
        10,
        choices=tuple(QUALIFIER_BY_WORD),
    ),
)

OBSERVATION_COLUMNS = (
    Column("region", "区划代码", "6 位或 9 位行政区划代码，如 910121", 12, text=True),
    Column("year", "年度", "四位年份，如 2025", 8),
    Column("month", "截至月份", "1–12 的整数：填 11 表示 1–11 月累计", 10),
    Column("indicator", "指标", "指标名称或别名，须与指标目录完全一致", 24),
    Column("value", "累计完成值", "1 月至截至月份的累计数；与增速至少填一项", 12, required=False),
    Column("unit", "单位", "如 亿元、万人；可不填（按指标默认）", 8, required=False),
    Column(
        "growth", "增速(%)", "同比增长百分数，如 5.2（下降填负数，如 -1.3）", 10, required=False
    ),
)
