"""Progress reports through their flow, and who is told at each turn.

    draft ─submit→ submitted ─sign→ signed ─consolidate→ consolidated ─approve→ approved
      ↑                 │              │                     │
      └──── returned ←──┴──────────────┴─────────────────────┘  (退办, with a reason)

- A liaison (or the unit head) of a unit that leads or assists the task writes and submits
  the unit's report for the period; a returned report, of whatever period, is corrected in
  place (`progress_revise`) and submitted again, and the flow goes on from there.
- The unit head signs it off (审签) or returns it to the liaison.
- A co-unit's signed report tells the lead unit that its part is in (n of m co-units), so the
  lead unit consolidates the signed co-unit reports of the period into its own report (汇总),
  or returns a part to its co-unit first; a task without co-units goes straight from signed
  to the office.
- The supervision office approves it, which moves the task's percent and re-evaluates its
  status and colour, or returns it with a reason.
- Whoever returns a report, its unit's liaisons and heads are told who returned it and why,
  with a link that opens that very report for correction.

Every step checks the state it starts from: a transition out of order changes nothing.
Extension and adjustment requests: `luoshi.tasks.services.change_requests`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.core.sentences import clause
from luoshi.core.workflow import require_state
from luoshi.engagement.services import referral_complete
from luoshi.tasks.models import ProgressReport, ReportState, Task
from luoshi.tasks.periods import period_containing
from luoshi.tasks.search_indexing import index_progress_after_commit
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.services.notifications import Message, notify_many, unit_members

MAX_TEXT = 5000


@dataclass(frozen=True)
class ProgressInput:
    progress: str
    problems: str = ""
    next_steps: str = ""
    percent: Decimal | str | None = None
    claims_done: bool = False


def clean_text(value: str, label: str) -> str:
    """Stripped text of at most MAX_TEXT characters; `label` names the field in the message."""
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
    require_state(report, states, _("这份报告当前为“%(state)s”，不能进行这一步。"))


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
    fields = _fields(data)
    with transaction.atomic():
        # Two saves of the same unit's first report for a period (a double click, two tabs)
        # would both find no row and both insert: lock the task first, so the second waits and
        # then updates the row the first wrote instead of failing on the unique constraint.
        list(Task.objects.select_for_update().filter(pk=task.pk).values_list("pk", flat=True))
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
        verb = _fill(report, fields, actor=actor, submit=submit, moment=_moment(as_of))
        index_progress_after_commit(task.pk)
        return save_with_log(actor=actor, instance=report, verb=verb)


def progress_revise(
    *, actor: Actor, report: ProgressReport, data: ProgressInput, submit: bool = False
) -> ProgressReport:
    """Correct a draft or returned report in place, whatever its period: a May report
    returned in June is corrected as May's, not written again as June's. With `submit` it
    goes to the unit head again and the flow continues."""
    ensure_allowed(actor, "tasks.add_progressreport", report)
    fields = _fields(data)
    with transaction.atomic():
        stored = _locked(report)
        _expect(stored, ReportState.DRAFT, ReportState.RETURNED)
        verb = _fill(stored, fields, actor=actor, submit=submit, moment=timezone.now())
        index_progress_after_commit(stored.task_id)
        return save_with_log(actor=actor, instance=stored, verb=verb)


def _fields(data: ProgressInput) -> dict[str, object]:
    fields: dict[str, object] = {
        "progress": clean_text(data.progress, str(_("进展情况"))),
        "problems": clean_text(data.problems, str(_("存在的问题"))),
        "next_steps": clean_text(data.next_steps, str(_("下一步措施"))),
        "percent": _percent(data.percent),
        "claims_done": bool(data.claims_done),
    }
    if fields["claims_done"] and fields["percent"] is None:
        fields["percent"] = Decimal("100.0")
    return fields


def _fill(
    report: ProgressReport,
    fields: dict[str, object],
    *,
    actor: Actor,
    submit: bool,
    moment: dt.datetime,
) -> str:
    """Put the written fields on the report (and send it on with `submit`); the log verb."""
    for name, value in fields.items():
        setattr(report, name, value)
    if not submit:
        return "progress.saved"
    _check_complete(report)
    report.state = ReportState.SUBMITTED
    report.submitted_by_id = getattr(actor, "pk", None)
    report.submitted_at = moment
    return "progress.submitted"


def revise_url(report: ProgressReport) -> str:
    """The form that opens this very report for correction."""
    return f"{reverse('tasks:progress_edit', args=[report.task_id])}?report={report.pk}"


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
        index_progress_after_commit(report.task_id)
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
        is_part = report.unit_id != task.lead_unit_id
        if not is_part and not task.co_units.exists():
            report.state = ReportState.CONSOLIDATED
        save_with_log(actor=actor, instance=report, verb="progress.signed")
        index_progress_after_commit(report.task_id)
        if is_part:
            notify_many(_part_in_messages(report))
        return report


def _part_in_messages(part: ProgressReport) -> list[Message]:
    """The lead unit hears that a co-unit's part is in and how many of its co-units have
    reported for the period: the prompt to consolidate (汇总)."""
    task = part.task
    parts_in = (
        ProgressReport.objects.filter(
            task=task,
            period_end=part.period_end,
            state__in=(ReportState.SIGNED, ReportState.CONSOLIDATED, ReportState.APPROVED),
        )
        .exclude(unit_id=task.lead_unit_id)
        .count()
    )
    text = _(
        "%(unit)s的配合报告已审签：“%(title)s”（%(period)s），配合单位已报 %(done)d/%(total)d，"
        "请牵头单位汇总后报送督查室。"
    ) % {
        "unit": part.unit.display_name,
        "title": clause(task.title, 40),
        "period": part.period_label,
        "done": parts_in,
        "total": task.co_units.count(),
    }
    url = reverse("tasks:progress_inbox") + "#to-consolidate"
    key = f"progress:{part.pk}:part_in:{part.returned_count}"
    people = unit_members([task.lead_unit_id]).get(task.lead_unit_id, [])
    return [Message(user, text, url, key) for user in people]


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
        index_progress_after_commit(report.task_id)
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
        index_progress_after_commit(report.task_id)
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
        if report.claims_done and task.referral is not None:
            referral_complete(actor=actor, referral=task.referral, by_task=True)
        tasks_evaluate(actor=None, as_of=as_of, task_ids=[task.pk])
    return report


def progress_return(*, actor: Actor, report: ProgressReport, reason: str) -> ProgressReport:
    """退办: back to the reporting unit with a reason. The unit head returns a submitted
    report; the lead unit returns a co-unit's signed part before consolidating it; the office
    returns a report waiting for it (the co-unit reports in it wait to be consolidated
    again). The unit's liaisons and heads are told who returned it and why, with a link that
    opens the report for correction."""
    reason = clean_text(reason, str(_("退办理由")))
    if not reason:
        raise ValidationError({"return_reason": _("请填写退办理由。")})
    with transaction.atomic():
        report = _locked(report)
        returned_by = _returner(actor, report)
        for contribution in report.contributions.all():
            contribution.state = ReportState.SIGNED
            contribution.consolidated_into = None
            save_with_log(actor=actor, instance=contribution, verb="progress.unconsolidated")
        report.state = ReportState.RETURNED
        report.return_reason = reason
        report.returned_count += 1
        # A part returned on its own leaves the lead unit's report: approving that report
        # must not approve it.
        report.consolidated_into = None
        save_with_log(actor=actor, instance=report, verb="progress.returned")
        index_progress_after_commit(report.task_id)
        notify_many(_returned_messages(report, returned_by, actor))
    return report


def _returner(actor: Actor, report: ProgressReport) -> str:
    """Who returns the report, in the words its unit is told; refuses anyone else, and a
    report in a state it cannot be returned from."""
    if report.state == ReportState.SUBMITTED:
        ensure_allowed(actor, "tasks.sign_progressreport", report)
        return str(_("单位负责人"))
    task = report.task
    is_part = report.unit_id != task.lead_unit_id
    if (
        is_part
        and report.state == ReportState.SIGNED
        and _allowed(actor, "tasks.consolidate_progressreport", report)
    ):
        return str(_("牵头单位（%(unit)s）") % {"unit": task.lead_unit.display_name})
    ensure_allowed(actor, "tasks.review_task", task)
    _expect(report, ReportState.SIGNED, ReportState.CONSOLIDATED)
    return str(_("督查室"))


def _allowed(actor: Actor, permission: str, obj: object) -> bool:
    try:
        ensure_allowed(actor, permission, obj)
    except PermissionDenied:
        return False
    return True


def _returned_messages(report: ProgressReport, returned_by: str, actor: Actor) -> list[Message]:
    text = _(
        "“%(title)s”（%(period)s）的进展报告被%(by)s退办，请修改后重新报送。退办理由：%(reason)s"
    ) % {
        "title": clause(report.task.title, 40),
        "period": report.period_label,
        "by": returned_by,
        "reason": report.return_reason,
    }
    key = f"progress:{report.pk}:returned:{report.returned_count}"
    people = unit_members([report.unit_id]).get(report.unit_id, [])
    actor_id = getattr(actor, "pk", None)
    return [Message(user, text, revise_url(report), key) for user in people if user.pk != actor_id]
