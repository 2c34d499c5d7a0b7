"""`backup_create` and `backup_restore`, which the `luoshi backup` and `luoshi restore`
commands call.

A restore changes nothing until the whole archive has been read and every checksum matched,
the archive's database engine is the configured one, and its migrations are all known to
this version. Then the database goes first (PostgreSQL in one transaction, SQLite in one
backup step), so a failure there still leaves everything as it was; then the uploads and the
secret key. Afterwards every table is counted again against the manifest, the action log's
chain is checked, and the restore itself is appended to the log.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError
from django.utils import timezone

from luoshi.core.action_log import log_action
from luoshi.core.backup import database
from luoshi.core.backup.archive import (
    DATABASE_MEMBERS,
    FORMAT,
    FORMAT_VERSION,
    MEDIA_DIR,
    SECRET_KEY_MEMBER,
    ArchiveWriter,
    extract_verified,
)
from luoshi.core.backup.database import BackupError, DatabaseState, vendor_label
from luoshi.core.log_chain import ChainReport, verify_chain


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    state: DatabaseState
    media_files: int | None  # None: uploads are not on this machine's disk
    secret_key_included: bool
    size: int


@dataclass
class RestoreSummary:
    created_at: str
    tables: int
    rows: int
    differences: list[str] = field(default_factory=list)
    leftover_tables: list[str] = field(default_factory=list)
    media_files: int | None = None
    secret_key_restored: bool = False
    secret_key_from_environment: bool = False
    pending_migrations: int = 0
    chain: ChainReport | None = None


def secret_key_file() -> Path:
    return Path(settings.VAR_DIR) / "secret_key"


def secret_key_from_environment() -> bool:
    return bool(os.environ.get("SECRET_KEY", "").strip())


def media_root() -> Path | None:
    """Where uploads live on disk, or None when the storage keeps them elsewhere (S3…)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def default_archive_path(folder: Path | None = None, now: datetime | None = None) -> Path:
    """`luoshi-backup-<local date>-<time>.tar.gz` in `folder` (default: var/backups), with a
    number added when a backup of the same minute is already there."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M")
    folder = folder or Path(settings.VAR_DIR) / "backups"
    path = folder / f"luoshi-backup-{stamp}.tar.gz"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"luoshi-backup-{stamp}-{number}.tar.gz"
    return path


def _target(output: Path | None) -> Path:
    if output is None:
        target = default_archive_path()
    elif output.is_dir():
        target = default_archive_path(output)
    elif output.exists():
        raise BackupError(f"{output} already exists; choose another --output.")
    else:
        target = output
    uploads = media_root()
    if uploads is not None and target.resolve().is_relative_to(uploads.resolve()):
        raise BackupError(f"{target} is inside MEDIA_ROOT; choose an --output outside it.")
    return target


def _version() -> str:
    try:
        return metadata.version("luoshi")
    except metadata.PackageNotFoundError:
        return "unknown"


def backup_create(*, output: Path | None = None) -> BackupSummary:
    """Write the database, the uploads and the secret key into one archive, atomically: the
    archive appears under its name only once complete. It is readable by its owner only (it
    holds password hashes and the secret key)."""
    vendor = database.configured_vendor()
    target = _target(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, partial_name = tempfile.mkstemp(
            dir=target.parent, prefix=".luoshi-backup-", suffix=".partial"
        )
        os.close(handle)
    except OSError as error:
        raise BackupError(f"Cannot write into {target.parent}: {error.strerror}.") from error
    partial = Path(partial_name)
    try:
        summary = _write_archive(vendor, partial, target)
        os.replace(partial, target)
    except DatabaseError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The database could not be read: {_first_line(error)}.") from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        where = error.filename or target
        raise BackupError(
            f"The backup could not be written ({error.strerror}: {where})."
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def _write_archive(vendor: str, partial: Path, target: Path) -> BackupSummary:
    os.chmod(partial, 0o600)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".luoshi-backup-") as work:
        dump = Path(work) / Path(DATABASE_MEMBERS[vendor]).name
        state = database.dump_sqlite(dump) if vendor == "sqlite" else database.dump_postgresql(dump)
        writer = ArchiveWriter(partial)
        try:
            writer.add_file(DATABASE_MEMBERS[vendor], dump)
            dump.unlink()  # a large dump need not sit on disk twice
            uploads = media_root()
            media_files = None
            if uploads is not None:
                media_files = writer.add_tree(MEDIA_DIR, uploads) if uploads.is_dir() else 0
            key_file = secret_key_file()
            if key_file.is_file():
                writer.add_file(SECRET_KEY_MEMBER, key_file)
            writer.finish(
                {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.localtime().isoformat(timespec="seconds"),
                    "luoshi_version": _version(),
                    "database": {"engine": vendor, "member": DATABASE_MEMBERS[vendor]},
                    "migrations": state.migrations,
                    "tables": state.tables,
                    "action_log": {"entries": state.log_entries, "head_hash": state.log_head_hash},
                    "media": {"included": media_files is not None, "files": media_files or 0},
                    "secret_key": {
                        "included": key_file.is_file(),
                        "from_environment": secret_key_from_environment(),
                    },
                }
            )
        except BaseException:
            writer.abandon()
            raise
    return BackupSummary(
        path=target,
        state=state,
        media_files=media_files,
        secret_key_included=key_file.is_file(),
        size=partial.stat().st_size,
    )


def backup_restore(*, archive: Path, force: bool = False) -> RestoreSummary:
    """Replace the database, the uploads and the secret key with the archive's."""
    vendor = database.configured_vendor()
    if not archive.is_file():
        raise BackupError(f"There is no backup archive at {archive}.")
    uploads = media_root()
    staging_parent = uploads.parent if uploads is not None else Path(settings.VAR_DIR)
    try:
        staging_parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=staging_parent, prefix=".luoshi-restore-"))
    except OSError as error:
        raise BackupError(f"Cannot unpack into {staging_parent}: {error.strerror}.") from error
    try:
        manifest = extract_verified(archive, staging)
        _check_restorable(manifest, vendor, force)
        return _restore(manifest, staging, uploads)
    except OSError as error:
        where = error.filename or archive
        raise BackupError(f"The restore failed ({error.strerror}: {where}).") from error
    except DatabaseError as error:
        raise BackupError(f"The restore failed in the database: {_first_line(error)}.") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_restorable(manifest: dict[str, Any], vendor: str, force: bool) -> None:
    engine = manifest["database"]["engine"]
    if engine != vendor:
        raise BackupError(
            f"The archive holds a {vendor_label(engine)} database but Luoshi is configured for "
            f"{vendor_label(vendor)}: restore it into the same kind of database."
        )
    if DATABASE_MEMBERS[vendor] not in manifest["files"]:
        raise BackupError(f"The archive holds no database ({DATABASE_MEMBERS[vendor]}).")
    unknown = database.unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(
            f"The archive comes from a newer Luoshi (migration {unknown[0]} is unknown here): "
            "upgrade Luoshi before restoring it."
        )
    if not force and database.holds_data():
        raise BackupError(
            "The configured database already holds data (users or action-log entries): "
            "add --force to replace it with the archive's."
        )


