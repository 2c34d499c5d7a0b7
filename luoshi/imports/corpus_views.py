"""Pages of a corpus (批量导入): what became of each file, kept up to date while the workers
read, and one action that commits every clean report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.view_guards import signed_in_with
from luoshi.imports import read_jobs
from luoshi.imports.corpus import import_corpus_create, members_of_zip
from luoshi.imports.corpus_progress import corpus_get_for_user, corpus_progress
from luoshi.imports.corpus_review import corpus_commit_clean
from luoshi.imports.models import ImportCorpus


def corpus_upload(request: HttpRequest, name: str, content: bytes) -> HttpResponse:
    """An uploaded zip (from the 文档导入 form): its documents imported, its page opened.
    Raises ValidationError, with nothing stored, for an archive refused whole."""
    corpus = import_corpus_create(actor=request.user, name=name, members=members_of_zip(content))
    return redirect("imports:corpus_detail", corpus_id=corpus.pk)


def _corpus_or_404(request: HttpRequest, corpus_id: int) -> ImportCorpus:
    read_jobs.import_batches_fail_stale()  # a file whose job died is shown failed, not busy
    try:
        return corpus_get_for_user(user=request.user, corpus_id=corpus_id)
    except ImportCorpus.DoesNotExist as error:
        raise Http404(_("没有这次批量导入")) from error


@signed_in_with("imports.add_importbatch")
def corpus_detail(request: HttpRequest, corpus_id: int) -> HttpResponse:
    corpus = _corpus_or_404(request, corpus_id)
    template = "imports/_corpus_files.html" if request.htmx else "imports/corpus_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"corpus": corpus, "progress": corpus_progress(corpus)})


@require_POST
@signed_in_with("imports.add_importbatch")
def corpus_commit(request: HttpRequest, corpus_id: int) -> HttpResponse:
    corpus = _corpus_or_404(request, corpus_id)
    try:
        result = corpus_commit_clean(actor=request.user, corpus=corpus)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [])) or _("无权入库。"))
    else:
        messages.success(
            request,
            _("已入库 %(done)d 份报告；%(left)d 份需要逐份核对。")
            % {"done": len(result.committed), "left": len(result.left)},
        )
    return redirect("imports:corpus_detail", corpus_id=corpus.pk)
