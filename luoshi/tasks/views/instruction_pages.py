"""Leaders' written instructions (领导批示): the section on a task's, a notice's and a progress
report's page, the pages that give, read and answer one, and the list 领导批示.

The section (`instruction_section`) is built by the detail views and shown right under the
page's title: open and marked for a unit that has not read an instruction yet (or not
answered it), with 已阅 and 反馈落实情况 on its own unit's line; open with the form for a
leader who may give one; folded for everyone else, who only follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, roles_of
from luoshi.core.view_guards import form_errors_from, next_url, refusal_messages, signed_in_with
from luoshi.tasks.models import InstructionReceipt, LeaderInstruction, Notice, ProgressReport, Task
from luoshi.tasks.models.instructions import TEXT_MAX_LENGTH
from luoshi.tasks.selectors import instruction_queries as queries
from luoshi.tasks.selectors import progress_queries, supervision_queries, task_queries
from luoshi.tasks.services import instructions as services

PAGE_SIZE = 50
Target = Task | Notice | ProgressReport


class InstructionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("批示内容"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX_LENGTH}),
        error_messages={"required": gettext_lazy("请写批示内容（至少 2 个字）。")},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("落实情况"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.ANSWER_MAX_LENGTH}),
        help_text=gettext_lazy("写明已采取的措施、进展和下一步安排。"),
        error_messages={"required": gettext_lazy("请写落实情况（至少 2 个字）。")},
    )


# --- the section on a detail page ------------------------------------------------------------


@dataclass
class InstructionSection:
    """What the 领导批示 section of one page shows one user."""

    instructions: list[LeaderInstruction]
    on_task: bool  # the task's page: each instruction says what it is about
    give_url: str = ""  # "" unless the user may give one here
    addressed: list[str] = field(default_factory=list)  # who an instruction given here reaches
    my_units: frozenset[int] = frozenset()
    # Each instruction with the address of the notice or report it is about, when the user
    # may open that page ("" otherwise: named without a link, never a link that answers 403).
    rows: list[tuple[LeaderInstruction, str]] = field(default_factory=list)
    unread: int = 0  # receipts of the user's units not read yet
    unanswered: int = 0  # receipts of the user's units not answered yet

    @property
    def shown(self) -> bool:
        return bool(self.instructions or self.give_url)

    @property
    def expanded(self) -> bool:
        return bool(self.unread or self.unanswered or self.give_url)


def _kind_of(target: Target) -> str:
    if isinstance(target, Task):
        return "task"
    return "notice" if isinstance(target, Notice) else "report"


def _unsaved_on(target: Target) -> LeaderInstruction:
    """An instruction not yet given on `target`: what the permission to give is asked of."""
    if isinstance(target, Task):
        return LeaderInstruction(task=target)
    if isinstance(target, Notice):
        return LeaderInstruction(task=target.task, notice=target)
    return LeaderInstruction(task=target.task, progress_report=target)


def _about_url(user: Any, instruction: LeaderInstruction) -> str:
    notice, report = instruction.notice, instruction.progress_report
    if notice is not None and user.has_perm("tasks.view_notice", notice):
        return reverse("tasks:notice_detail", args=[notice.pk])
    if report is not None and user.has_perm("tasks.view_progressreport", report):
        return reverse("tasks:progress_detail", args=[report.pk])
    return ""


def instruction_section(user: Any, target: Target) -> InstructionSection:
    """The section for `target`'s page (the page has already checked that `user` sees it)."""
    instructions = queries.instructions_on(target)
    mine = queries.acting_units(user)
    section = InstructionSection(instructions, on_task=isinstance(target, Task), my_units=mine)
    for instruction in instructions:
        section.rows.append((instruction, _about_url(user, instruction)))
        for receipt in instruction.receipts.all():
            if receipt.unit_id in mine:
                section.unread += receipt.acknowledged_at is None
                section.unanswered += receipt.answered_at is None
    if user.has_perm("tasks.add_leaderinstruction", _unsaved_on(target)):
        section.give_url = reverse("tasks:instruction_give", args=[_kind_of(target), target.pk])
        section.addressed = [unit.display_name for unit in services.addressed_units(target)]
    return section


# --- giving, reading, answering -------------------------------------------------------------


def _target(kind: str, pk: int) -> Target:
    if kind == "task":
        return task_queries.task_get(task_id=pk)
    if kind == "notice":
        return supervision_queries.notice_get(notice_id=pk)
    if kind == "report":
        return progress_queries.progress_report_get(report_id=pk)
    raise Http404(_("没有这个页面。"))


def _target_title(target: Target) -> str:
    if isinstance(target, Task):
        return str(target)
    if isinstance(target, Notice):
        return _("督办单%(number)s（%(task)s）") % {"number": target.number, "task": target.task}
    return _("%(unit)s · %(period)s进展（%(task)s）") % {
        "unit": target.unit.display_name,
        "period": target.period_label,
        "task": target.task,
    }


def _target_url(target: Target) -> str:
    if isinstance(target, Task):
        return reverse("tasks:task_detail", args=[target.pk])
    if isinstance(target, Notice):
        return reverse("tasks:notice_detail", args=[target.pk])
    return reverse("tasks:progress_detail", args=[target.pk])


