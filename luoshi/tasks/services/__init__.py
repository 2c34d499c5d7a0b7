"""Writes of the tasks app, one module per part of the cycle:

decomposition   tasks, sub-items and milestones (by hand or from an Excel 分解表)
decomposition_sources
                tasks drafted from the report's paragraphs, from targets and from referrals
progress_flow   progress reports: draft → submitted → signed → consolidated → approved,
                or returned (退办); extension and adjustment requests
evaluation      status and colour of tasks by the region's rules, with colour history
supervision     notices (督办单), reminders, notifications
"""
