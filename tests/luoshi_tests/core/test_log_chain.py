"""The action log's hash chain: built on every write, checked by `luoshi verify_log`, and on
PostgreSQL append-only below the ORM too.

Tests about raw SQL assert what each database guarantees instead of skipping on one of them
(a skip fails CI): PostgreSQL refuses the change, SQLite lets it through and the chain shows
it.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import threading
from datetime import UTC, datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.urls import reverse

from luoshi.core import log_chain
from luoshi.core.action_log import log_action
from luoshi.core.log_chain import entry_digest, verify_chain
from luoshi.core.models import ActionLog, AppendOnlyError
from luoshi.core.services import unit_create, unit_update

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def bypass_the_trigger() -> None:
    """What a database superuser could do on PostgreSQL, until the test's transaction ends."""
    if ON_POSTGRESQL:
        raw("SET LOCAL session_replication_role = replica")


def entries() -> list[ActionLog]:
    return list(ActionLog.objects.order_by("id"))


def fields_of(entry: ActionLog) -> dict[str, object]:
    return {name: getattr(entry, name) for name in log_chain.HASHED_FIELDS}


def test_every_write_chains_to_the_entry_before_it(world, admin_user):
    unit = unit_create(actor=admin_user, region=world.county, name="甲县统计局")
    unit_update(actor=admin_user, unit=unit, changes={"phone": "0901-1234567"})
    log_action(
        actor=None,
        verb="test.figures",
        target=unit,
        after={"rate": 1.0, "big": 1e20, "small": 5e-05, "名称": "统计", "list": [1, 2.5]},
    )

    chain = entries()
    assert len(chain) >= 3
    assert chain[0].prev_hash == "0" * 64  # the first entry chains to 64 zeros
    for before, entry in itertools.pairwise(chain):
        assert entry.prev_hash == before.entry_hash
    for entry in chain:  # as read back from the database, JSON and timestamps included
        assert entry.entry_hash == entry_digest(fields_of(entry), entry.prev_hash)
    report = verify_chain()
    assert report.intact and report.entries == len(chain)
    assert report.head_hash == chain[-1].entry_hash


def test_the_digest_is_sha256_of_the_documented_canonical_json():
    """The hash format is a stored contract (migration 0005 backfilled it): SHA-256 of the
    entry's fields and prev_hash as compact JSON, keys sorted, non-ASCII kept, integral floats
    as integers, created_at in UTC with microseconds. The JSON is written out here by hand."""
    fields = {
        "actor_id": 3,
        "verb": "unit.updated",
        "target_type_id": 7,
        "target_id": "12",
        "target_repr": "甲县统计局",
        "before": {"phone": "0901-1"},
        "after": {"rate": 1.0, "big": 1e20, "small": 5e-05, "list": [1, 2.5]},
        "visibility": "internal",
        "created_at": datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=UTC),
    }
    text = (
        '{"actor_id":3,"after":{"big":100000000000000000000,"list":[1,2.5],"rate":1,'
        '"small":5e-05},"before":{"phone":"0901-1"},'
        '"created_at":"2026-03-04T05:06:07.000890+00:00",'
        '"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",'
        '"target_id":"12","target_repr":"甲县统计局","target_type_id":7,'
        '"verb":"unit.updated","visibility":"internal"}'
    )
    assert entry_digest(fields, "0" * 64) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_verify_log_reports_an_intact_log(world, admin_user):
    unit_create(actor=admin_user, region=world.county, name="甲县统计局")
    out = StringIO()
    call_command("verify_log", stdout=out)
    count = ActionLog.objects.count()
    assert f"action log intact: {count} entries" in out.getvalue()
    assert ActionLog.objects.order_by("-id").first().entry_hash in out.getvalue()


def test_an_empty_log_is_intact():
    out = StringIO()
    call_command("verify_log", stdout=out)
    assert "action log intact: 0 entries" in out.getvalue()


def test_a_raw_update_is_refused_on_postgresql_and_reported_at_its_entry_on_sqlite(world):
    for n in range(4):
        log_action(actor=None, verb=f"test.step{n}", target=world.bureau, before={"n": n})
    third = entries()[2]
    update = "UPDATE core_actionlog SET before = %s WHERE id = %s"
    if ON_POSTGRESQL:
        with pytest.raises(DatabaseError, match="action log is append-only"), transaction.atomic():
            raw(update, ['{"n": 99}', third.pk])
        third.refresh_from_db()
        assert third.before == {"n": 2}
        assert verify_chain().intact
        return
    raw(update, ['{"n": 99}', third.pk])
    report = verify_chain()
    assert not report.intact and report.broken is not None
    assert report.broken.entry_id == third.pk and "changed after it was written" in str(
        report.broken
    )
    assert report.entries == 2
    with pytest.raises(CommandError, match=f"broken at entry {third.pk}"):
        call_command("verify_log", stdout=StringIO())


