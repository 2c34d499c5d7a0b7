"""`luoshi backup [--output PATH]`: the database, the uploads and the secret key in one
.tar.gz with a manifest of checksums (see luoshi.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database, the uploaded files and the secret key into one .tar.gz archive "
        "(default: var/backups/luoshi-backup-<date>-<time>.tar.gz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="archive file to write, or a folder to write it into"
        )

    def handle(self, *args: Any, output: str | Path | None = None, **options: Any) -> None:
        try:
            summary = backup_create(output=Path(output) if output is not None else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        state = summary.state
        self.stdout.write(
            f"Database: {len(state.tables)} tables, {sum(state.tables.values())} rows "
            f"(action log: {state.log_entries} entries)."
        )
        if summary.media_files is None:
            self.stdout.write("Uploads: kept by a remote storage, not included; back it up there.")
        else:
            self.stdout.write(
                f"Uploads: {summary.media_files} file{'' if summary.media_files == 1 else 's'}."
            )
        if not summary.secret_key_included:
            self.stdout.write(
                "Secret key: not included (SECRET_KEY comes from the environment); keep it "
                "with the archive."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {summary.path} ({summary.size:,} bytes).")
        )
        self.stdout.write("It holds password hashes and the secret key: store it safely.")
