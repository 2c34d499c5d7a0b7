"""The columns of the 分解表 and the headings each may carry in real files."""

from __future__ import annotations

from luoshi.core.spreadsheets.columns import Column, headings

COLUMNS = (
    Column("number", "序号", "1、2…；分项写 1.1、1.2，或（一）、（二）", 7),
    Column(
        "source_text",
        "报告任务原文",
        "政府工作报告中的原文；分项可不填（沿用上级），也可与上级合并单元格",
        36,
        required=False,
        aliases=("报告原文", "任务原文", "重点任务"),
    ),
    Column(
        "title",
        "具体工作",
        "具体工作或措施；不填时用报告任务原文",
        40,
        aliases=("具体工作/措施", "具体工作措施", "具体措施", "工作措施", "工作任务"),
    ),
    Column("leader", "责任领导", "如 王某（副县长）", 12, required=False, aliases=("分管领导",)),
    Column(
        "lead_unit",
        "牵头单位",
        "单位全称或简称；填多个时第一个为牵头单位，其余为配合单位；分项不填时沿用上级",
        18,
        aliases=("牵头部门", "责任单位"),
    ),
    Column(
        "co_units",
        "配合单位",
        "多个单位用、或，分隔",
        24,
        required=False,
        aliases=("配合部门", "协办单位"),
    ),
    Column(
        "deadline",
        "完成时限",
        "2026-06-30、2026年6月30日、6月底前、三季度末、年底前、长期坚持",
        14,
        aliases=("完成时间", "时间节点"),
    ),
    Column(
        "milestones",
        "季度节点",
        "一季度：…；二季度：…（也可写 Q1：… 或 第一季度：…）",
        36,
        required=False,
        aliases=("季度节点/形象进度", "形象进度", "季度目标", "进度安排"),
    ),
)

HEADINGS = headings(COLUMNS)
