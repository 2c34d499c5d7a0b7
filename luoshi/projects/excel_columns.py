"""The columns of the project sheets — the year's list (exported, and imported back as an
update) and the monthly investment template — and the words allowed in their cells."""

from __future__ import annotations

from luoshi.core.spreadsheets.columns import Column, headings

# The sheet speaks Chinese whatever the page's language (the model's labels are translated).
CATEGORY_WORDS = {
    "industry": "产业",
    "infrastructure": "基础设施",
    "livelihood": "民生",
    "ecology": "生态",
    "rural": "乡村振兴",
    "other": "其他",
}
CATEGORY_BY_WORD = {word: key for key, word in CATEGORY_WORDS.items()}

# The list as published: the particulars an office keeps (imported back) and the figures the
# system computes or units report elsewhere (written out, never read back).
LIST_COLUMNS = (
    Column("number", "序号", "只是行号，导入时不读", 6, required=False),
    Column(
        "code",
        "项目编号",
        "本地区本年度内唯一；按编号对应已有项目，没有编号的项目按名称对应",
        12,
        required=False,
        text=True,
    ),
    Column("name", "项目名称", "本地区本年度内不能重名", 30),
    Column("category", "项目类别", "、".join(CATEGORY_BY_WORD) + " 之一", 10),
    Column("content", "建设内容", "可不填", 36, required=False),
    Column("unit", "责任单位", "单位全称或简称：本地区、上级或下属地区的单位", 18),
    Column("leader", "责任领导", "可不填", 10, required=False),
    Column("total_investment", "总投资", "万元，不能为负数", 11),
    Column("annual_plan", "年度计划投资", "万元，不能大于总投资", 12),
    Column("started_planned", "计划开工", "如 2026年3月、2026-03；可不填", 12, required=False),
    Column("month_completed", "本月完成", "万元；由月度投资计算，导入时不读", 10, False),
    Column("year_to_date", "年度累计", "万元；由月度投资计算，导入时不读", 11, False),
    Column("completion", "完成率(%)", "年度累计 ÷ 年度计划投资；导入时不读", 9, False),
    Column("start", "开工情况", "由阶段日期生成，导入时不读", 20, False),
    Column("inclusion", "纳统情况", "由纳统申报生成，导入时不读", 18, False),
    Column("problems", "存在问题", "由问题清单生成，导入时不读", 36, False),
)
EDITABLE_KEYS = (
    "code",
    "name",
    "category",
    "content",
    "unit",
    "leader",
    "total_investment",
    "annual_plan",
    "started_planned",
)
EDITABLE_COLUMNS = tuple(c for c in LIST_COLUMNS if c.key in EDITABLE_KEYS)
READ_ONLY_COLUMNS = tuple(c for c in LIST_COLUMNS if c.key not in EDITABLE_KEYS)
LIST_HEADINGS = headings(EDITABLE_COLUMNS)

INVESTMENT_COLUMNS = (
    Column(
        "code", "项目编号", "本地区本年度的项目编号；与项目名称至少填一项", 12, False, text=True
    ),
    Column("name", "项目名称", "与项目清单中的名称完全一致；与项目编号至少填一项", 30, False),
    Column("year", "年度", "四位年份；不填则用上传页面选择的年度", 8, False),
    Column("month", "月份", "1–12，或“2026-03”“2026年3月”", 10),
    Column("planned", "本月计划(万元)", "可不填", 12, False),
    Column("completed", "本月完成(万元)", "本月完成投资，不能为负数", 12),
    Column("year_to_date", "年度累计(万元)", "不填则按已填各月自动计算", 12, False),
    Column("since_start", "自开工累计(万元)", "不填则按上年末累计加年度累计计算", 14, False),
    Column("note", "备注", "可不填，最多 200 字", 20, False),
)
