"""The action log's page and its export (管理员、督查室: `core.view_actionlog`).

The page reads the log in sentences, narrowed by the filters of `luoshi.core.log_filters`, a
page at a time from an entry (`luoshi.core.log_paging`), so every entry can be reached however
long the log grows; the export writes the same selection as .xlsx or .csv.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core import selectors
from luoshi.core.downloads import download, xlsx_download
from luoshi.core.log_export import EXPORT_LIMIT, export_rows, log_csv, log_xlsx
from luoshi.core.log_filters import LogFilterForm
from luoshi.core.log_paging import log_page
from luoshi.core.log_sentences import log_lines
from luoshi.core.view_guards import signed_in_with

LOG_PAGE_SIZE = 100
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _cursor(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@signed_in_with("core.view_actionlog")
def action_log(request: HttpRequest) -> HttpResponse:
    """The whole log in sentences, filtered, paged by position (any depth), exportable."""
    form = LogFilterForm(request.GET or None)
    form.is_valid()  # the valid filters apply; the others are shown with their errors
    filters = form.filters()
    entries = selectors.action_log_filtered(filters)
    page = log_page(
        entries,
        before=_cursor(request, "before"),
        after=_cursor(request, "after"),
        size=LOG_PAGE_SIZE,
    )
    count = entries.count()
    query = _query_without(request, "before", "after")
    people_query = _query_without(request, "before", "after", "person")
    # Reached from one object's 变更记录: the way out to all objects of its kind.
    one_object = (
        _query_without(request, "before", "after", "object_id") if filters.target_id else ""
    )
    return render(
        request,
        "core/action_log.html",
        {
            "form": form,
            "lines": log_lines(page.entries),
            "page": page,
            "count": count,
            # Grouped by thousands as offices write figures (2,500), whatever the locale's
            # grouping (zh-hans groups by ten thousands: 20,0000).
            "figures": {
                "start": f"{page.start:,}",
                "end": f"{page.end:,}",
                "count": f"{count:,}",
                "limit": f"{EXPORT_LIMIT:,}",
            },
            "query": query,
            "person_url": "?" + (people_query + "&" if people_query else "") + "person=",
            "export_limit": EXPORT_LIMIT,
            "one_object": one_object,
        },
    )


@signed_in_with("core.view_actionlog")
def action_log_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The filtered log as .xlsx or .csv; refused (with the count) past EXPORT_LIMIT."""
    form = LogFilterForm(request.GET or None)
    form.is_valid()
    entries = selectors.action_log_filtered(form.filters())
    count = entries.count()
    if count > EXPORT_LIMIT:
        messages.error(
            request,
            _("筛选出 %(count)s 条记录，超过一次导出的上限 %(limit)s 条，请缩小日期范围后再导出。")
            % {"count": f"{count:,}", "limit": f"{EXPORT_LIMIT:,}"},
        )
        query = request.GET.urlencode()
        return redirect(reverse("core:action_log") + (f"?{query}" if query else ""))
    now = timezone.localtime()
    rows = export_rows(entries)
    filename = _("操作日志-%(date)s") % {"date": now.strftime("%Y%m%d")}
    if file_format == "csv":
        return download(log_csv(rows), f"{filename}.csv", CSV_CONTENT_TYPE)
    title = _("操作日志（导出时间 %(time)s，共 %(count)s 条）") % {
        "time": now.strftime("%Y-%m-%d %H:%M"),
        "count": count,
    }
    return xlsx_download(log_xlsx(title, rows), f"{filename}.xlsx")
