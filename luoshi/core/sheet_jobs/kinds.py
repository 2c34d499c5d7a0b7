"""The spreadsheet imports that can run in the background, registered by the apps that own
them (core cannot import them): how to plan and apply from a job's stored parameters, what
to say when done, and how the preview page is titled and confirmed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PreviewPage:
    title: str  # 预览：…
    key_heading: str  # what a preview row names (序号, 项目编号…)
    apply_url: str  # where the confirmation posts
    apply_fields: list[tuple[str, Any]]  # the confirmation's hidden fields besides token, digest
    upload_url: str  # where to upload again


@dataclass(frozen=True)
class SheetImportKind:
    key: str
    title: Any  # the import's name, e.g. 导入分解表
    plan: Callable[[Any, bytes, dict[str, Any]], Any]  # (actor, data, params) → SheetPlan
    # (actor, data, params, digest) → SheetPlan; raises PlanChanged
    apply: Callable[[Any, bytes, dict[str, Any], str | None], Any]
    done: Callable[[Any, dict[str, Any]], tuple[str, str]]  # (result, params) → message, URL
    page: Callable[[dict[str, Any]], PreviewPage]


_KINDS: dict[str, SheetImportKind] = {}


def register(kind: SheetImportKind) -> SheetImportKind:
    _KINDS[kind.key] = kind
    return kind


def kind_for(key: str) -> SheetImportKind:
    try:
        return _KINDS[key]
    except KeyError as error:
        raise LookupError(_("没有这种表格导入：%(key)s") % {"key": key}) from error
