"""`luoshi restore PATH [--force]`: put back what `luoshi backup` archived, after checking
every checksum (see luoshi.core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database, the uploaded files and the secret key from a `luoshi backup` "
        "archive. Stop the server and the workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by `luoshi backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data",
        )

    def handle(self, *args: Any, archive: str | Path, force: bool = False, **options: Any) -> None:
        try:
            summary = backup_restore(archive=Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {summary.created_at}: {summary.tables} tables, "
            f"{summary.rows} rows."
        )
        if summary.media_files is not None:
            self.stdout.write(
                f"Uploads: {summary.media_files} file{'' if summary.media_files == 1 else 's'}."
            )
        if summary.secret_key_restored:
            self.stdout.write("Secret key: restored into the var folder.")
            if summary.secret_key_from_environment:
                self.stdout.write("  (SECRET_KEY in the environment still takes precedence.)")
        if summary.chain is not None:
            self.stdout.write(
                f"action log intact: {summary.chain.entries} entries"
                if summary.chain.intact
                else f"Warning: {summary.chain.broken}."
            )
        if summary.pending_migrations:
            self.stdout.write(
                f"The database lacks {summary.pending_migrations} migrations of this version: "
                "run `luoshi migrate` now."
            )
        if summary.leftover_tables:
            self.stdout.write(
                "Left as they were, being in the database but not in the archive: "
                f"{', '.join(summary.leftover_tables)} (restore into an empty database to "
                "drop them)."
            )
        if summary.differences:
            self.stdout.write(self.style.ERROR("Row counts differ from the archive's manifest:"))
            for difference in summary.differences:
                self.stdout.write(f"  {difference}")
            raise CommandError("The restored database does not match the archive's row counts.")
        self.stdout.write(
            self.style.SUCCESS("Every table has the row count the archive's manifest lists.")
        )
