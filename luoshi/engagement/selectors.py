"""Reads for consultation and deliberation pages, with labels and counts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.lookups import found, found_all, not_found
from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.engagement.models import (
    AnswerState,
    AnswerStateLabel,
    Attachment,
    Channel,
    CooperationItem,
    Instruction,
    Meeting,
    Opinion,
    Referral,
)
from luoshi.reports.diff_notes import DiffNote
from luoshi.reports.models import (
    ReportParagraph,
    ReportSection,
    ReportVersion,
    VersionKind,
    WorkReport,
)


def state_labels(region: Region) -> dict[str, str]:
    """The answer-state words a region uses, defaulting to 采纳 · 部分采纳 · 已有体现 · …"""
    labels = {value: str(label) for value, label in AnswerState.choices}
    ancestors = [region.code, region.code[:4] + "00", region.code[:2] + "0000"]
    overrides = AnswerStateLabel.objects.filter(region__code__in=ancestors).select_related("region")
    # The closest region's word wins: county over city over province.
    for row in sorted(overrides, key=lambda r: ancestors.index(r.region.code), reverse=True):
        labels[row.state] = row.label
    return labels


def consultation_version(report: WorkReport) -> ReportVersion | None:
    """The draft put out for comments: the latest published draft of the report."""
    return (
        report.versions.filter(kind=VersionKind.DRAFT, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class OpinionFilters:
    report_id: int | None = None
    state: str | None = None
    channel: str | None = None
    sector: str | None = None
    topic: str | None = None
    unit_id: int | None = None
    query: str | None = None
    # Region-code prefixes the reader works for; None: everywhere (administrators).
    scope_prefixes: tuple[str, ...] | None = None


def opinion_list(filters: OpinionFilters) -> QuerySet[Opinion]:
    opinions = Opinion.objects.select_related("report__region", "unit", "meeting", "version")
    if filters.report_id:
        opinions = opinions.filter(report_id=filters.report_id)
    if filters.state:
        opinions = opinions.filter(state=filters.state)
    if filters.channel:
        opinions = opinions.filter(channel=filters.channel)
    if filters.sector:
        opinions = opinions.filter(author_sector=filters.sector)
    if filters.topic:
        # JSON containment is PostgreSQL's; on SQLite the quoted tag is matched in the text.
        if connection.features.supports_json_field_contains:
            opinions = opinions.filter(topics__contains=[filters.topic])
        else:
            opinions = opinions.filter(topics__icontains=json.dumps(filters.topic))
    if filters.unit_id:
        opinions = opinions.filter(unit_id=filters.unit_id)
    if filters.query:
        opinions = opinions.filter(
            Q(text__contains=filters.query) | Q(quote__contains=filters.query)
        )
    if filters.scope_prefixes is not None:
        # The reports in scope are few (one a region and year): their ids as a list keep the
        # opinions' own indexes usable — a join to the regions hid (report, -created_at, -id)
        # and sorted every opinion of the report for each page.
        scope = Q(pk__in=[])
        for prefix in filters.scope_prefixes:
            scope |= Q(region__code__startswith=prefix)
        reports = WorkReport.objects.filter(scope)
        if filters.report_id:
            reports = reports.filter(pk=filters.report_id)
        opinions = opinions.filter(report_id__in=list(reports.values_list("pk", flat=True)))
    return opinions.order_by("-created_at", "-id")


@dataclass(frozen=True)
class OpinionStats:
    total: int
    by_state: list[tuple[str, str, int]]
    by_channel: list[tuple[str, str, int]]
    by_sector: list[tuple[str, int]]
    by_topic: list[tuple[str, int]]
    revisions: int  # paragraphs of a later version changed because of opinions
    answered: int


STATS_CACHE_SECONDS = 3600


def opinion_stats(report: WorkReport) -> OpinionStats:
    """Counts by state, channel, sector and topic. Cached under a key made of the report's
    opinion count and latest change, so any new or changed opinion gives a fresh key: with
    10⁵ opinions the topic count alone reads every row."""
    fingerprint = Opinion.objects.filter(report=report).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    last = fingerprint["last"].timestamp() if fingerprint["last"] else 0
    key = f"opinion-stats:v1:{report.pk}:{fingerprint['n']}:{last}"
    cached: OpinionStats | None = cache.get(key)
    if cached is None:
        cached = _opinion_stats(report)
        cache.set(key, cached, STATS_CACHE_SECONDS)
    return cached


def _opinion_stats(report: WorkReport) -> OpinionStats:
    opinions = Opinion.objects.filter(report=report)
    labels = state_labels(report.region)
    states = dict(opinions.values_list("state").annotate(n=Count("id")).order_by())
    channels = dict(opinions.values_list("channel").annotate(n=Count("id")).order_by())
    sectors = list(
        opinions.exclude(author_sector="")
        .values_list("author_sector")
        .annotate(n=Count("id"))
        .order_by("-n")[:12]
    )
    topics: Counter[str] = Counter()
    for row in opinions.exclude(topics=[]).values_list("topics", flat=True).iterator():
        topics.update(row)
    return OpinionStats(
        total=sum(states.values()),
        by_state=[(value, labels[value], states.get(value, 0)) for value in AnswerState.values],
        by_channel=[
            (value, str(label), channels.get(value, 0)) for value, label in Channel.choices
        ],
        by_sector=[(sector, n) for sector, n in sectors],
        by_topic=topics.most_common(12),
        revisions=opinions.exclude(result_anchor="")
        .values("result_version", "result_anchor")
        .distinct()
        .count(),
        answered=sum(n for state, n in states.items() if state != AnswerState.PENDING),
    )


def public_feedback(report: WorkReport) -> QuerySet[Opinion]:
    """What staff marked public: the opinion, its answer and the change it made."""
    return (
        Opinion.objects.filter(report=report, is_public=True)
        .exclude(state=AnswerState.PENDING)
        .select_related("result_version", "version")
        .order_by("anchor", "created_at", "id")
    )


def public_feedback_position(report: WorkReport, opinion_id: int) -> int | None:
    """Where a public opinion stands in `public_feedback` (0-based), to open its page."""
    opinion = public_feedback(report).filter(pk=opinion_id).first()
    if opinion is None:
        return None
    same_anchor = Q(anchor=opinion.anchor)
    return (
        public_feedback(report)
        .filter(
            Q(anchor__lt=opinion.anchor)
            | (same_anchor & Q(created_at__lt=opinion.created_at))
            | (same_anchor & Q(created_at=opinion.created_at, id__lt=opinion.pk))
        )
        .count()
    )


def opinions_by_anchor(report: WorkReport) -> dict[str, int]:
    """How many opinions each paragraph has drawn, across versions (anchors are stable)."""
    return dict(
        Opinion.objects.filter(report=report)
        .exclude(anchor="")
        .values_list("anchor")
        .annotate(n=Count("id"))
        .order_by()
    )


def later_versions(opinion: Opinion) -> QuerySet[ReportVersion]:
    versions = opinion.report.versions.order_by("number")
    if opinion.version is not None:
        versions = versions.filter(number__gt=opinion.version.number)
    return versions


def paragraph_in(version: ReportVersion, anchor: str) -> ReportParagraph | None:
    return version.paragraphs.filter(anchor=anchor).first() if anchor else None


def meeting_list(*, report_id: int | None = None, kind: str | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("region", "report").annotate(
        opinion_count=Count("opinions", distinct=True),
        instruction_count=Count("instructions", distinct=True),
    )
    if report_id:
        meetings = meetings.filter(report_id=report_id)
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.order_by("-date", "-id")


def meeting_get(*, meeting_id: int) -> Meeting:
    """Raises NotFound (a Meeting.DoesNotExist)."""
    meetings = Meeting.objects.select_related(
        "region__parent", "report", "report_version"
    ).prefetch_related(
        "people",
        "groups",
        "speeches",
        "instructions__referrals__lead_unit",
        "instructions__referrals__units",
        "attachments",
        "insights",
        Prefetch(
            "cooperation_items",
            queryset=CooperationItem.objects.select_related("unit__region").prefetch_related(
                "projects"
            ),
        ),
    )
    return found(meetings, pk=meeting_id)


def meeting_files(meeting: Meeting) -> QuerySet[Attachment]:
    return Attachment.objects.filter(meeting=meeting).select_related("uploaded_by")


def meeting_file_get(*, meeting_id: int, attachment_id: int) -> Attachment:
    """One file of one meeting (raises Attachment.DoesNotExist); seeing it is seeing the
    meeting (engagement.view_meeting), checked by the caller."""
    files = Attachment.objects.select_related("meeting__region").filter(meeting_id=meeting_id)
    return found(files, pk=attachment_id)


def referral_list() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "lead_unit", "instruction__meeting", "opinion"
    ).prefetch_related("units")


def opinion_get(*, opinion_id: int) -> Opinion:
    """Raises NotFound (an Opinion.DoesNotExist)."""
    opinions = Opinion.objects.select_related(
        "report__region", "version", "unit", "meeting", "result_version", "submitted_by"
    )
    return found(opinions, pk=opinion_id)


def public_opinion(*, opinion_id: int) -> Opinion | None:
    """The opinion if staff marked its answer public, else None."""
    return (
        Opinion.objects.select_related("report__region")
        .filter(pk=opinion_id, is_public=True)
        .first()
    )


def opinion_diff_notes(version: ReportVersion) -> dict[str, list[DiffNote]]:
    """For the version comparison: paragraphs of `version` changed because of opinions."""
    notes: dict[str, list[DiffNote]] = {}
    rows = (
        Opinion.objects.filter(result_version=version)
        .exclude(result_anchor="")
        .values_list("pk", "result_anchor")
    )
    for pk, anchor in rows:
        notes.setdefault(anchor, []).append(
            DiffNote(str(_("因意见修改")), reverse("engagement:opinion_detail", args=[pk]))
        )
    return notes


def opinion_scope(user: Any) -> tuple[str, ...] | None:
    """The region-code prefixes whose reports' opinions a user reads: the regions of their
    units and everything below them (GB/T 2260 codes nest by prefix). None for administrators."""
    if is_admin(user):
        return None
    return tuple(
        sorted({region_code_prefix(code) or code for _role, _unit, code in role_grants(user)})
    )


def referral_units(meeting: Meeting) -> list[Unit]:
    """Units a meeting's instructions can be referred to: those of its region and below."""
    return units_under(meeting.region)


