"""The 任务分解表 in Excel, in the published column layout:

序号 · 报告任务原文 · 具体工作 · 责任领导 · 牵头单位 · 配合单位 · 完成时限 · 季度节点

columns     the layout, shared by the reader and the writer
cells       pure readings of one cell: 序号 levels, 完成时限, 季度节点, unit lists
reading     the sheet as rows (header found under a title row, merged cells spread)
importing   rows judged one by one, then saved all or nothing
exporting   the same layout written back, one row per task or sub-item
"""
