"""报告对照: two reports side by side, their targets aligned by indicator, then chapter by
chapter. Thin: `report_pair` reads the parameters and targets, `reports.side_by_side` the
chapters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from luoshi.core.view_guards import signed_in_with
from luoshi.indicators.report_pair import pair_choice, target_pairs
from luoshi.indicators.table_display import plain_number, target_words
from luoshi.reports.side_by_side import aligned, chapters, readable_version


def _difference(value: object, unit: str) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""  # type: ignore[operator]
    unit = "个百分点" if unit in ("%", "") else unit
    return f"{sign}{plain_number(value)}{unit}"  # type: ignore[arg-type]


@signed_in_with("reports.view_workreport")
def report_pair(request: HttpRequest) -> HttpResponse:
    choice = pair_choice(request.GET)
    context: dict[str, object] = {"choice": choice}
    if choice.ready:
        left, right = choice.left.report, choice.right.report
        assert left is not None and right is not None
        versions = (readable_version(request.user, left), readable_version(request.user, right))
        context["versions"] = versions
        context["targets"] = [
            {
                "pair": pair,
                "left": target_words(pair.left) if pair.left else "–",
                "right": target_words(pair.right) if pair.right else "–",
                "difference": _difference(pair.difference, pair.left.unit if pair.left else ""),
            }
            for pair in target_pairs(left, right)
        ]
        if versions[0] is not None and versions[1] is not None:
            context["pairs"] = aligned(chapters(versions[0]), chapters(versions[1]))
    status = 400 if choice.problems else 200
    return render(request, "indicators/report_pair.html", context, status=status)
