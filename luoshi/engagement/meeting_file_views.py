"""A meeting's files: upload (the office that records the meeting), download (everyone who
may see meetings), delete. Thin: `meeting_file_services` and the selectors decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.private_files import private_download
from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.engagement import meeting_file_services, selectors
from luoshi.engagement.forms import MeetingFilesForm
from luoshi.engagement.models import Attachment, Meeting
from luoshi.engagement.views import meeting_page


def _meeting(meeting_id: int) -> Meeting:
    try:
        return selectors.meeting_get(meeting_id=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404(_("没有这个会议")) from error


def _file(meeting_id: int, attachment_id: int) -> Attachment:
    try:
        return selectors.meeting_file_get(meeting_id=meeting_id, attachment_id=attachment_id)
    except Attachment.DoesNotExist as error:
        raise Http404(_("没有这个附件")) from error


def _files_section(meeting: Meeting) -> str:
    return reverse("engagement:meeting_detail", args=[meeting.pk]) + "#meeting-files"


@signed_in_with("engagement.view_meeting")
@require_POST
def meeting_files_upload(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Refused files come back on the meeting's page, each named; nothing is stored."""
    meeting = _meeting(meeting_id)
    form = MeetingFilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = meeting_file_services.meeting_files_add(
                actor=request.user, meeting=meeting, uploads=form.cleaned_data["attachments"]
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("已上传 %(n)d 个附件：%(names)s。")
                % {"n": len(added), "names": "、".join(a.name for a in added)},
            )
            return redirect(_files_section(meeting))
    return meeting_page(request, meeting, files_form=form, status=400)


@signed_in_with("engagement.view_meeting")
def meeting_file_download(
    request: HttpRequest, meeting_id: int, attachment_id: int
) -> FileResponse:
    attachment = _file(meeting_id, attachment_id)
    return private_download(
        attachment.file, name=attachment.name, content_type=attachment.content_type
    )


@signed_in_with("engagement.view_meeting")
@require_POST
def meeting_file_delete(request: HttpRequest, meeting_id: int, attachment_id: int) -> HttpResponse:
    attachment = _file(meeting_id, attachment_id)
    try:
        meeting_file_services.meeting_file_delete(actor=request.user, attachment=attachment)
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已删除附件“%(name)s”。") % {"name": attachment.name})
    return redirect(_files_section(attachment.meeting))
