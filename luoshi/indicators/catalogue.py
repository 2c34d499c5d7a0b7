"""The indicators Chinese government work reports set targets for and report on.

Loaded by a data migration; the office extends the catalogue on its page or, while reviewing
an import, in place. Synonyms are the other names reports use, matched exactly (never fuzzily)
when a document's figures are imported. An entry's code is its key (EXTRACTION.md `key`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pypinyin import lazy_pinyin


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    category: str
    unit: str
    measure: str = "growth"
    direction: str = "up"
    binding: str = "expected"
    synonyms: tuple[str, ...] = field(default_factory=tuple)


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "gdp",
        "地区生产总值",
        "经济发展",
        "亿元",
        synonyms=("GDP", "生产总值", "国内生产总值", "经济总量"),
    ),
    CatalogueEntry("primary-industry", "第一产业增加值", "经济发展", "亿元"),
    CatalogueEntry("secondary-industry", "第二产业增加值", "经济发展", "亿元"),
    CatalogueEntry(
        "tertiary-industry", "第三产业增加值", "经济发展", "亿元", synonyms=("服务业增加值",)
    ),
    CatalogueEntry(
        "industry-value-added",
        "规模以上工业增加值",
        "经济发展",
        "亿元",
        synonyms=("规上工业增加值", "规模以上工业企业增加值"),
    ),
    CatalogueEntry(
        "fixed-asset-investment",
        "固定资产投资",
        "经济发展",
        "亿元",
        synonyms=("全社会固定资产投资", "固投"),
    ),
    CatalogueEntry(
        "retail-sales",
        "社会消费品零售总额",
        "经济发展",
        "亿元",
        synonyms=("社零总额", "社会消费品零售额"),
    ),
    CatalogueEntry(
        "retail-sales-above-quota",
        "限额以上社会消费品零售额",
        "经济发展",
        "亿元",
        synonyms=("限上社会消费品零售额", "限额以上消费品零售额"),
    ),
    CatalogueEntry(
        "tourist-arrivals",
        "接待游客人次",
        "经济发展",
        "万人次",
        measure="count",
        synonyms=("接待游客", "旅游接待人次", "接待国内外游客"),
    ),
    CatalogueEntry(
        "tourism-revenue", "旅游总收入", "经济发展", "亿元", synonyms=("旅游收入", "旅游综合收入")
    ),
    CatalogueEntry(
        "foreign-trade",
        "进出口总额",
        "经济发展",
        "亿元",
        synonyms=("外贸进出口", "进出口", "外贸进出口总额", "货物进出口总额"),
    ),
    CatalogueEntry("exports", "出口总额", "经济发展", "亿元", synonyms=("出口",)),
    CatalogueEntry(
        "foreign-investment", "实际使用外资", "经济发展", "亿美元", synonyms=("实际利用外资",)
    ),
    CatalogueEntry(
        "general-budget-revenue",
        "一般公共预算收入",
        "经济发展",
        "亿元",
        synonyms=("地方一般公共预算收入", "一般公共预算收入（地方级）", "财政收入"),
    ),
    CatalogueEntry("general-budget-expenditure", "一般公共预算支出", "经济发展", "亿元"),
    CatalogueEntry("tax-revenue", "税收收入", "经济发展", "亿元"),
    CatalogueEntry(
        "urban-income",
        "城镇居民人均可支配收入",
        "民生福祉",
        "元",
        synonyms=("城镇常住居民人均可支配收入",),
    ),
    CatalogueEntry(
        "rural-income",
        "农村居民人均可支配收入",
        "民生福祉",
        "元",
        synonyms=("农村常住居民人均可支配收入", "农民人均可支配收入"),
    ),
    CatalogueEntry(
        "resident-income",
        "居民人均可支配收入",
        "民生福祉",
        "元",
        synonyms=("全体居民人均可支配收入",),
    ),
    CatalogueEntry(
        "cpi",
        "居民消费价格",
        "民生福祉",
        "%",
        measure="growth",
        direction="down",
        synonyms=("居民消费价格涨幅", "CPI", "居民消费价格指数"),
    ),
    CatalogueEntry(
        "urban-new-jobs",
        "城镇新增就业",
        "民生福祉",
        "万人",
        measure="count",
        synonyms=("城镇新增就业人数", "新增城镇就业"),
    ),
    CatalogueEntry(
        "urban-unemployment",
        "城镇调查失业率",
        "民生福祉",
        "%",
        measure="share",
        direction="down",
        synonyms=("调查失业率",),
    ),
    # Registered unemployment is another quantity than surveyed unemployment: never merged.
    CatalogueEntry(
        "urban-registered-unemployment",
        "城镇登记失业率",
        "民生福祉",
        "%",
        measure="share",
        direction="down",
        synonyms=("登记失业率",),
    ),
    CatalogueEntry(
        "grain-output",
        "粮食产量",
        "安全保障",
        "万吨",
        measure="level",
        binding="binding",
        synonyms=("粮食总产量", "粮食总产"),
    ),
    CatalogueEntry(
        "energy-intensity",
        "单位地区生产总值能耗",
        "绿色低碳",
        "%",
        measure="growth",
        direction="down",
        binding="binding",
        synonyms=("单位GDP能耗", "单位生产总值能耗", "万元GDP能耗", "单位地区生产总值能源消耗"),
    ),
    CatalogueEntry(
        "carbon-intensity",
        "单位地区生产总值二氧化碳排放",
        "绿色低碳",
        "%",
        measure="growth",
        direction="down",
        binding="binding",
        synonyms=("单位GDP二氧化碳排放", "单位生产总值二氧化碳排放"),
    ),
    CatalogueEntry(
        "pm25",
        "细颗粒物（PM2.5）平均浓度",
        "绿色低碳",
        "微克/立方米",
        measure="level",
        direction="down",
        binding="binding",
        synonyms=("PM2.5平均浓度", "PM2.5浓度", "细颗粒物平均浓度"),
    ),
    CatalogueEntry(
        "good-air-days",
        "空气质量优良天数比率",
        "绿色低碳",
        "%",
        measure="share",
        binding="binding",
        synonyms=("空气质量优良天数比例", "优良天数比率"),
    ),
    CatalogueEntry(
        "forest-coverage", "森林覆盖率", "绿色低碳", "%", measure="share", binding="binding"
    ),
    CatalogueEntry(
        "rd-intensity",
        "研究与试验发展经费投入强度",
        "创新驱动",
        "%",
        measure="share",
        synonyms=("R&D经费投入强度", "研发经费投入强度", "全社会研发投入强度"),
    ),
    CatalogueEntry(
        "urbanisation", "常住人口城镇化率", "民生福祉", "%", measure="share", synonyms=("城镇化率",)
    ),
    CatalogueEntry(
        "digital-economy-share",
        "数字经济核心产业增加值占比",
        "创新驱动",
        "%",
        measure="share",
        synonyms=("数字经济核心产业增加值占地区生产总值比重",),
    ),
)


def catalogue_rows() -> list[dict[str, Any]]:
    """Field values of the built-in indicators, for the data migration and the loader."""
    return [
        {
            "code": entry.code,
            "name": entry.name,
            "category": entry.category,
            "unit": entry.unit,
            "measure": entry.measure,
            "direction": entry.direction,
            "binding": entry.binding,
            "synonyms": list(entry.synonyms),
            "sort_order": position * 10,
            "is_builtin": True,
        }
        for position, entry in enumerate(CATALOGUE, start=1)
    ]


def suggest_code(name: str, taken: Collection[str]) -> str:
    """A key for a new entry from its name in pinyin: 苹果产量 → ping_guo_chan_liang; with a
    number after it when taken (…_2). Letters, digits and underscores only."""
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in lazy_pinyin(name)]
    base = "_".join(w for w in words if w)[:50].strip("_") or "indicator"
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}_{number}"
    return code
