"""Reads for a corpus (批量导入): what became of each file, and the tallies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import is_admin
from luoshi.core import lookups
from luoshi.imports.models import BatchStatus, CorpusFile, CorpusOutcome, ImportBatch, ImportCorpus

BUSY = frozenset({BatchStatus.QUEUED, BatchStatus.READING})


@dataclass(frozen=True)
class FileRow:
    file: CorpusFile
    state: str  # what the page shows: 排队中 · 识别中 · 待审核 · 已入库 · 失败 · 未导入
    tone: str  # a CSS class: "busy", "review", "done", "failed"; never shown
    note: str  # the reason, or what a person must settle
    batch: ImportBatch | None
    doubt: str = ""  # what is not recognised (地区、年度), for the list of files to settle


@dataclass
class CorpusProgress:
    corpus: ImportCorpus
    rows: list[FileRow] = field(default_factory=list)

    def _count(self, tone: str) -> int:
        return sum(1 for row in self.rows if row.tone == tone)

    @property
    def busy(self) -> int:
        return self._count("busy")

    @property
    def in_review(self) -> int:
        return self._count("review")

    @property
    def done(self) -> int:
        return self._count("done")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def doubtful(self) -> list[FileRow]:
        """Files in review whose region or year a person must settle."""
        return [row for row in self.rows if row.tone == "review" and row.note]


def corpus_list_for_user(*, user: Any) -> QuerySet[ImportCorpus]:
    corpora = ImportCorpus.objects.select_related("uploaded_by")
    if not is_admin(user):
        corpora = corpora.filter(uploaded_by=user)
    return corpora.order_by("-created_at", "-id")


def corpus_get_for_user(*, user: Any, corpus_id: int) -> ImportCorpus:
    """Raises NotFound (an ImportCorpus.DoesNotExist), or PermissionDenied for another
    person's corpus."""
    corpus = lookups.found(ImportCorpus.objects.select_related("uploaded_by"), pk=corpus_id)
    if not (is_admin(user) or corpus.uploaded_by_id == user.pk):
        raise PermissionDenied
    return corpus


def corpus_progress(corpus: ImportCorpus) -> CorpusProgress:
    """Every file of the corpus with its state. Two queries."""
    files = list(
        corpus.files.select_related("batch__region").defer("batch__content", "batch__extraction")
    )
    progress = CorpusProgress(corpus)
    for row in files:
        progress.rows.append(_row(row))
    return progress


def _row(row: CorpusFile) -> FileRow:
    batch = row.batch
    if row.outcome == CorpusOutcome.REFUSED or batch is None:
        return FileRow(row, _("未导入"), "failed", row.reason or _("文件已不在。"), None)
    state = str(batch.get_status_display())
    if batch.status in BUSY:
        return FileRow(row, state, "busy", "", batch)
    if batch.status == BatchStatus.FAILED:
        return FileRow(row, state, "failed", batch.error, batch)
    if batch.status == BatchStatus.COMMITTED:
        return FileRow(row, state, "done", "", batch)
    doubts = []
    if batch.region_id is None:
        doubts.append(_("未识别出地区"))
    if batch.year is None:
        doubts.append(_("未识别出年度"))
    doubt = "、".join(doubts)
    note = doubt + _("，请在审核页填写。") if doubt else ""
    return FileRow(row, state, "review", note, batch, doubt)
