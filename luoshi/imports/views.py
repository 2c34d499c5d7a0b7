"""Import pages: upload, progress, review (HTMX), commit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.templatetags.chinese_dates import chinese_datetime
from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.engagement.models import MeetingKind
from luoshi.imports import committing, meeting_review, read_jobs, selectors, services
from luoshi.imports.corpus_progress import corpus_list_for_user
from luoshi.imports.corpus_views import corpus_upload
from luoshi.imports.forms import BatchMetaForm, ItemEditForm, UploadForm
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportItem
from luoshi.indicators.models import Direction, Measure, Qualifier

ITEM_CHOICES = {
    "measures": Measure.choices,
    "qualifiers": Qualifier.choices,
    "directions": Direction.choices,
    "meeting_kinds": MeetingKind.choices,
}


def _batch_or_404(request: HttpRequest, batch_id: int) -> ImportBatch:
    read_jobs.import_batches_fail_stale()  # a batch whose job died is shown failed, not busy
    try:
        return selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    except ImportBatch.DoesNotExist as error:
        raise Http404(_("没有这个导入")) from error


@signed_in_with("imports.add_importbatch")
def batch_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            name, content = form.name_and_bytes()
            try:
                if name.lower().endswith(".zip"):  # many documents: a corpus
                    return corpus_upload(request, name, content)
                created = services.import_batch_create(
                    actor=request.user, file_name=name, content=content
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                if created.restarted:
                    messages.info(request, _("这个文件上次识别失败，已重新开始识别。"))
                elif created.duplicate:
                    messages.info(
                        request,
                        _("这个文件已经导入过（%(when)s），已打开原来的导入。")
                        % {"when": chinese_datetime(created.batch.created_at)},
                    )
                return redirect("imports:batch_detail", batch_id=created.batch.pk)
    read_jobs.import_batches_fail_stale()
    return render(
        request,
        "imports/batch_list.html",
        {
            "form": form,
            "batches": selectors.batch_list_for_user(user=request.user)[:100],
            "corpora": corpus_list_for_user(user=request.user)[:20],
        },
        status=400 if form.errors else 200,
    )


@signed_in_with("imports.add_importbatch")
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    if batch.is_busy or batch.status == BatchStatus.FAILED:
        return render(request, "imports/batch_progress.html", {"batch": batch})
    items = list(selectors.batch_items(batch))
    catalogue = selectors.indicator_lookup()  # once, for the problems and the suggestions
    meeting_review.with_suggested_dates(batch, items)
    context = {
        "batch": batch,
        "groups": selectors.items_by_kind(items),
        "chunks": selectors.highlighted_text(batch, items),
        "reading_warnings": selectors.reading_warnings(batch),
        "counts": selectors.decision_counts(items),
        "meta_form": BatchMetaForm(
            initial={
                "region_ref": batch.region.code if batch.region else "",
                "year": batch.year,
                "title": batch.title,
                "create_version": batch.create_version,
                "create_meetings": batch.create_meetings,
                "version_kind": batch.version_kind,
            }
        ),
        "problems": selectors.item_problems(items, catalogue),
        "candidates": _with_suggested_codes(items, catalogue),
        "may_add_indicator": request.user.has_perm("indicators.add_indicator"),
        "refusal": selectors.write_refusal(user=request.user, batch=batch),
        "contract": (batch.extraction or {}).get("contract", {}),
        **ITEM_CHOICES,
    }
    return render(request, "imports/batch_review.html", context)


def _with_suggested_codes(
    items: list[ImportItem], lookup: dict[str, Any] | None = None
) -> dict[int, str]:
    """Unmatched indicator names, each item carrying the key suggested for adding it."""
    candidates = selectors.catalogue_candidates(items, lookup)
    for item in items:
        item.suggested_code = candidates.get(item.pk, "")  # type: ignore[attr-defined]
    return candidates


@signed_in_with("imports.add_importbatch")
def batch_progress(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress bar, polled by HTMX; when reading is over the page reloads itself."""
    batch = _batch_or_404(request, batch_id)
    response = render(request, "imports/_progress.html", {"batch": batch})
    if not batch.is_busy:
        response["HX-Refresh"] = "true"
    return response


