"""纳统 (statistics inclusion): the builder reports (through the responsible unit), the
department reviews, the statistics bureau accepts — or either returns it with a reason, and the
builder reports again. Only projects of 500万元 and above that have started can be reported.
Evidence is optional: nothing is refused for want of a photo.

An evidence file is screened by its content (`luoshi.core.upload_screening`, EVIDENCE: PDF,
OFD, Word, WPS, JPG, PNG, at most 20 MB) before anything is written: a refused file is one
sentence on its field and nothing changes. Stored under a random name, with the uploader's
name kept beside it for the download; a file reported again replaces the old one, which is
deleted once the new report commits (never before, never if it fails), and a failed save
deletes the files it wrote (`luoshi.core.stored_files`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action, save_with_log, snapshot
from luoshi.core.authorization import ensure_allowed
from luoshi.core.stored_files import delete_after_commit, files_removed_on_failure
from luoshi.core.upload_screening import (
    EVIDENCE,
    MEGABYTE,
    ScreenedUpload,
    UploadRefused,
    screen_upload,
)
from luoshi.core.workflow import require_state
from luoshi.projects.models import InclusionState, Project, StatisticsInclusion
from luoshi.projects.services.logged_writes import visibility_of
from luoshi.projects.services.stage_moves import record_actual
from luoshi.projects.stages import Stage

EVIDENCE_NAMES = {
    "approval_document": "立项审批（核准、备案）文件",
    "contract_or_photos": "施工合同或现场照片",
    "business_licence": "营业执照",
}
MAX_EVIDENCE_BYTES = 20 * MEGABYTE


@dataclass(frozen=True)
class Evidence:
    approval_document: UploadedFile[bytes] | None = None
    contract_or_photos: UploadedFile[bytes] | None = None
    photos_taken_on: date | None = None
    business_licence: UploadedFile[bytes] | None = None
    note: str = ""


def evidence_storage() -> Storage:
    field = StatisticsInclusion._meta.get_field("approval_document")
    assert isinstance(field, FileField)
    return field.storage


def _screened(evidence: Evidence) -> dict[str, ScreenedUpload]:
    """Each file given, screened; `ValidationError` naming every refused one on its field."""
    screened: dict[str, ScreenedUpload] = {}
    refusals: dict[str, list[str]] = {}
    for name in EVIDENCE_NAMES:
        upload: UploadedFile[bytes] | None = getattr(evidence, name)
        if upload is None:
            continue
        try:
            screened[name] = screen_upload(upload, max_bytes=MAX_EVIDENCE_BYTES, accepted=EVIDENCE)
        except UploadRefused as refusal:
            refusals[name] = [refusal.message]
    if refusals:
        raise ValidationError(refusals)
    return screened


def inclusion_report(
    *, actor: Actor, project: Project, evidence: Evidence, today: date | None = None
) -> StatisticsInclusion:
    """Report the project for inclusion (first time, or again after a return)."""
    ensure_allowed(actor, "projects.report_project", project)
    today = today or timezone.localdate()
    if not project.is_statistics_eligible:
        raise ValidationError(_("总投资不足500万元的项目不纳入统计（纳统）。"))
    if project.started_actual is None:
        raise ValidationError(_("项目尚未开工，不能申报纳统。请先填报开工日期。"))
    if evidence.photos_taken_on is not None and evidence.photos_taken_on > today:
        raise ValidationError({"photos_taken_on": _("照片拍摄日期不能晚于今天。")})
    files = _screened(evidence)
    storage = evidence_storage()
    with files_removed_on_failure(storage) as written, transaction.atomic():
        inclusion = StatisticsInclusion.objects.select_for_update().filter(project=project).first()
        if inclusion is not None and inclusion.state == InclusionState.ACCEPTED:
            raise ValidationError(_("项目已纳统，无需再申报。"))
        if inclusion is not None and inclusion.state != InclusionState.RETURNED:
            raise ValidationError(_("纳统申报正在审核中，不能重复申报。"))
        inclusion = inclusion or StatisticsInclusion(project=project)
        replaced = [getattr(inclusion, name).name for name in files if getattr(inclusion, name)]
        attached = []
        for name, screened in files.items():
            stored = getattr(inclusion, name)
            # Only the settled extension reaches the storage name (models.evidence_path).
            stored.save(f"upload{screened.extension}", screened.upload, save=False)
            written.append(stored.name or "")
            setattr(inclusion, f"{name}_name", screened.name)
            attached.append(f"{EVIDENCE_NAMES[name]}（{screened.name}）")
        if evidence.photos_taken_on is not None:
            inclusion.photos_taken_on = evidence.photos_taken_on
        inclusion.note = evidence.note.strip()
        inclusion.state = InclusionState.REPORTED
        inclusion.return_reason = ""
        inclusion.reported_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
        inclusion.reported_at = timezone.now()
        note = "上传材料：" + "、".join(attached) if attached else ""
        if inclusion._state.adding:
            inclusion.full_clean()
            inclusion.save()
            log_action(
                actor=actor,
                verb="inclusion.reported",
                target=inclusion,
                after={**snapshot(inclusion), "note": note},
                visibility=visibility_of(project),
            )
        else:
            save_with_log(
                actor=actor,
                instance=inclusion,
                verb="inclusion.reported",
                note=note,
                visibility=visibility_of(project),
            )
        for old in replaced:  # the replaced files go once this report is committed
            delete_after_commit(storage, old)
    return inclusion


def inclusion_review(*, actor: Actor, inclusion: StatisticsInclusion) -> StatisticsInclusion:
    """The department agrees: on to the statistics bureau."""
    ensure_allowed(actor, "projects.review_inclusion", inclusion)
    require_state(inclusion, InclusionState.REPORTED, _("只有待部门审核的申报可以审核。"))
    inclusion.state = InclusionState.REVIEWED
    inclusion.reviewed_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
    inclusion.reviewed_at = timezone.now()
    return save_with_log(
        actor=actor,
        instance=inclusion,
        verb="inclusion.reviewed",
        visibility=visibility_of(inclusion.project),
    )


def inclusion_return(
    *, actor: Actor, inclusion: StatisticsInclusion, reason: str
) -> StatisticsInclusion:
    """The department (before review) or the statistics bureau (after) sends it back."""
    if inclusion.state == InclusionState.REPORTED:
        ensure_allowed(actor, "projects.review_inclusion", inclusion)
    elif inclusion.state == InclusionState.REVIEWED:
        ensure_allowed(actor, "projects.accept_inclusion", inclusion)
    else:
        raise ValidationError(_("只有审核中的申报可以退回。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("退回须说明理由。")})
    inclusion.state = InclusionState.RETURNED
    inclusion.return_reason = reason
    inclusion.returned_count += 1
    return save_with_log(
        actor=actor,
        instance=inclusion,
        verb="inclusion.returned",
        note=reason,
        visibility=visibility_of(inclusion.project),
    )


def inclusion_accept(
    *,
    actor: Actor,
    inclusion: StatisticsInclusion,
    included_on: date,
    statistics_code: str = "",
    today: date | None = None,
) -> StatisticsInclusion:
    """The statistics bureau includes the project: its 纳统 date is recorded on the project
    (in stage order, not in the future) in the same transaction."""
    ensure_allowed(actor, "projects.accept_inclusion", inclusion)
    require_state(inclusion, InclusionState.REVIEWED, _("只有部门已审核的申报可以确认纳统。"))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=inclusion.project_id)
        record_actual(
            actor=actor,
            project=project,
            stage=Stage.INCLUDED,
            actual_on=included_on,
            today=today or timezone.localdate(),
            note=_("统计部门确认纳统"),
        )
        inclusion.project = project
        inclusion.state = InclusionState.ACCEPTED
        inclusion.statistics_code = statistics_code.strip()
        inclusion.accepted_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
        inclusion.accepted_at = timezone.now()
        save_with_log(
            actor=actor,
            instance=inclusion,
            verb="inclusion.accepted",
            visibility=visibility_of(project),
        )
    return inclusion
