"""Recording a meeting by hand, and correcting any meeting (an imported one too): the form and
its formsets (`meeting_forms`), written by `meeting_services`. For the supervision office of
the meeting's region."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import Region, RegionLevel
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.view_guards import form_errors_from, signed_in_with
from luoshi.engagement import meeting_services, selectors
from luoshi.engagement.meeting_forms import (
    GroupFormSet,
    InsightFormSet,
    InstructionsFormSet,
    MeetingForm,
    PeopleFormSet,
    SpeechFormSet,
    instruction_texts,
    words,
)
from luoshi.engagement.models import Meeting

LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)


def meeting_regions(user: Any) -> QuerySet[Region]:
    """The regions the user records meetings for: those of their office and below (to the
    county); an administrator's, every province, city and county with units."""
    regions = Region.objects.filter(level__in=LEVELS, is_active=True).order_by("code")
    if is_admin(user):
        return regions.filter(units__isnull=False).distinct()
    prefixes = {
        region_code_prefix(code) or code
        for role, _unit, code in role_grants(user)
        if role == Role.SUPERVISOR
    }
    if not prefixes:
        return regions.none()
    under = Q(pk__in=[])
    for prefix in prefixes:
        under |= Q(code__startswith=prefix)
    return regions.filter(under)


class MeetingForms:
    """The meeting form and its five formsets, bound to the request or to a meeting."""

    def __init__(self, request: HttpRequest, meeting: Meeting | None = None) -> None:
        data = request.POST if request.method == "POST" else None
        self.meeting = meeting
        self.form = MeetingForm(
            data, regions=meeting_regions(request.user), initial=_meeting_initial(meeting)
        )
        # Rows are shown from the meeting, but read from what was sent only: against the
        # meeting's rows, an unchanged row would count as an empty one.
        shown = meeting if data is None else None
        self.people = PeopleFormSet(data, prefix="people", initial=_people(shown))
        self.groups = GroupFormSet(data, prefix="groups", initial=_groups(shown))
        self.speeches = SpeechFormSet(data, prefix="speeches", initial=_speeches(shown))
        self.insights = InsightFormSet(data, prefix="insights", initial=_insights(shown))
        self.instructions = InstructionsFormSet(
            data, prefix="instructions", initial=_instructions(shown)
        )

    def all(self) -> list[Any]:
        return [
            self.form,
            self.people,
            self.groups,
            self.speeches,
            self.insights,
            self.instructions,
        ]

    def is_valid(self) -> bool:
        return all(part.is_valid() for part in self.all())

    def data(self) -> meeting_services.MeetingInput:
        f = self.form.cleaned_data
        return meeting_services.MeetingInput(
            kind=f["kind"],
            title=f["title"],
            date=f["date"],
            time=f["time"],
            region=f["region"],
            place=f["place"],
            delegation=f["delegation"],
            report=self.meeting.report if self.meeting else None,
            report_version=self.meeting.report_version if self.meeting else None,
            topics=words(f["topics"]),
            minutes=f["minutes"],
            is_public=f["is_public"],
            date_text="" if f["date"] else (self.meeting.date_text if self.meeting else ""),
            people=[
                meeting_services.PersonInput(
                    name=row["name"], titles=words(row.get("titles", "")), role=row["role"]
                )
                for row in _rows(self.people)
            ],
            groups=[(row["sector"], row.get("count")) for row in _rows(self.groups)],
            speeches=[
                meeting_services.SpeechInput(
                    speaker_name=row["speaker_name"],
                    speaker_title=row.get("speaker_title", ""),
                    topics=words(row.get("topics", "")),
                    summary=row.get("summary", ""),
                )
                for row in _rows(self.speeches)
            ],
            instructions=instruction_texts(self.instructions),
            insights=[
                meeting_services.InsightInput(
                    place=row["place"], seen=row.get("seen", ""), lesson=row.get("lesson", "")
                )
                for row in _rows(self.insights)
            ],
        )


def _rows(formset: Any) -> list[dict[str, Any]]:
    """The filled rows, those marked for deletion left out."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _meeting_initial(meeting: Meeting | None) -> dict[str, Any]:
    if meeting is None:
        return {}
    return {
        "kind": meeting.kind,
        "title": meeting.title,
        "date": meeting.date,
        "time": meeting.time,
        "region": meeting.region_id,
        "place": meeting.place,
        "delegation": meeting.delegation,
        "topics": "、".join(meeting.topics or []),
        "minutes": meeting.minutes,
        "is_public": meeting.is_public,
    }


def _people(meeting: Meeting | None) -> list[dict[str, Any]]:
    if meeting is None:
        return []
    return [
        {"name": p.name, "titles": "、".join(p.titles or []), "role": p.role}
        for p in meeting.people.all()
    ]


def _groups(meeting: Meeting | None) -> list[dict[str, Any]]:
    return [{"sector": g.sector, "count": g.count} for g in meeting.groups.all()] if meeting else []


def _speeches(meeting: Meeting | None) -> list[dict[str, Any]]:
    if meeting is None:
        return []
    return [
        {
            "speaker_name": s.speaker_name,
            "speaker_title": s.speaker_title,
            "topics": "、".join(s.topics or []),
            "summary": s.summary,
        }
        for s in meeting.speeches.all()
    ]


def _insights(meeting: Meeting | None) -> list[dict[str, Any]]:
    if meeting is None:
        return []
    return [{"place": i.place, "seen": i.seen, "lesson": i.lesson} for i in meeting.insights.all()]


def _instructions(meeting: Meeting | None) -> list[dict[str, Any]]:
    if meeting is None:
        return []
    return [{"text": i.text} for i in meeting.instructions.order_by("ordinal")]


def _page(request: HttpRequest, forms: MeetingForms, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "engagement/meeting_form.html",
        {"forms": forms, "meeting": forms.meeting},
        status=status,
    )


def _saved(request: HttpRequest, forms: MeetingForms, write: Any, done: str) -> HttpResponse:
    """Write the forms' meeting with `write(data)` and open it, or show the forms again with
    the refusal."""
    if request.method == "POST" and forms.is_valid():
        try:
            meeting = write(forms.data())
        except ValidationError as error:
            form_errors_from(forms.form, error)
        else:
            messages.success(request, done)
            return redirect("engagement:meeting_detail", meeting_id=meeting.pk)
    return _page(request, forms, status=400 if request.method == "POST" else 200)


@signed_in_with("engagement.add_meeting")
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    return _saved(
        request,
        MeetingForms(request),
        lambda data: meeting_services.meeting_create(actor=request.user, data=data),
        _("会议已登记。"),
    )


@signed_in_with("engagement.view_meeting")
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    try:
        meeting = selectors.meeting_get(meeting_id=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404(_("没有这个会议")) from error
    if not request.user.has_perm("engagement.change_meeting", meeting):
        raise PermissionDenied(_("只有该地区的督查室可以修改这次会议。"))
    return _saved(
        request,
        MeetingForms(request, meeting),
        lambda data: meeting_services.meeting_update(
            actor=request.user, meeting=meeting, data=data
        ),
        _("会议已修改。"),
    )