def _restore(manifest: dict[str, Any], staging: Path, uploads: Path | None) -> RestoreSummary:
    vendor = manifest["database"]["engine"]
    dump = staging / DATABASE_MEMBERS[vendor]
    if vendor == "sqlite":
        database.restore_sqlite(dump)
    else:
        database.restore_postgresql(dump)
    ContentType.objects.clear_cache()
    cache.clear()  # cached figures describe the database that was replaced

    expected: dict[str, int] = manifest["tables"]
    summary = RestoreSummary(
        created_at=str(manifest.get("created_at", "")),
        tables=len(expected),
        rows=sum(expected.values()),
        secret_key_from_environment=secret_key_from_environment(),
    )
    if uploads is not None and (manifest.get("media") or {}).get("included"):
        summary.media_files = _replace_tree(staging / MEDIA_DIR, uploads)
    if (staging / SECRET_KEY_MEMBER).is_file():
        _install_secret_key(staging / SECRET_KEY_MEMBER)
        summary.secret_key_restored = True

    found = database.current_state().tables
    for table in sorted(expected):
        if expected[table] != found.get(table):
            summary.differences.append(
                f"{table}: {expected[table]} rows in the archive, "
                f"{_rows(found.get(table))} after the restore"
            )
    # pg_restore --clean replaces only what the dump has: tables of later migrations stay.
    summary.leftover_tables = sorted(set(found) - set(expected))
    summary.pending_migrations = database.pending_migrations()
    if summary.pending_migrations == 0:
        summary.chain = verify_chain()
        log_action(
            actor=None,
            verb="backup.restored",
            after={"backup_created_at": summary.created_at, "tables": summary.tables},
        )
    return summary


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(error).__name__


def _rows(count: int | None) -> str:
    return "no table" if count is None else f"{count} rows"


def _replace_tree(source: Path, target: Path) -> int:
    """Make `target` hold exactly what `source` holds (the folder itself stays)."""
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if not source.is_dir():
        return 0
    for child in source.iterdir():
        shutil.move(child, target / child.name)
    return sum(1 for path in target.rglob("*") if path.is_file())


def _install_secret_key(source: Path) -> None:
    key_file = secret_key_file()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=key_file.parent, prefix=".secret_key-")
    with os.fdopen(handle, "wb") as out:
        out.write(source.read_bytes())
    os.chmod(partial, 0o600)
    os.replace(partial, key_file)