def units_under(region: Region | None) -> list[Unit]:
    """Units of a region and the regions below it (the first 200 units when none is known)."""
    if region is None:
        return list(Unit.objects.filter(is_active=True).select_related("region")[:200])
    prefix = region_code_prefix(region.code) or region.code
    return list(
        Unit.objects.filter(is_active=True, region__code__startswith=prefix)
        .select_related("region")
        .order_by("region__code", "sort_order", "name")[:300]
    )


# ---------------------------------------------------------------------------------------------
# Look-ups by id for the API: each raises NotFound (also the model's DoesNotExist) naming
# what is missing, which the API answers with its JSON 404.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationDraft:
    """The draft a report puts out for comments, as the public consultation page shows it."""

    report: WorkReport
    version: ReportVersion
    sections: list[ReportSection]
    paragraphs: list[ReportParagraph]
    opinion_counts: dict[str, int]  # opinions drawn by each paragraph (by anchor)


def consultation_draft_get(report: WorkReport) -> ConsultationDraft:
    """The draft out for comments with its outline; NotFound (a ReportVersion.DoesNotExist)
    when the report has no published draft."""
    version = consultation_version(report)
    if version is None:
        raise not_found(ReportVersion, _("这份报告没有公开征求意见的稿子。"))
    return ConsultationDraft(
        report=report,
        version=version,
        sections=list(version.sections.select_related("parent").order_by("order")),
        paragraphs=list(version.paragraphs.select_related("section").order_by("order")),
        opinion_counts=opinions_by_anchor(report),
    )


