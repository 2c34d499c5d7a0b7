"""Consultation on the draft (public), opinions and answers, meetings, referrals (交办).

One module per resource, mounted here on `router` (which `luoshi.api.urls` mounts):

- `consultation`: the three public operations (`auth=None`), which show only what is public
  anyway: the draft put out for comments, the submission form, and the opinions staff marked
  public with their answers — never contact data, never who submitted or from where;
- `opinions`: opinions for staff and representatives, their answers and counts;
- `meetings`: meetings with their people, groups, speeches and instructions;
- `referrals`: instructions, opinions and meetings handed to units (交办);
- `cooperation`: study tours' cooperation items, and their follow-ups;
- `luoshi.api.routers.meeting_files`: a meeting's files.

The sub-routers carry no tags of their own: their operations take this router's tag.
"""

from __future__ import annotations

from ninja import Router

from luoshi.api.routers import meeting_files
from luoshi.api.routers.engagement import (
    consultation,
    cooperation,
    meetings,
    opinions,
    referrals,
)

router = Router(tags=["征求意见与会议"])

router.add_router("", consultation.router)
router.add_router("", opinions.router)
router.add_router("", meetings.router)
router.add_router("", referrals.router)
router.add_router("", cooperation.router)
# A meeting's files (upload, download, delete) have their own module.
router.add_router("", meeting_files.router)
