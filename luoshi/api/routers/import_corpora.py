"""Corpora (批量导入): a zip of documents, each read as an import batch of its own; what
became of every file; every clean report committed in one call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from luoshi.api.permissions import require_perm
from luoshi.imports import read_jobs
from luoshi.imports.corpus import import_corpus_create, members_of_zip
from luoshi.imports.corpus_progress import CorpusProgress, corpus_get_for_user, corpus_progress
from luoshi.imports.corpus_review import corpus_commit_clean
from luoshi.imports.models import CorpusOutcome

router = Router(tags=["文档导入"])


class CorpusFileOut(Schema):
    position: int
    name: str
    outcome: CorpusOutcome
    state: str
    stage: str  # busy · review · done · failed
    note: str
    batch_id: int | None
    region_code: str | None
    year: int | None


class CorpusOut(Schema):
    id: int
    name: str
    created_at: datetime
    busy: int
    in_review: int
    done: int
    failed: int
    files: list[CorpusFileOut]


class LeftOut(Schema):
    batch_id: int
    reason: str


class CommitCleanOut(Schema):
    committed: list[int]
    left: list[LeftOut]


def _out(progress: CorpusProgress) -> dict[str, Any]:
    corpus = progress.corpus
    return {
        "id": corpus.pk,
        "name": corpus.name,
        "created_at": corpus.created_at,
        "busy": progress.busy,
        "in_review": progress.in_review,
        "done": progress.done,
        "failed": progress.failed,
        "files": [
            {
                "position": row.file.position,
                "name": row.file.name,
                "outcome": row.file.outcome,
                "state": row.state,
                "stage": row.tone,
                "note": row.note,
                "batch_id": row.batch.pk if row.batch else None,
                "region_code": row.batch.region.code if row.batch and row.batch.region else None,
                "year": row.batch.year if row.batch else None,
            }
            for row in progress.rows
        ],
    }


@router.post("/import-corpora", response={201: CorpusOut}, summary="上传 zip：批量导入")
def corpus_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require_perm(request, "imports.add_importbatch")
    corpus = import_corpus_create(
        actor=request.user,
        name=file.name or "upload.zip",
        members=members_of_zip(file.read()),
    )
    return Status(201, _out(corpus_progress(corpus)))


@router.get("/import-corpora/{corpus_id}", response=CorpusOut, summary="批量导入的进度")
def corpus_detail(request: HttpRequest, corpus_id: int) -> dict[str, Any]:
    require_perm(request, "imports.add_importbatch")
    read_jobs.import_batches_fail_stale()
    corpus = corpus_get_for_user(user=request.user, corpus_id=corpus_id)
    return _out(corpus_progress(corpus))


@router.post(
    "/import-corpora/{corpus_id}/commit-clean",
    response=CommitCleanOut,
    summary="无问题的报告一次入库，其余列出原因",
)
def corpus_commit(request: HttpRequest, corpus_id: int) -> dict[str, Any]:
    require_perm(request, "imports.add_importbatch")
    corpus = corpus_get_for_user(user=request.user, corpus_id=corpus_id)
    result = corpus_commit_clean(actor=request.user, corpus=corpus)
    return {
        "committed": [batch.pk for batch in result.committed],
        "left": [{"batch_id": batch.pk, "reason": reason} for batch, reason in result.left],
    }
