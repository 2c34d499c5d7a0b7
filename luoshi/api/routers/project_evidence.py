"""纳统 with its evidence files over the API: the multipart twin of `POST
/projects/{id}/inclusion` (which takes JSON and no files), and the download of each file.

Files are screened by content like on the page (PDF, OFD, Word, WPS, JPG, PNG; at most
20 MB): a refused file is 422 with one sentence on its field, and nothing changes. A file
sent when reporting again replaces the one before.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from luoshi.core.lookups import not_found
from luoshi.core.private_files import private_download
from luoshi.projects import selectors, services
from luoshi.projects.models import InclusionState, StatisticsInclusion

router = Router(tags=["重点项目"])


class EvidenceFileOut(Schema):
    kind: str = Field(..., description="approval_document、contract_or_photos 或 business_licence")
    label: str
    name: str = Field(..., description="上传时的文件名")
    download_url: str

    @staticmethod
    def resolve_label(obj: selectors.EvidenceFile) -> str:
        field = StatisticsInclusion._meta.get_field(obj.kind)
        return str(getattr(field, "verbose_name", ""))

    @staticmethod
    def resolve_download_url(obj: selectors.EvidenceFile) -> str:
        inclusion = cast(StatisticsInclusion, obj.stored.instance)  # the file's 纳统 report
        return reverse("api-1:inclusion_evidence_content", args=[inclusion.project_id, obj.kind])


class InclusionFilesOut(Schema):
    state: InclusionState
    state_label: str = Field(..., alias="get_state_display")
    photos_taken_on: dt.date | None
    note: str
    files: list[EvidenceFileOut]

    @staticmethod
    def resolve_files(obj: StatisticsInclusion) -> list[selectors.EvidenceFile]:
        return selectors.evidence_files(obj)


@router.post(
    "/projects/{int:project_id}/inclusion/upload",
    response={201: InclusionFilesOut},
    summary="申报纳统并上传佐证材料（multipart）",
    description=(
        "表单字段 photos_taken_on、note，文件字段 approval_document（立项审批文件）、"
        "contract_or_photos（施工合同或现场照片）、business_licence（营业执照），均可不传。"
        "按文件内容核对类型（PDF、OFD、Word、WPS、JPG、PNG，每个不超过 20 MB），"
        "不符的文件在 errors 中逐个说明，整个申报不保存（422）。"
    ),
)
def inclusion_report_with_files(
    request: HttpRequest,
    project_id: int,
    photos_taken_on: Form[dt.date | None] = None,
    note: Form[str] = "",
    approval_document: File[UploadedFile | None] = None,
    contract_or_photos: File[UploadedFile | None] = None,
    business_licence: File[UploadedFile | None] = None,
) -> Status[StatisticsInclusion]:
    project = selectors.project_get_for_user(request.user, project_id)
    inclusion = services.inclusion_report(
        actor=request.user,
        project=project,
        evidence=services.Evidence(
            approval_document=approval_document,
            contract_or_photos=contract_or_photos,
            photos_taken_on=photos_taken_on,
            business_licence=business_licence,
            note=note[:1000],
        ),
    )
    return Status(201, inclusion)


@router.get(
    "/projects/{int:project_id}/inclusion/evidence/{kind}",
    url_name="inclusion_evidence_content",
    summary="下载纳统佐证材料",
    openapi_extra={
        "responses": {
            200: {
                "description": "文件内容（以附件形式下载，文件名为上传时的名字）",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def inclusion_evidence_content(request: HttpRequest, project_id: int, kind: str) -> FileResponse:
    project = selectors.project_get_for_user(request.user, project_id)
    evidence = selectors.evidence_file(selectors.inclusion_of(project), kind)
    if evidence is None:
        raise not_found(StatisticsInclusion, _("没有上传这份材料。"))
    return private_download(evidence.stored, name=evidence.name, content_type=evidence.content_type)