def report_version_get(*, report: WorkReport, number: int) -> ReportVersion:
    """The version an opinion cites or a meeting discusses (raises NotFound)."""
    message = _("报告没有第 %(n)s 版。") % {"n": number}
    return found(report.versions.all(), message=message, number=number)


def meeting_ref_get(*, meeting_id: int) -> Meeting:
    """A meeting named by an opinion or a referral, without its details (raises NotFound)."""
    return found(Meeting.objects.all(), pk=meeting_id)


def instruction_get(*, instruction_id: int) -> Instruction:
    """Raises NotFound (an Instruction.DoesNotExist)."""
    return found(Instruction.objects.select_related("meeting"), pk=instruction_id)


def referral_get(*, referral_id: int) -> Referral:
    """Raises NotFound (a Referral.DoesNotExist)."""
    return found(referral_list(), pk=referral_id)


def _handling_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("region")


def handling_unit_get(*, unit_id: int) -> Unit:
    """A unit in use that an opinion can be handed to (raises NotFound)."""
    return found(_handling_units(), pk=unit_id)


def handling_units_get(*, unit_ids: Iterable[int]) -> list[Unit]:
    """Units in use in the order given (the first leads), each once; NotFound names every
    id that is missing."""
    return found_all(_handling_units(), unit_ids)


def with_state_labels(opinions: list[Opinion], region: Region | None = None) -> list[Opinion]:
    """Put each opinion's answer-state word on it (`state_label`), in the words of its report's
    region — or of `region` for opinions all on one report: one query per region."""
    by_region: dict[int, dict[str, str]] = {}
    for opinion in opinions:
        where = region if region is not None else opinion.report.region
        if where.pk not in by_region:
            by_region[where.pk] = state_labels(where)
        opinion.state_label = by_region[where.pk][opinion.state]  # type: ignore[attr-defined]
    return opinions


def opinion_labelled_get(*, opinion_id: int) -> Opinion:
    """`opinion_get` with its answer-state word on it (`state_label`); raises NotFound."""
    return with_state_labels([opinion_get(opinion_id=opinion_id)])[0]
