"""A lock on a name, held until the current transaction ends: transactions that name the same
key run one after another from the lock on, whichever process or server they run in.

For a check-then-write that has no row to lock (count what this address sent in the last ten
minutes, then save one more): without it, twelve requests at once all count the same four and
all save. The lock lives in the database, which every app server shares, so it holds however
many processes serve the site — a cache counter would need a cache every process shares, and
the embedded set-up's cache is per process.

- PostgreSQL: a transaction-level advisory lock, `pg_advisory_xact_lock(namespace, key)`,
  both 32-bit numbers derived from the names (the two-number form has its own key space, apart
  from single-number advisory locks). Released at commit or rollback.
- SQLite: one writer at a time already, and Luoshi opens every transaction with BEGIN IMMEDIATE
  (config.environment), so the transaction holds the database's write lock from its start.
"""

from __future__ import annotations

import hashlib
import struct

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections


def _number(text: str) -> int:
    value: int = struct.unpack(">i", hashlib.sha256(text.encode()).digest()[:4])[0]
    return value


def hold_transaction_lock(namespace: str, key: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Wait for, then hold until the transaction ends, the lock named (namespace, key).
    Must be called inside `transaction.atomic()`."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("hold_transaction_lock needs a transaction (transaction.atomic())")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_number(namespace), _number(key)]
            )
    elif connection.vendor == "sqlite":
        mode = str(connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") or "")
        if mode.upper() not in {"IMMEDIATE", "EXCLUSIVE"}:
            raise ImproperlyConfigured(
                "SQLite transactions must begin IMMEDIATE for hold_transaction_lock "
                "(config.environment.database_config sets it)."
            )
    else:  # pragma: no cover - config.environment refuses other databases
        raise ImproperlyConfigured(f"no transaction lock for {connection.vendor}")
