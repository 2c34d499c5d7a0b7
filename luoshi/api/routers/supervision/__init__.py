"""Supervision (督查督办): notices and their flow, rule-based generation, the honour and
warning lists, and the signed-in user's messages — one module each, mounted here.

Notices by rule come in two steps, as on the pages: `GET /notices/plan` (or
`POST /notices/generate?preview=true`) shows what the rules would issue and why, and what they
leave out and why, writing nothing; `POST /notices/generate` with the chosen `task_ids` issues
them, computing the plan again so that only what is still due is issued.

A unit's liaisons and heads see only their own unit's notices; the office and leaders see
those of their regions. The flow's steps answer 422 with the reason when taken out of order,
and change nothing.
"""

from __future__ import annotations

from ninja import Router

from luoshi.api.routers.supervision import notices, notices_by_rule, notifications, ranking

router = Router(tags=["督查督办"])

router.add_router("", notices.router)
router.add_router("", notices_by_rule.router)
router.add_router("", ranking.router)
router.add_router("", notifications.router)