def test_a_raw_delete_is_refused_on_postgresql_and_breaks_the_next_link_on_sqlite(world):
    for n in range(4):
        log_action(actor=None, verb=f"test.step{n}", target=world.bureau)
    second, third = entries()[1:3]
    if ON_POSTGRESQL:
        with pytest.raises(DatabaseError, match="action log is append-only"), transaction.atomic():
            raw("DELETE FROM core_actionlog WHERE id = %s", [second.pk])
        assert ActionLog.objects.filter(pk=second.pk).exists()
        return
    raw("DELETE FROM core_actionlog WHERE id = %s", [second.pk])
    report = verify_chain()
    assert report.broken is not None and report.broken.entry_id == third.pk
    assert "prev_hash" in report.broken.problem and "removed" in report.broken.problem


def test_an_entry_re_sealed_with_a_matching_hash_still_breaks_the_next_link(world):
    """Recomputing a changed entry's own hash does not help: its successor points elsewhere."""
    for n in range(3):
        log_action(actor=None, verb=f"test.step{n}", target=world.bureau)
    _first, second, third = entries()
    forged = {**fields_of(second), "verb": "test.forged"}
    forged_hash = entry_digest(forged, second.prev_hash)
    bypass_the_trigger()
    raw(
        "UPDATE core_actionlog SET verb = %s, entry_hash = %s WHERE id = %s",
        ["test.forged", forged_hash, second.pk],
    )
    report = verify_chain()
    assert report.broken is not None and report.broken.entry_id == third.pk


def test_the_orm_cannot_append_around_log_action_or_change_an_entry(world):
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.create(verb="test.unchained")
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.bulk_create([ActionLog(verb="test.unchained")])
    entry = log_action(actor=None, verb="test.chained", target=world.bureau)
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.filter(pk=entry.pk).update(verb="x")
    assert verify_chain().intact


def test_two_entries_can_never_chain_off_the_same_predecessor(world, monkeypatch):
    """Whatever a lock misses, the unique prev_hash refuses a fork."""
    first = log_action(actor=None, verb="test.first", target=world.bureau)
    monkeypatch.setattr(log_chain, "chain_lock", lambda: None)
    monkeypatch.setattr(log_chain, "last_hash", lambda: first.prev_hash)  # a stale read
    with pytest.raises(IntegrityError), transaction.atomic():
        log_action(actor=None, verb="test.fork", target=world.bureau)
    assert ActionLog.objects.count() == 1


def test_the_migration_seals_existing_entries_exactly_as_log_action_does(world, admin_user):
    unit = unit_create(actor=admin_user, region=world.county, name="甲县统计局")
    unit_update(actor=admin_user, unit=unit, changes={"phone": "0901-1234567"})
    log_action(actor=None, verb="test.figures", after={"x": 1.0, "y": 0.1, "z": [None, True]})
    written = [(e.pk, e.prev_hash, e.entry_hash) for e in entries()]
    migration = importlib.import_module("luoshi.core.migrations.0005_action_log_hash_chain")
    bypass_the_trigger()  # the backfill ran before the trigger existed
    migration.seal_existing_entries(
        SimpleNamespace(get_model=lambda app, name: ActionLog),
        SimpleNamespace(connection=connection),
    )
    assert [(e.pk, e.prev_hash, e.entry_hash) for e in entries()] == written


def test_the_admin_shows_entries_but_cannot_change_or_delete_them(client_for, superuser, world):
    entry = log_action(actor=superuser, verb="test.shown", target=world.bureau)
    client = client_for(superuser)
    assert client.get(reverse("admin:core_actionlog_change", args=[entry.pk])).status_code == 200
    changed = client.post(
        reverse("admin:core_actionlog_change", args=[entry.pk]), {"verb": "test.changed"}
    )
    assert changed.status_code == 403
    assert client.post(reverse("admin:core_actionlog_delete", args=[entry.pk])).status_code == 403
    listing = client.post(
        reverse("admin:core_actionlog_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert listing.status_code in {200, 302}
    entry.refresh_from_db()
    assert entry.verb == "test.shown"
    assert verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_build_one_unbroken_chain():
    """PostgreSQL: writers in parallel transactions queue on the advisory lock, so none
    chains off a predecessor another one is also using. SQLite serialises writers itself:
    every transaction begins IMMEDIATE, taking the write lock before the last entry is read.
    """
    if not ON_POSTGRESQL:
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    writers, per_writer = 4, 15
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    log_action(actor=None, verb=f"test.writer{n}.{i}")
        except BaseException as error:  # the test reads what went wrong
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    report = verify_chain()
    assert report.intact and report.entries == writers * per_writer
    out = StringIO()
    call_command("verify_log", stdout=out)
    assert f"action log intact: {writers * per_writer} entries" in out.getvalue()
