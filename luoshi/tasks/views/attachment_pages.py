"""Attachment pages: downloading a report's or a notice's file (only for those who may see the
report or notice), deleting one's own file while it may still change, and answering a notice
with files. Uploads to a report come with the report form (`progress_pages.progress_edit`).
Thin: the services and selectors decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.private_files import private_download
from luoshi.core.view_guards import form_errors_from, redirect_next, refusal_messages
from luoshi.tasks.forms_attachments import NoticeAnswerForm
from luoshi.tasks.models import Notice, NoticeAttachment, NoticeState, ProgressAttachment
from luoshi.tasks.selectors import attachment_queries as queries
from luoshi.tasks.selectors import supervision_queries
from luoshi.tasks.services import attachments as services


def _progress_attachment(
    request: HttpRequest, report_id: int, attachment_id: int
) -> ProgressAttachment:
    try:
        return queries.progress_attachment_get_for_user(
            request.user, report_id=report_id, attachment_id=attachment_id
        )
    except ProgressAttachment.DoesNotExist as error:
        raise Http404(_("没有这个附件")) from error


def _notice_attachment(
    request: HttpRequest, notice_id: int, attachment_id: int
) -> NoticeAttachment:
    try:
        return queries.notice_attachment_get_for_user(
            request.user, notice_id=notice_id, attachment_id=attachment_id
        )
    except NoticeAttachment.DoesNotExist as error:
        raise Http404(_("没有这个附件")) from error


def _back(request: HttpRequest, fallback: str, *args: int) -> HttpResponse:
    return redirect_next(request, fallback, *args)


def _report_errors(request: HttpRequest, error: ValidationError) -> None:
    refusal_messages(request, error)


@login_required
def progress_attachment(request: HttpRequest, report_id: int, attachment_id: int) -> FileResponse:
    attachment = _progress_attachment(request, report_id, attachment_id)
    return private_download(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )


@require_POST
@login_required
def progress_attachment_delete(
    request: HttpRequest, report_id: int, attachment_id: int
) -> HttpResponse:
    attachment = _progress_attachment(request, report_id, attachment_id)
    try:
        services.progress_attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, _("已删除附件“%(name)s”。") % {"name": attachment.name})
    return _back(request, "tasks:progress_detail", report_id)


@login_required
def notice_attachment(request: HttpRequest, notice_id: int, attachment_id: int) -> FileResponse:
    attachment = _notice_attachment(request, notice_id, attachment_id)
    return private_download(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )


@require_POST
@login_required
def notice_attachment_delete(
    request: HttpRequest, notice_id: int, attachment_id: int
) -> HttpResponse:
    attachment = _notice_attachment(request, notice_id, attachment_id)
    try:
        services.notice_attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, _("已删除附件“%(name)s”。") % {"name": attachment.name})
    return _back(request, "tasks:notice_detail", notice_id)


@login_required
def notice_answer_with_files(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The unit's answer (办理情况) with its files. Refused input comes back on this page
    with the text kept, each refused file named, and nothing stored."""
    try:
        notice = supervision_queries.notice_get(notice_id=notice_id)
    except Notice.DoesNotExist as error:
        raise Http404(_("没有这份督办单")) from error
    if not request.user.has_perm("tasks.view_notice", notice):
        raise PermissionDenied
    if not request.user.has_perm("tasks.answer_notice", notice):
        raise PermissionDenied
    form = NoticeAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_answer_with_attachments(
                actor=request.user,
                notice=notice,
                answer=form.cleaned_data["answer"],
                uploads=form.cleaned_data["attachments"],
            )
        except services.AttachmentsRefused as refusal:
            for message in refusal.messages:
                form.add_error("attachments", message)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已反馈办理情况。"))
            return redirect("tasks:notice_detail", notice_id=notice.pk)
    return render(
        request,
        "tasks/notice_answer.html",
        {"notice": notice, "form": form, "open": notice.state == NoticeState.RECEIVED},
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path(
        "progress/<int:report_id>/attachments/<int:attachment_id>/",
        progress_attachment,
        name="progress_attachment",
    ),
    path(
        "progress/<int:report_id>/attachments/<int:attachment_id>/delete/",
        progress_attachment_delete,
        name="progress_attachment_delete",
    ),
    path(
        "notices/<int:notice_id>/attachments/<int:attachment_id>/",
        notice_attachment,
        name="notice_attachment",
    ),
    path(
        "notices/<int:notice_id>/attachments/<int:attachment_id>/delete/",
        notice_attachment_delete,
        name="notice_attachment_delete",
    ),
    path(
        "notices/<int:notice_id>/answer-with-files/",
        notice_answer_with_files,
        name="notice_answer_with_files",
    ),
]
