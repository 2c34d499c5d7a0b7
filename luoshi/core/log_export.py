"""The filtered action log as a spreadsheet (.xlsx) or CSV (UTF-8 with a byte-order mark, so
that Excel on Windows opens the Chinese correctly, as the portal's files are).

Each row is one entry: the local time (Asia/Shanghai, never UTC), who, the action and the
object in words, the sentence, the note, and the changed fields as one line of text. Cells go
through the spreadsheet kit (`luoshi.core.spreadsheets.writing`): what people typed stays text
and never becomes a formula. An export holds at most `EXPORT_LIMIT` entries; a larger selection
is refused with the count, so the office narrows the dates instead of waiting on a huge file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment

from luoshi.core.action_verbs import verb_label
from luoshi.core.log_changes import changes_text
from luoshi.core.log_sentences import LogLine, log_lines
from luoshi.core.models import ActionLog
from luoshi.core.spreadsheets.writing import (
    csv_safe,
    header_row,
    put,
    title_row,
    workbook_bytes,
)

EXPORT_LIMIT = 20_000
CHUNK = 1_000
WIDTHS = (19, 12, 16, 12, 36, 60, 40, 60, 10)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def headers() -> list[str]:
    return [
        gettext("时间"),
        gettext("操作人"),
        gettext("动作"),
        gettext("对象类型"),
        gettext("对象"),
        gettext("记录"),
        gettext("说明"),
        gettext("变更内容"),
        gettext("可见范围"),
    ]


def _lines(entries: QuerySet[ActionLog]) -> Iterator[LogLine]:
    """The entries as lines, a chunk at a time (the objects they name looked up per chunk)."""
    chunk: list[ActionLog] = []
    for entry in entries.iterator(chunk_size=CHUNK):
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield from log_lines(chunk)
            chunk = []
    if chunk:
        yield from log_lines(chunk)


def export_rows(entries: QuerySet[ActionLog]) -> Iterator[list[Any]]:
    """One row per entry: [local time, who, action, kind of object, object, sentence, note,
    changes, visibility]."""
    for line in _lines(entries):
        entry = line.entry
        target_type = (
            ContentType.objects.get_for_id(entry.target_type_id) if entry.target_type_id else None
        )
        model = target_type.model_class() if target_type is not None else None
        yield [
            timezone.localtime(entry.created_at).replace(microsecond=0),
            line.sentence.subject,
            verb_label(entry.verb, target_type),
            str(model._meta.verbose_name) if model is not None else "",
            entry.target_repr,
            line.sentence.text(),
            line.sentence.note,
            changes_text(line.changes),
            entry.get_visibility_display(),
        ]


def log_xlsx(title: str, rows: Iterable[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = gettext("操作日志")
    names = headers()
    title_row(sheet, title, len(names), size=14)
    header_row(sheet, 2, names, WIDTHS)
    for row_number, row in enumerate(rows, start=3):
        for column, value in enumerate(row, start=1):
            shown = TIME_FORMAT if column == 1 else None
            cell = put(sheet, row_number, column, value, number_format=shown)
            cell.alignment = WRAP_TOP
    sheet.freeze_panes = "A3"
    return workbook_bytes(workbook)


def log_csv(rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows:
        moment = row[0]
        writer.writerow([moment.strftime("%Y-%m-%d %H:%M:%S"), *(csv_safe(v) for v in row[1:])])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
