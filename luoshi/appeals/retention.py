"""The end of a citizen's contact details (PIPL: kept no longer than the purpose needs): once
an appeal has been closed (or merged) for `APPEAL_CONTACT_RETENTION_DAYS` (365 by default),
the daily job erases its contact name and phone, the name wherever the texts repeat it, and
the hash of the sender's address. The case, its
handling and its rates stay; its citizen can still follow it with the query code.

Idempotent and in batches: a run erases what is due and notes when; one action-log entry
counts them (the log never held the details).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.appeals.search_indexing import index_appeals_after_commit
from luoshi.core.action_log import log_action

DEFAULT_DAYS = 365
NAME_LEFT = "群众"  # what stands where the citizen's name was written
BATCH = 2000


def retention_days() -> int:
    return int(getattr(settings, "APPEAL_CONTACT_RETENTION_DAYS", DEFAULT_DAYS))


def erase_expired_contacts(as_of: dt.date | None = None) -> int:
    """Erase the contact details of appeals closed `retention_days()` or more before `as_of`;
    returns how many."""
    as_of = as_of or timezone.localdate()
    cutoff = timezone.make_aware(
        dt.datetime.combine(as_of - dt.timedelta(days=retention_days()), dt.time.min)
    )
    due = Appeal.objects.filter(
        status__in=(AppealStatus.CLOSED, AppealStatus.MERGED),
        closed_at__lt=cutoff,
        contact_erased_at__isnull=True,
    )
    erased = 0
    now = timezone.now()
    while True:
        batch = list(
            due.order_by("pk").only("id", "contact_name", "content", "place", "reply")[:BATCH]
        )
        if not batch:
            break
        for appeal in batch:
            # The name the citizen left, written into the texts too, goes with it: the
            # search index and the case check can no longer recognise it once erased.
            name = appeal.contact_name
            if len(name) >= 2:
                appeal.content = appeal.content.replace(name, NAME_LEFT)
                appeal.place = appeal.place.replace(name, NAME_LEFT)
                appeal.reply = appeal.reply.replace(name, NAME_LEFT)
            appeal.contact_name = appeal.contact_phone = appeal.client_hash = ""
            appeal.contact_erased_at = now
        with transaction.atomic():
            Appeal.objects.bulk_update(
                batch,
                [
                    "content",
                    "place",
                    "reply",
                    "contact_name",
                    "contact_phone",
                    "client_hash",
                    "contact_erased_at",
                ],
            )
            index_appeals_after_commit([appeal.pk for appeal in batch])
        erased += len(batch)
    if erased:
        log_action(
            actor=None,
            verb="appeal.contacts_erased",
            after={"appeals": erased, "closed_before": cutoff.date().isoformat()},
        )
    return erased
