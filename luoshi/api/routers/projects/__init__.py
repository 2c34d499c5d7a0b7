"""Key projects (重点项目): the list with figures and colours, one project, adding and changing
projects, monthly investment, stage dates, 纳统, problems and the rates — one module each,
mounted here in the order their paths were always matched.

Every write goes through `luoshi.projects.services`; a refusal is a 422 with the reason in
Chinese, a missing right a 403, and nothing is changed by either.
"""

from __future__ import annotations

from ninja import Router

from luoshi.api.routers import project_evidence, project_sheets
from luoshi.api.routers.projects import inclusion, problems, progress, rates, rows

router = Router(tags=["重点项目"])

router.add_router("", rows.router)
router.add_router("", progress.router)
router.add_router("", problems.router)
router.add_router("", inclusion.router)
router.add_router("", rates.router)
# The Excel import of the list (preview and apply) has its own module.
router.add_router("", project_sheets.router)
# So have the 纳统 report with its evidence files (multipart) and their download.
router.add_router("", project_evidence.router)
