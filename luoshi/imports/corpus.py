"""A corpus: many documents brought in at once, from a zip (uploaded on 文档导入, or given to
`luoshi import`) or a folder. Each readable file becomes an import batch of its own (the same
bytes as an earlier one are recognised and not read again), read by the worker pool like any
upload; the corpus records what became of every file.

The archive is examined whole before anything is stored: a file that is not a zip, a zip bomb
(a member far more compressed than documents ever are, or more in all than any corpus needs)
or one with too many members is refused in one sentence, and nothing is written. Within a good
archive a bad file — not a document, too big, empty, a zip inside the zip — is listed with the
reason and the others are imported; a file the reader cannot read fails in its own batch.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.upload_screening import display_name
from luoshi.imports.models import CorpusFile, CorpusOutcome, ImportCorpus
from luoshi.imports.services import MAX_IMPORT_BYTES, import_batch_create

DOCUMENT_SUFFIXES = (".txt", ".htm", ".html", ".docx")
MAX_FILES = 2_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # unpacked: a year of every county's reports is ~200 MB
# Plain text compresses about 3–10 times; 100 times and more is a bomb, not a report.
MAX_RATIO = 100
SKIPPED_PARTS = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class CorpusMember:
    """A file of the corpus: its bytes, or why it is not imported."""

    name: str
    content: bytes | None
    refusal: str = ""


def _refusal(name: str, size: int) -> str:
    if not name.lower().endswith(DOCUMENT_SUFFIXES):
        if name.lower().endswith(".zip"):
            return _("压缩包里的压缩包不展开，请解开后再导入。")
        return _("不是可识别的文档（只支持 txt、html、docx）。")
    if size == 0:
        return _("文件是空的。")
    if size > MAX_IMPORT_BYTES:
        return _("文件超过 %(mb)d MB 的上限。") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
    return ""


def _skipped(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(part in SKIPPED_PARTS or part.startswith("._") for part in parts)


def members_of_zip(data: bytes) -> Iterator[CorpusMember]:
    """The files of a zip, one at a time, after the archive is checked whole: ValidationError
    (nothing read) for a file that is not a zip, too many files, or a bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError({"file": _("这不是一个能打开的 zip 压缩包。")}) from error
    infos = [info for info in infos if not _skipped(info.filename)]
    if len(infos) > MAX_FILES:
        raise ValidationError(
            {
                "file": _("压缩包里有 %(n)d 个文件，超过 %(max)d 个的上限。")
                % {"n": len(infos), "max": MAX_FILES}
            }
        )
    declared = sum(info.file_size for info in infos)
    bomb = any(
        info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024
        for info in infos
    )
    if bomb or declared > MAX_TOTAL_BYTES:
        raise ValidationError({"file": _("压缩包解开后异常巨大（疑似压缩炸弹），未导入任何文件。")})
    return _read_members(archive, infos)


def _read_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Iterator[CorpusMember]:
    for info in infos:
        name = _member_name(info)
        refusal = _refusal(name, info.file_size)
        if refusal:
            yield CorpusMember(name, None, refusal)
            continue
        try:
            with archive.open(info) as handle:
                # The declared size can lie: never read more than a document may be.
                content = handle.read(MAX_IMPORT_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            yield CorpusMember(name, None, _("压缩包里的这个文件已损坏或加密。"))
            continue
        refusal = _refusal(name, len(content))
        yield CorpusMember(name, None if refusal else content, refusal)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's path; zips made on Chinese Windows name files in GBK without saying so
    (Python then decodes them as CP437)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


def members_of_folder(folder: Path) -> Iterator[CorpusMember]:
    """The files under a folder (sub-folders included), by path."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if _skipped(name):
            continue
        refusal = _refusal(name, path.stat().st_size)
        try:
            content = None if refusal else path.read_bytes()
        except OSError:
            refusal = _("无法读取这个文件。")
        yield CorpusMember(name, None if refusal else content, refusal)


def members_of_path(path: Path) -> Iterator[CorpusMember]:
    """A folder's files, a zip's, or a single document."""
    if path.is_dir():
        return members_of_folder(path)
    if not path.is_file():
        raise ValidationError(_("%(path)s 既不是文件夹也不是文件。") % {"path": path})
    if path.suffix.lower() == ".zip":
        return members_of_zip(path.read_bytes())
    refusal = _refusal(path.name, path.stat().st_size)
    return iter([CorpusMember(path.name, None if refusal else path.read_bytes(), refusal)])


def import_corpus_create(
    *, actor: Actor, name: str, members: Iterator[CorpusMember] | list[CorpusMember]
) -> ImportCorpus:
    """Record the corpus and import each of its documents as a batch of its own (queued for
    the workers after commit). One file's refusal never stops the others."""
    if actor is None:
        raise ValueError("A corpus is always brought in by a person.")
    ensure_allowed(actor, "imports.add_importbatch")
    with transaction.atomic():  # a crash midway leaves no corpus half recorded
        return _import_members(actor, name, members)


def _import_members(
    actor: Any, name: str, members: Iterator[CorpusMember] | list[CorpusMember]
) -> ImportCorpus:
    corpus = save_with_log(
        actor=actor,
        instance=ImportCorpus(name=display_name(name)[:200] or _("批量导入"), uploaded_by=actor),
        verb="import_corpus.created",
    )
    counts = dict.fromkeys(CorpusOutcome.values, 0)
    for position, member in enumerate(members, start=1):
        shown = "/".join(display_name(part) for part in PurePosixPath(member.name).parts)
        row = CorpusFile(corpus=corpus, position=position, name=shown[:300])
        if member.content is None:
            row.outcome, row.reason = CorpusOutcome.REFUSED, member.refusal[:300]
        else:
            try:
                with transaction.atomic():
                    created = import_batch_create(
                        actor=actor,
                        file_name=display_name(PurePosixPath(member.name).name),
                        content=member.content,
                    )
            except ValidationError as error:
                row.outcome, row.reason = CorpusOutcome.REFUSED, " ".join(error.messages)[:300]
            else:
                row.batch = created.batch
                row.outcome = CorpusOutcome.SAME if created.duplicate else CorpusOutcome.NEW
        row.save()
        counts[row.outcome] += 1
    log_action(actor=actor, verb="import_corpus.uploaded", target=corpus, after=counts)
    return corpus
