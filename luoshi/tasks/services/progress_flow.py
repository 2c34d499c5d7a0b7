"""Progress reports through their flow, and extension / adjustment requests.

    draft ─submit→ submitted ─sign→ signed ─consolidate→ consolidated ─approve→ approved
      ↑                 │              │                     │
      └──── returned ←──┴──────────────┴─────────────────────┘  (退办, with a reason)

- A liaison (or the unit head) of a unit that leads or assists the task writes and submits
  the unit's report for the period; a returned report is corrected and submitted again.
- The unit head signs it off (审签) or returns it to the liaison.
- The lead unit consolidates the signed co-unit reports of the period into its own report
  (汇总); a task without co-units goes straight from signed to the office.
- The supervision office approves it, which moves the task's percent and re-evaluates its
  status and colour, or returns it with a reason.

Every step checks the state it starts from: a transition out of order changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.tasks.models import (
    ChangeKind,
    ChangeRequest,
    DecisionState,
    ProgressReport,
    ReportState,
    Task,
)
from luoshi.tasks.periods import period_containing
from luoshi.tasks.services.evaluation import tasks_evaluate

MAX_TEXT = 5000


@dataclass(frozen=True)
class ProgressInput:
    progress: str
    problems: str = ""
    next_steps: str = ""
    percent: Decimal | str | None = None
    claims_done: bool = False


def _clean(value: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError(
            _("%(label)s不能超过 %(limit)d 字。") % {"label": label, "limit": MAX_TEXT}
        )
    return value


def _percent(value: Decimal | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation as error:
        raise ValidationError({"percent": _("完成进度请填写 0 到 100 之间的数字。")}) from error
    if not number.is_finite() or number < 0 or number > 100:
        raise ValidationError({"percent": _("完成进度请填写 0 到 100 之间的数字。")})
    return number.quantize(Decimal("0.1"))


def _expect(report: ProgressReport, *states: str) -> None:
    if report.state not in states:
        raise ValidationError(
            _("这份报告当前为“%(state)s”，不能进行这一步。") % {"state": report.get_state_display()}
        )


def _reporting_unit(task: Task, unit: Unit) -> None:
    if unit.pk != task.lead_unit_id and not task.co_units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("该单位不是这项任务的牵头或配合单位。")})


def progress_save(
    *,
    actor: Actor,
    task: Task,
    unit: Unit,
    data: ProgressInput,
    as_of: dt.date | None = None,
    submit: bool = False,
) -> ProgressReport:
    """Write the unit's report for the period containing `as_of` (today): create it, or
    update it while it is a draft or returned; with `submit`, send it to the unit head."""
    as_of = as_of or timezone.localdate()
    probe = ProgressReport(task=task, unit=unit)
    ensure_allowed(actor, "tasks.add_progressreport", probe)
    _reporting_unit(task, unit)
    period = period_containing(task.cadence, as_of)
    fields = {
        "progress": _clean(data.progress, str(_("进展情况"))),
        "problems": _clean(data.problems, str(_("存在的问题"))),
        "next_steps": _clean(data.next_steps, str(_("下一步措施"))),
        "percent": _percent(data.percent),
        "claims_done": bool(data.claims_done),
    }
    if fields["claims_done"] and fields["percent"] is None:
        fields["percent"] = Decimal("100.0")
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .filter(task=task, unit=unit, period_end=period.end)
            .first()
        )
        if report is None:
            report = ProgressReport(
                task=task,
                unit=unit,
                period_start=period.start,
                period_end=period.end,
                period_label=period.label,
                due_date=period.due,
            )
        else:
            _expect(report, ReportState.DRAFT, ReportState.RETURNED)
        for name, value in fields.items():
            setattr(report, name, value)
        verb = "progress.saved"
        if submit:
            _check_complete(report)
            report.state = ReportState.SUBMITTED
            report.submitted_by_id = getattr(actor, "pk", None)
            report.submitted_at = _moment(as_of)
            verb = "progress.submitted"
        return save_with_log(actor=actor, instance=report, verb=verb)


def _moment(day: dt.date) -> dt.datetime:
    """When a report written on `day` was sent: now, or midday of an earlier day the caller
    names (a report entered afterwards, as the demo's quarter is, keeps its own date)."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _check_complete(report: ProgressReport) -> None:
    errors = {}
    if not report.progress:
        errors["progress"] = _("请填写进展情况。")
    if report.percent is None:
        errors["percent"] = _("请填写完成进度。")
    if errors:
        raise ValidationError(errors)


def progress_submit(*, actor: Actor, report: ProgressReport) -> ProgressReport:
    ensure_allowed(actor, "tasks.add_progressreport", report)
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportState.DRAFT, ReportState.RETURNED)
        _check_complete(report)
        report.state = ReportState.SUBMITTED
        report.submitted_by_id = getattr(actor, "pk", None)
        report.submitted_at = timezone.now()
        return save_with_log(actor=actor, instance=report, verb="progress.submitted")


