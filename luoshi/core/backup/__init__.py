"""Backup and restore of a Luoshi installation: database, uploads and secret key in one
archive (`luoshi backup`, `luoshi restore`)."""

from luoshi.core.backup.database import BackupError
from luoshi.core.backup.operations import (
    BackupSummary,
    RestoreSummary,
    backup_create,
    backup_restore,
)

__all__ = ["BackupError", "BackupSummary", "RestoreSummary", "backup_create", "backup_restore"]
