"""The engagement pages that take sections from apps above it (see
`luoshi.core.page_sections`): a meeting's page (meeting, user) — the tasks app shows there
what became of the meeting's referrals."""

MEETING_DETAIL = "meeting_detail"