def _back(request: HttpRequest, fallback: str, anchor: str) -> HttpResponse:
    """To the page the form was sent from (this site's only), at the instruction."""
    back = (next_url(request) or fallback).split("#", 1)[0]
    return redirect(f"{back}#{anchor}")


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    heading: str,
    about: str,
    about_url: str,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "tasks/instruction_form.html",
        {"form": form, "heading": heading, "about": about, "about_url": about_url, **extra},
        status=400 if form.errors else 200,
    )


@signed_in_with("tasks.add_leaderinstruction")
def instruction_give(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = _target(kind, pk)
    if not request.user.has_perm("tasks.add_leaderinstruction", _unsaved_on(target)):
        raise PermissionDenied(_("您不能对这项工作作出批示：它不在您的管辖范围内。"))
    form = InstructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instruction = services.instruction_give(
                actor=request.user, target=target, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            units = len(services.addressed_units(target))
            messages.success(
                request, _("批示已送达 %(n)d 个单位，待其阅办并反馈落实情况。") % {"n": units}
            )
            return _back(request, _target_url(target), f"instruction-{instruction.pk}")
    return _form_page(
        request,
        form,
        heading=_("作出批示"),
        about=_target_title(target),
        about_url=_target_url(target),
        addressed=[unit.display_name for unit in services.addressed_units(target)],
    )


def _receipt(request: HttpRequest, receipt_id: int) -> InstructionReceipt:
    receipt = queries.receipt_get(receipt_id=receipt_id)
    if not request.user.has_perm("tasks.view_leaderinstruction", receipt.instruction):
        raise PermissionDenied(_("您不能查看这条批示。"))
    if not request.user.has_perm("tasks.act_on_instructionreceipt", receipt):
        raise PermissionDenied(_("这条批示不是送给您单位的，不能由您阅办。"))
    return receipt


@require_POST
@signed_in_with("tasks.act_on_instructionreceipt")
def instruction_acknowledge(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = _receipt(request, receipt_id)
    try:
        services.instruction_acknowledge(actor=request.user, receipt=receipt)
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已阅。请抓紧落实，并反馈落实情况。"))
    url = services.instruction_url(receipt.instruction)
    return _back(request, url, f"instruction-{receipt.instruction_id}")


@signed_in_with("tasks.act_on_instructionreceipt")
def instruction_answer(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = _receipt(request, receipt_id)
    url = services.instruction_url(receipt.instruction)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.instruction_answer(
                actor=request.user, receipt=receipt, text=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("落实情况已反馈给作出批示的领导。"))
            return _back(request, url, f"instruction-{receipt.instruction_id}")
    return _form_page(
        request,
        form,
        heading=_("反馈落实情况"),
        about=str(receipt.instruction.task),
        about_url=url,
        receipt=receipt,
    )


# --- the list ---------------------------------------------------------------------------------

VIEW_LABELS = {
    "unit": gettext_lazy("本单位收到的批示"),
    "given": gettext_lazy("我作出的批示"),
    "all": gettext_lazy("全部批示"),
}


def list_views(user: Any) -> list[str]:
    """The lists the user has, in the order offered (the first one opens)."""
    roles = roles_of(user)
    views = []
    if roles & queries.UNIT_ROLES:
        views.append("unit")
    if Role.LEADER in roles:
        views.append("given")
    if Role.SUPERVISOR in roles or is_admin(user):
        views.append("all")
    return views


@signed_in_with("tasks.view_leaderinstruction")
def instruction_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    views = list_views(user)
    if not views:
        raise PermissionDenied(_("没有送给您单位、也没有由您作出的批示。"))
    view = request.GET.get("view", "")
    view = view if view in views else views[0]
    open_only = view == "all" and request.GET.get("open") == "1"
    context: dict[str, Any] = {
        "view": view,
        "view_label": VIEW_LABELS[view],
        "tabs": [(key, VIEW_LABELS[key]) for key in views],
        "open_only": open_only,
    }
    if view == "unit":
        rows: Any = queries.received_receipts(user)
        context["unread"] = queries.unread_receipts(user).count()
    elif view == "given":
        rows = queries.instructions_given_by(user)
        context["unanswered"] = queries.unanswered_receipts_given_by(user).count()
    else:
        rows = queries.instructions_in_scope(user, open_only=open_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.link = services.instruction_url(getattr(row, "instruction", row))
    query = f"view={view}" + ("&open=1" if open_only else "")
    context.update(page=page, query_string=query)
    return render(request, "tasks/instruction_list.html", context)


urlpatterns = [
    path("instructions/", instruction_list, name="instruction_list"),
    path("instructions/give/<slug:kind>/<int:pk>/", instruction_give, name="instruction_give"),
    path(
        "instructions/receipts/<int:receipt_id>/read/",
        instruction_acknowledge,
        name="instruction_acknowledge",
    ),
    path(
        "instructions/receipts/<int:receipt_id>/answer/",
        instruction_answer,
        name="instruction_answer",
    ),
]