@signed_in_with("imports.add_importbatch")
@require_POST
def batch_retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    try:
        read_jobs.import_batch_requeue(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    return redirect("imports:batch_detail", batch_id=batch.pk)


@signed_in_with("imports.add_importbatch")
@require_POST
def batch_meta(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    form = BatchMetaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.import_batch_update(
                actor=request.user,
                batch=batch,
                changes={
                    "region": data["region_ref"],
                    "year": data["year"],
                    "title": data["title"],
                    "create_version": data["create_version"],
                    "create_meetings": data["create_meetings"],
                    "version_kind": data["version_kind"],
                },
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("已保存文档信息。"))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect("imports:batch_detail", batch_id=batch.pk)


def _edited_values(request: HttpRequest, item: ImportItem) -> dict[str, object]:
    """The reviewer's corrections, typed; raises ValidationError with the first problem."""
    form = ItemEditForm(request.POST, kind=item.kind)
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    try:
        return form.edited_values()
    except forms.ValidationError as error:
        raise ValidationError(error.messages) from error


@signed_in_with("imports.add_importbatch")
@require_POST
def item_decide(request: HttpRequest, batch_id: int, item_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    try:
        item = batch.items.get(pk=item_id)
    except ImportItem.DoesNotExist as error:
        raise Http404(_("没有这一条")) from error
    decision = request.POST.get("decision", "")
    error_message = ""
    try:
        edited = _edited_values(request, item) if decision == Decision.EDITED else None
        services.import_item_decide(actor=request.user, item=item, decision=decision, edited=edited)
    except ValidationError as error:
        error_message = "；".join(error.messages)
        item.refresh_from_db()
    if request.htmx:  # type: ignore[attr-defined]
        catalogue = selectors.indicator_lookup()
        meeting_review.with_suggested_dates(batch, [item])
        return render(
            request,
            "imports/_item.html",
            {
                "item": item,
                "batch": batch,
                "error": error_message,
                "problems": selectors.item_problems([item], catalogue),
                "candidates": _with_suggested_codes([item], catalogue),
                "may_add_indicator": request.user.has_perm("indicators.add_indicator"),
                **ITEM_CHOICES,
            },
        )
    if error_message:
        messages.error(request, error_message)
    return redirect("imports:batch_detail", batch_id=batch.pk)


@signed_in_with("imports.add_importbatch")
@require_POST
def accept_pending(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    try:
        count = services.import_items_accept_pending(
            actor=request.user, batch=batch, kind=request.POST.get("kind") or None
        )
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已接受 %(n)d 条。") % {"n": count})
    return redirect("imports:batch_detail", batch_id=batch.pk)


@signed_in_with("imports.add_importbatch")
@require_POST
def batch_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    try:
        result = committing.import_batch_commit(actor=request.user, batch=batch)
    except ValidationError as error:
        refusal_messages(request, error)
        return redirect("imports:batch_detail", batch_id=batch.pk)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("您没有权限为该行政区划录入报告或指标。"))
        return redirect("imports:batch_detail", batch_id=batch.pk)
    messages.success(
        request,
        _("已入库：%(t)d 个目标、%(o)d 项指标完成情况、%(c)d 项承诺事项。")
        % {"t": result.targets, "o": result.observations, "c": result.commitments},
    )
    if result.skipped:
        messages.info(
            request,
            _("多年目标和多年数据不写入年度表（保留在报告原文中）：%(items)s。")
            % {
                "items": "、".join(result.skipped[:10]) + ("等" if len(result.skipped) > 10 else "")
            },
        )
    if result.report is not None:
        return redirect("reports:report_detail", report_id=result.report.pk)
    if result.meetings:
        return redirect("engagement:meeting_detail", meeting_id=result.meetings[0].pk)
    return redirect("imports:batch_detail", batch_id=batch.pk)
