"""Reviewing a corpus in bulk: every report that was read cleanly is accepted and committed
in one action; the rest are listed, each with what a person must look at.

Clean means: its region and year are settled, the reader gave no warning about how it read
the text, the user may write for that region, and none of its items has a problem
(`selectors.item_problems`). Each report is committed in its own transaction, as the review
page does: one that fails leaves the others committed and itself untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action
from luoshi.core.authorization import ensure_allowed
from luoshi.imports import committing, selectors
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportCorpus
from luoshi.imports.services import import_items_accept_pending


@dataclass
class BulkCommit:
    committed: list[ImportBatch] = field(default_factory=list)
    left: list[tuple[ImportBatch, str]] = field(default_factory=list)  # with the reason


def why_not_clean(actor: Actor, batch: ImportBatch) -> str:
    """Why this batch must be reviewed by hand, in one sentence; "" when it is clean."""
    if batch.region_id is None or batch.year is None:
        return _("地区或年度没有识别出来，请打开核对。")
    refusal = selectors.write_refusal(user=actor, batch=batch)
    if refusal:
        return refusal
    if selectors.reading_warnings(batch):
        return _("识别时有提示（如乱码、分词降级），请打开核对。")
    pending = list(batch.items.filter(decision=Decision.PENDING))
    problems = selectors.item_problems(pending)
    if problems:
        return _("有 %(n)d 项需要核对。") % {"n": len(problems)}
    return ""


def corpus_commit_clean(*, actor: Actor, corpus: ImportCorpus) -> BulkCommit:
    """Accept and commit every clean report of the corpus that waits for review."""
    ensure_allowed(actor, "imports.change_importcorpus", corpus)
    result = BulkCommit()
    batch_ids = sorted({f.batch_id for f in corpus.files.all() if f.batch_id is not None})
    batches = ImportBatch.objects.filter(pk__in=batch_ids, status=BatchStatus.REVIEW)
    for batch in batches.select_related("region").order_by("pk"):
        reason = why_not_clean(actor, batch)
        if reason:
            result.left.append((batch, reason))
            continue
        try:
            with transaction.atomic():
                import_items_accept_pending(actor=actor, batch=batch)
                committing.import_batch_commit(actor=actor, batch=batch)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error) or _("无权入库。")]
            batch.refresh_from_db()
            result.left.append((batch, " ".join(messages)))
        else:
            batch.refresh_from_db()
            result.committed.append(batch)
    log_action(
        actor=actor,
        verb="import_corpus.committed",
        target=corpus,
        after={"committed": len(result.committed), "left": len(result.left)},
    )
    return result
