"""Document imports: upload (file or text), reading status, item review, commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from luoshi.core.lookups import found
from luoshi.core.selectors import region_get
from luoshi.imports import committing, read_jobs, selectors, services
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportItem, ItemKind
from luoshi.reports.models import VersionKind

router = Router(tags=["文档导入"])


class BatchOut(Schema):
    id: int
    file_name: str
    sha256: str
    size: int
    status: BatchStatus
    progress: int
    error: str
    doc_type: str
    region_code: str | None = Field(None, alias="region.code")
    year: int | None
    title: str
    version_kind: VersionKind
    create_version: bool
    report_id: int | None
    version_number: int | None = Field(None, alias="version.number")
    created_at: datetime
    committed_at: datetime | None
    write_refusal: str = Field(
        "",
        description="不能入库的原因（上传人没有为该区划录入报告或指标的权限）；为空则可以入库",
    )

    @staticmethod
    def resolve_write_refusal(obj: ImportBatch, context: dict[str, Any]) -> str:
        return selectors.write_refusal(user=context["request"].user, batch=obj)


class UploadOut(BatchOut):
    duplicate: bool
    restarted: bool = Field(False, description="同一文件上次识别失败，已重新开始识别")


class ImportTextIn(Schema):
    name: str = Field("粘贴的文本.txt", max_length=200)
    text: str = Field(..., min_length=1, max_length=400_000)


class BatchPatch(Schema):
    region: str | None = Field(None, pattern=r"^\d{6}(\d{3})?$")
    year: int | None = Field(None, ge=1978, le=2100)
    title: str | None = Field(None, max_length=200)
    version_kind: VersionKind | None = None
    create_version: bool | None = None


class ItemOut(Schema):
    id: int
    kind: ItemKind
    position: int
    start: int | None
    end: int | None
    extracted: dict[str, Any]
    edited: dict[str, Any] | None
    decision: Decision
    problem: str | None = None


class ItemDecisionIn(Schema):
    decision: Decision
    edited: dict[str, Any] | None = Field(None, description="修改后的字段（decision 为 edited 时）")


class CommitOut(Schema):
    report_id: int | None
    version_number: int | None
    targets: int
    observations: int
    commitments: int

    @staticmethod
    def resolve_report_id(obj: committing.CommitResult) -> int | None:
        return obj.report.pk if obj.report else None

    @staticmethod
    def resolve_version_number(obj: committing.CommitResult) -> int | None:
        return obj.version.number if obj.version else None


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    read_jobs.import_batches_fail_stale()  # a batch whose job died reads failed, not busy
    return selectors.batch_get_for_user(user=request.user, batch_id=batch_id)


def _uploaded(request: HttpRequest, name: str, content: bytes) -> Status[ImportBatch]:
    created = services.import_batch_create(actor=request.user, file_name=name, content=content)
    batch = selectors.batch_get_for_user(user=request.user, batch_id=created.batch.pk)
    batch.duplicate = created.duplicate  # type: ignore[attr-defined]  # read by UploadOut
    batch.restarted = created.restarted  # type: ignore[attr-defined]
    return Status(200 if created.duplicate else 201, batch)


@router.post("/imports", response={200: UploadOut, 201: UploadOut}, summary="上传文件")
def import_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[ImportBatch]:
    return _uploaded(request, file.name or "upload", file.read())


@router.post("/imports/text", response={200: UploadOut, 201: UploadOut}, summary="提交文本")
def import_text(request: HttpRequest, payload: ImportTextIn) -> Status[ImportBatch]:
    return _uploaded(request, payload.name, payload.text.encode("utf-8"))


@router.get("/imports/{batch_id}", response=BatchOut, summary="导入状态")
def import_detail(request: HttpRequest, batch_id: int) -> ImportBatch:
    return _batch(request, batch_id)


@router.post("/imports/{batch_id}/retry", response=BatchOut, summary="重新识别（失败或中断的导入）")
def import_retry(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = read_jobs.import_batch_requeue(actor=request.user, batch=_batch(request, batch_id))
    return selectors.batch_get_for_user(user=request.user, batch_id=batch.pk)


@router.patch("/imports/{batch_id}", response=BatchOut, summary="确定区划、年度等")
def import_update(request: HttpRequest, batch_id: int, payload: BatchPatch) -> ImportBatch:
    batch = _batch(request, batch_id)
    changes = payload.model_dump(exclude_unset=True)
    if "region" in changes:
        changes["region"] = region_get(code=changes["region"])
    services.import_batch_update(actor=request.user, batch=batch, changes=changes)
    return _batch(request, batch_id)


@router.get("/imports/{batch_id}/items", response=list[ItemOut], summary="识别条目")
def import_items(request: HttpRequest, batch_id: int) -> list[ImportItem]:
    items = list(selectors.batch_items(_batch(request, batch_id)))
    problems = selectors.item_problems(items)
    for item in items:
        item.problem = problems.get(item.pk)  # type: ignore[attr-defined]  # read by ItemOut
    return items


@router.post("/imports/{batch_id}/items/{item_id}", response=ItemOut, summary="处理一条")
def import_item_decide(
    request: HttpRequest, batch_id: int, item_id: int, payload: ItemDecisionIn
) -> ImportItem:
    batch = _batch(request, batch_id)
    item = found(batch.items.all(), _("导入中没有这一条。"), pk=item_id)
    return services.import_item_decide(
        actor=request.user, item=item, decision=payload.decision, edited=payload.edited
    )


@router.post(
    "/imports/{batch_id}/accept-pending", response=dict[str, int], summary="接受未处理的条目"
)
def import_accept_pending(request: HttpRequest, batch_id: int) -> dict[str, int]:
    count = services.import_items_accept_pending(
        actor=request.user, batch=_batch(request, batch_id)
    )
    return {"accepted": count}


@router.post("/imports/{batch_id}/commit", response=CommitOut, summary="确认入库")
def import_commit(request: HttpRequest, batch_id: int) -> committing.CommitResult:
    return committing.import_batch_commit(actor=request.user, batch=_batch(request, batch_id))
