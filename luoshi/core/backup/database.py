"""Copying the configured database out and back in, and describing what it holds.

SQLite goes through the online backup API on Django's own connection (so an in-memory test
database works as well as the WAL file in ./var); PostgreSQL through pg_dump/pg_restore with
the connection settings Django uses. The row counts and migration state written into the
manifest describe exactly the copy: SQLite's are read from the copy itself, PostgreSQL's in
the same exported snapshot that pg_dump reads.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from psycopg.conninfo import make_conninfo

from luoshi.core.models import ActionLog

SUPPORTED_VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# libpq parameters worth passing on from DATABASES OPTIONS (the rest are Django's own).
LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcrl",
    "connect_timeout",
    "options",
    "application_name",
    "target_session_attrs",
    "passfile",
    "service",
    "gssencmode",
    "channel_binding",
)


class BackupError(Exception):
    """Why a backup or restore cannot go on, as one sentence for the person running it."""


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class DatabaseState:
    tables: dict[str, int]
    migrations: dict[str, str]
    log_entries: int
    log_head_hash: str


def vendor_label(vendor: str) -> str:
    return SUPPORTED_VENDORS.get(vendor, vendor)


def configured_vendor() -> str:
    if connection.vendor not in SUPPORTED_VENDORS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _require_autocommit(action: str) -> None:
    if connection.in_atomic_block:
        raise BackupError(f"A {action} cannot run inside a database transaction.")


def model_tables() -> list[str]:
    """Every table of an installed, managed model (auto-created many-to-many ones too)."""
    return sorted(connection.introspection.django_table_names(include_views=False))


def read_state(cursor: Cursor, existing: Iterable[str]) -> DatabaseState:
    """Row counts of every model table in `existing`, the latest applied migration of each
    app, and the action log's length and newest hash."""
    present = set(existing)
    quote = connection.ops.quote_name
    tables: dict[str, int] = {}
    for table in model_tables():
        if table in present:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            tables[table] = int(cursor.fetchone()[0])
    migrations: dict[str, str] = {}
    if "django_migrations" in present:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            migrations[app] = max(name, migrations.get(app, name))
    log_table = ActionLog._meta.db_table
    head = ""
    if log_table in present and tables.get(log_table):
        cursor.execute(f"SELECT * FROM {quote(log_table)} WHERE 1 = 0")
        columns = {column[0] for column in getattr(cursor, "description", None) or ()}
        if "entry_hash" in columns:
            cursor.execute(f"SELECT entry_hash FROM {quote(log_table)} ORDER BY id DESC LIMIT 1")
            head = str(cursor.fetchone()[0])
    return DatabaseState(tables, dict(sorted(migrations.items())), tables.get(log_table, 0), head)


def current_state() -> DatabaseState:
    """What the configured database holds now (read after a restore)."""
    with connection.cursor() as cursor:
        return read_state(cursor, connection.introspection.table_names(cursor))


def holds_data() -> bool:
    """True once anyone has used the database: a user exists or an action was logged.

    A freshly migrated database holds rows too (content types, permissions, the indicator
    catalogue), none of which a restore would lose.
    """
    existing = set(connection.introspection.table_names())
    return any(
        model._meta.db_table in existing and model._base_manager.exists()
        for model in (get_user_model(), ActionLog)
    )


def unknown_migrations(applied: dict[str, str]) -> list[str]:
    """The archive's latest migrations that this version of Luoshi does not have."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [f"{app}.{name}" for app, name in applied.items() if (app, name) not in graph.nodes]


def pending_migrations() -> int:
    """How many of this version's migrations the configured database lacks."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# SQLite ---------------------------------------------------------------------------------


def dump_sqlite(target: Path) -> DatabaseState:
    _require_autocommit("backup")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # The copy is one self-contained file, whatever journal mode the live one uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return read_state(cursor, [row[0] for row in cursor.fetchall()])
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy the database: {error}.") from error
    finally:
        copy.close()


def restore_sqlite(source: Path) -> None:
    _require_autocommit("restore")
    connection.ensure_connection()
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore the database: {error}.") from error
    finally:
        copy.close()


# PostgreSQL -----------------------------------------------------------------------------


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"{program} was not found: install the PostgreSQL client tools "
            "(postgresql-client) of the server's major version or newer."
        )
    return found


def _connection_arguments() -> tuple[str, dict[str, str]]:
    """libpq's connection string for the configured database, and the environment with the
    password (kept off the command line, where `ps` would show it)."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS") or {}
    params = {key: str(options[key]) for key in LIBPQ_OPTIONS if options.get(key) is not None}
    for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("dbname", "NAME")):
        if settings.get(setting):
            params[key] = str(settings[setting])
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return make_conninfo(**params), env


def _run(program: str, arguments: list[str]) -> None:
    conninfo, env = _connection_arguments()
    command = [_client(program), *arguments, f"--dbname={conninfo}"]
    try:
        finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BackupError(f"{program} could not be started: {error.strerror}.") from error
    if finished.returncode != 0:
        lines = [line.strip() for line in finished.stderr.splitlines() if line.strip()]
        reason = next((line for line in lines if "error" in line.lower()), None)
        reason = reason or (lines[0] if lines else f"exit status {finished.returncode}")
        raise BackupError(f"{program} failed, nothing was changed: {reason.rstrip('.')}.")


def dump_postgresql(target: Path) -> DatabaseState:
    _require_autocommit("backup")
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and for pg_dump, which imports it.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = read_state(cursor, connection.introspection.table_names(cursor))
        _run("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return state


def restore_postgresql(source: Path) -> None:
    """Replace the configured database's objects with the dump's, all or nothing."""
    _require_autocommit("restore")
    _client("pg_restore")
    connection.close()  # hold no locks on the tables pg_restore drops
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        ],
    )