def _locked(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)


def progress_sign(*, actor: Actor, report: ProgressReport) -> ProgressReport:
    """The unit head signs off. A lead unit's report on a task without co-units goes on to
    the office at once; otherwise the lead unit consolidates."""
    ensure_allowed(actor, "tasks.sign_progressreport", report)
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportState.SUBMITTED)
        report.state = ReportState.SIGNED
        report.signed_by_id = getattr(actor, "pk", None)
        report.signed_at = timezone.now()
        task = report.task
        if report.unit_id == task.lead_unit_id and not task.co_units.exists():
            report.state = ReportState.CONSOLIDATED
        return save_with_log(actor=actor, instance=report, verb="progress.signed")


def progress_consolidate(*, actor: Actor, report: ProgressReport) -> ProgressReport:
    """The lead unit takes the signed co-unit reports of the period into its own report
    and sends it to the office. Co-units that have not reported are named in the log."""
    ensure_allowed(actor, "tasks.consolidate_progressreport", report)
    with transaction.atomic():
        report = _locked(report)
        task = report.task
        if report.unit_id != task.lead_unit_id:
            raise ValidationError(_("只有牵头单位的报告可以汇总。"))
        _expect(report, ReportState.SIGNED)
        contributions = list(
            ProgressReport.objects.select_for_update()
            .filter(
                task=task,
                period_end=report.period_end,
                state=ReportState.SIGNED,
            )
            .exclude(pk=report.pk)
        )
        for contribution in contributions:
            contribution.state = ReportState.CONSOLIDATED
            contribution.consolidated_into = report
            save_with_log(actor=actor, instance=contribution, verb="progress.consolidated")
        report.state = ReportState.CONSOLIDATED
        return save_with_log(actor=actor, instance=report, verb="progress.consolidated")


def progress_approve(
    *, actor: Actor, report: ProgressReport, as_of: dt.date | None = None
) -> ProgressReport:
    """The office approves the lead unit's report: the task takes its percent (and is done
    if the report says so), and its status and colour are evaluated again."""
    ensure_allowed(actor, "tasks.review_task", report.task)
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportState.CONSOLIDATED)
        if report.unit_id != report.task.lead_unit_id:
            raise ValidationError(_("请审核牵头单位汇总后的报告。"))
        now = timezone.now()
        report.state = ReportState.APPROVED
        report.reviewed_by_id = getattr(actor, "pk", None)
        report.reviewed_at = now
        save_with_log(actor=actor, instance=report, verb="progress.approved")
        for contribution in report.contributions.all():
            contribution.state = ReportState.APPROVED
            contribution.reviewed_by_id = report.reviewed_by_id
            contribution.reviewed_at = now
            save_with_log(actor=actor, instance=contribution, verb="progress.approved")
        task = Task.objects.select_for_update().get(pk=report.task_id)
        task.percent = report.percent if report.percent is not None else task.percent
        if report.claims_done:
            task.completed_on = min(as_of, report.period_end)
        save_with_log(actor=actor, instance=task, verb="task.progress_updated")
        tasks_evaluate(actor=None, as_of=as_of, task_ids=[task.pk])
    return report


