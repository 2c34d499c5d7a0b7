"""Imported documents in the search box while they are under review (待审核).

A batch's entry holds the document's text as read (Simplified; garbled spans left out) and
is found by exactly those who may open the import's page: its uploader, if still one of the
importers, and administrators (`rules`). Once committed, the document lives on as the
report, meetings and figures it became, each indexed by its own app: the batch's entry goes,
and the report's entry is written at once — found by the office before publication, as a
report's working version is — instead of after the next publication.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.permissions import is_admin
from luoshi.core.models import SearchEntry
from luoshi.core.search import (
    READ_ALL,
    READ_NONE,
    SEARCH_ONLY,
    Readable,
    index_after_commit,
    keys_of,
    register_indexer,
)
from luoshi.core.search.indexing import (
    search_index_delete_many,
    search_index_put,
    search_index_write_all,
)
from luoshi.imports.models import BatchStatus, ImportBatch
from luoshi.imports.rules import is_importer
from luoshi.reports.models import WorkReport
from luoshi.reports.search_indexing import index_report

IMPORT_KIND = "import"


def _readable_text(extraction: dict[str, Any] | None) -> str:
    """The Simplified text without the spans the reader found garbled (mojibake)."""
    text = str((extraction or {}).get("simplified") or "")
    quality = ((extraction or {}).get("contract") or {}).get("quality") or {}
    for span in quality.get("corrupt_spans") or []:
        start, end = int(span["start"]), int(span["end"])
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _batch_entry(batch: ImportBatch) -> SearchEntry:
    return SearchEntry(
        key=str(batch.pk),
        title=batch.title or batch.file_name,
        body=f"{_readable_text(batch.extraction)}{SEARCH_ONLY}{batch.file_name}",
        url=reverse("imports:batch_detail", args=[batch.pk]),
        region=batch.region,
        year=batch.year,
        state=batch.status,
        is_public=False,
    )


def _batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("region").defer("content")


def index_batches(batch_ids: Sequence[int]) -> None:
    """Write the entries of these batches while under review; remove them after. A batch
    just committed into a report has that report indexed now."""
    batches = list(_batches().filter(pk__in=batch_ids))
    for batch in batches:
        if batch.status == BatchStatus.REVIEW:
            entry = _batch_entry(batch)
            search_index_put(kind=IMPORT_KIND, entry=entry)
    under_review = {batch.pk for batch in batches if batch.status == BatchStatus.REVIEW}
    search_index_delete_many(kind=IMPORT_KIND, keys=set(batch_ids) - under_review)
    reports = {
        batch.report_id
        for batch in batches
        if batch.status == BatchStatus.COMMITTED and batch.report_id is not None
    }
    for report in WorkReport.objects.select_related("region").filter(pk__in=reports):
        index_report(report)


def index_batch_after_commit(batch_id: int) -> None:
    index_after_commit(index_batches, [batch_id])


def reindex_batches() -> int:
    batches = _batches().filter(status=BatchStatus.REVIEW).order_by("pk").iterator(chunk_size=50)
    return search_index_write_all(IMPORT_KIND, map(_batch_entry, batches))


def readable_batches(user: Any) -> Readable:
    """As `imports.view_importbatch`: administrators all; an importer their own uploads."""
    if is_admin(user):
        return READ_ALL
    if not is_importer(user):
        return READ_NONE
    return Readable(keys=keys_of(ImportBatch.objects.filter(uploaded_by_id=user.pk)))


def batch_facts(keys: Sequence[str]) -> Mapping[str, Sequence[str]]:
    rows = ImportBatch.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
    return {
        str(pk): [_("文件：%(name)s") % {"name": name}]
        for pk, name in rows.values_list("pk", "file_name")
    }


def register() -> None:
    """Called from ImportsConfig.ready()."""
    register_indexer(
        IMPORT_KIND,
        reindex_batches,
        label=gettext_lazy("待审核的导入文档"),
        state_labels=dict(BatchStatus.choices),
        readable=readable_batches,
        hit_facts=batch_facts,
        order=90,
    )
