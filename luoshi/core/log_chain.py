"""The action log's hash chain: each entry seals its own fields and its predecessor's hash.

`entry_hash` is SHA-256 over a canonical JSON of the entry (actor, verb, target type/id/repr,
before, after, visibility, created_at) and `prev_hash`, the hash of the entry before it in id
order (`GENESIS_HASH` for the first). Changing, removing or reordering a stored entry — by raw
SQL, past every guard of the ORM — breaks the chain at that entry, and `verify_chain` says
where. The hash format is a stored contract: migration 0005 backfilled existing entries with
`entry_digest`, so changing it needs a migration that re-chains the log.

Appends are serialised, so two transactions never chain off the same predecessor: on
PostgreSQL by a transaction-scoped advisory lock taken before the last entry is read; SQLite
serialises writers itself (every transaction begins IMMEDIATE, see config.environment). The
unique constraint on `prev_hash` turns a fork that slipped past both into an IntegrityError.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from luoshi.core.models import ActionLog

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock key shared by every process appending to the log ("LUOS").
CHAIN_LOCK_KEY = 0x4C554F53

HASHED_FIELDS = (
    "actor_id",
    "verb",
    "target_type_id",
    "target_id",
    "target_repr",
    "before",
    "after",
    "visibility",
    "created_at",
)


def _canonical(value: Any) -> Any:
    """JSON data whose serialisation survives a trip through the database unchanged.

    PostgreSQL's jsonb reorders keys and prints numbers its own way (a float 1e20 comes back
    as the integer 100000000000000000000), so keys are sorted and integral floats are written
    as integers; other floats keep Python's round-tripping repr.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def entry_digest(fields: Mapping[str, Any], prev_hash: str) -> str:
    """The SHA-256 hex digest sealing one entry's `HASHED_FIELDS` and its predecessor."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["created_at"] = _timestamp(fields["created_at"])
    payload["prev_hash"] = prev_hash
    text = json.dumps(
        _canonical(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_lock() -> None:
    """Hold the log's append lock until the current transaction ends (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def last_hash() -> str:
    """The hash the next entry chains to; call it under `chain_lock` in the same transaction."""
    latest = ActionLog.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return latest or GENESIS_HASH


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    problem: str

    def __str__(self) -> str:
        return f"action log broken at entry {self.entry_id}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _stored_entries() -> Iterator[dict[str, Any]]:
    columns = ("id", "prev_hash", "entry_hash", *HASHED_FIELDS)
    return ActionLog.objects.order_by("id").values(*columns).iterator(chunk_size=2000)


def verify_chain() -> ChainReport:
    """Walk the log in id order, recompute every hash, stop at the first broken link."""
    expected_prev, previous_id, count = GENESIS_HASH, None, 0
    for row in _stored_entries():
        if row["prev_hash"] != expected_prev:
            after = f"entry {previous_id}" if previous_id is not None else "the start of the log"
            return ChainReport(
                count,
                expected_prev,
                ChainBreak(
                    row["id"],
                    f"its prev_hash {row['prev_hash'][:12]}… is not the hash of {after} "
                    f"({expected_prev[:12]}…), so an entry before it was removed, inserted or "
                    "re-sealed",
                ),
            )
        if entry_digest(row, row["prev_hash"]) != row["entry_hash"]:
            return ChainReport(
                count,
                expected_prev,
                ChainBreak(
                    row["id"],
                    "its fields no longer match its entry_hash, so it was changed after it "
                    "was written",
                ),
            )
        expected_prev, previous_id, count = row["entry_hash"], row["id"], count + 1
    return ChainReport(count, expected_prev, None)