def progress_return(*, actor: Actor, report: ProgressReport, reason: str) -> ProgressReport:
    """退办: back to the reporting unit with a reason. The unit head returns a submitted
    report; the office returns a report waiting for it (and the co-unit reports in it)."""
    reason = _clean(reason, str(_("退办理由")))
    if not reason:
        raise ValidationError({"return_reason": _("请填写退办理由。")})
    with transaction.atomic():
        report = _locked(report)
        if report.state == ReportState.SUBMITTED:
            ensure_allowed(actor, "tasks.sign_progressreport", report)
        else:
            ensure_allowed(actor, "tasks.review_task", report.task)
            _expect(report, ReportState.SIGNED, ReportState.CONSOLIDATED)
        for contribution in report.contributions.all():
            contribution.state = ReportState.SIGNED
            contribution.consolidated_into = None
            save_with_log(actor=actor, instance=contribution, verb="progress.unconsolidated")
        report.state = ReportState.RETURNED
        report.return_reason = reason
        report.returned_count += 1
        return save_with_log(actor=actor, instance=report, verb="progress.returned")


def change_request_create(
    *,
    actor: Actor,
    task: Task,
    kind: str,
    reason: str,
    new_deadline: dt.date | None = None,
    new_title: str = "",
    today: dt.date | None = None,
) -> ChangeRequest:
    """延期 or 目标调整, asked before the deadline by the task's units."""
    today = today or timezone.localdate()
    request = ChangeRequest(
        task=task,
        kind=kind,
        reason=_clean(reason, str(_("理由"))),
        new_deadline=new_deadline,
        new_title=_clean(new_title, str(_("调整后的工作内容"))),
        requested_by_id=getattr(actor, "pk", None),
    )
    ensure_allowed(actor, "tasks.add_changerequest", request)
    errors = {}
    if kind not in ChangeKind.values:
        errors["kind"] = _("请选择申请类型。")
    if not request.reason:
        errors["reason"] = _("请说明理由。")
    if today > task.deadline:
        errors["task"] = _("已超过完成时限，不能再申请延期或调整。")
    if kind == ChangeKind.EXTENSION and (new_deadline is None or new_deadline <= task.deadline):
        errors["new_deadline"] = _("新的完成时限应晚于原时限。")
    if kind == ChangeKind.ADJUSTMENT and not request.new_title:
        errors["new_title"] = _("请填写调整后的工作内容。")
    if task.change_requests.filter(state=DecisionState.PENDING).exists():
        errors["task"] = _("这项任务已有待审批的申请。")
    if errors:
        raise ValidationError(errors)
    return save_with_log(actor=actor, instance=request, verb="task.change_requested")


def change_request_decide(
    *, actor: Actor, request: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """Approve (the task takes the new deadline or content) or reject, with a note."""
    ensure_allowed(actor, "tasks.decide_changerequest", request)
    with transaction.atomic():
        request = (
            ChangeRequest.objects.select_for_update().select_related("task").get(pk=request.pk)
        )
        if request.state != DecisionState.PENDING:
            raise ValidationError(_("这份申请已经审批。"))
        request.state = DecisionState.APPROVED if approve else DecisionState.REJECTED
        request.decision_note = _clean(note, str(_("审批意见")))
        request.decided_by_id = getattr(actor, "pk", None)
        request.decided_at = timezone.now()
        save_with_log(actor=actor, instance=request, verb="task.change_decided")
        if approve:
            task = Task.objects.select_for_update().get(pk=request.task_id)
            if request.kind == ChangeKind.EXTENSION and request.new_deadline:
                task.deadline = request.new_deadline
            if request.kind == ChangeKind.ADJUSTMENT and request.new_title:
                task.title = request.new_title
            save_with_log(actor=actor, instance=task, verb="task.changed_by_request")
            tasks_evaluate(actor=None, as_of=timezone.localdate(), task_ids=[task.pk])
    return request
