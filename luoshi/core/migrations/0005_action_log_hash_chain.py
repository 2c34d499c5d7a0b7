"""The action log becomes a hash chain, and on PostgreSQL append-only below the ORM too.

1. `prev_hash` and `entry_hash` are added blank, then every existing entry is sealed in id
   order with `luoshi.core.log_chain.entry_digest` — imported, not copied: the hash format is
   a stored contract that `luoshi verify_log` checks with the same function, so the two can
   never disagree. Both columns then become unique; a unique `prev_hash` means no two entries
   can chain off the same predecessor, whatever the locking.
2. `created_at` is no longer `auto_now_add`: `log_action` sets it before sealing the entry
   (auto_now_add would overwrite it in save(), after the hash was taken). No schema change.
3. PostgreSQL only: a BEFORE UPDATE OR DELETE row trigger raises 'action log is append-only',
   so raw SQL cannot change or remove an entry either. TRUNCATE is left alone: the test suite
   empties tables with it between transactional tests (it is a table owner's operation, not
   a row change). SQLite gets no trigger: Django's flush empties SQLite tables with DELETE,
   which the tests need; there `luoshi verify_log` finds a changed entry instead.

What could UPDATE or DELETE log rows, checked before adding the trigger:
- `actor` and `target_type` are on_delete=PROTECT (from 0001) and stay so: Django refuses to
  delete a user or a content type that log entries point at, and PostgreSQL's foreign key
  (NO ACTION) refuses a raw DELETE of one; nothing cascades or sets NULL on log rows. Users
  are never deleted in Luoshi (accounts services deactivate them); a stale content type that
  the log still names stays, which is what a log needs to stay readable.
- The ORM paths (save of a stored entry, QuerySet.update/delete/bulk_update, Model.delete)
  already raise AppendOnlyError; the admin is read-only (no add, change or delete).
- No service, command, demo loader or test deletes or updates entries; the one data
  migration that reads the log (tasks 0004) only reads it.
"""

from django.db import migrations, models
from django.utils import timezone

from luoshi.core.log_chain import GENESIS_HASH, HASHED_FIELDS, entry_digest

TRIGGER_FUNCTION = "core_actionlog_append_only"
TRIGGER = "core_actionlog_append_only"

CREATE_TRIGGER = [
    f"""CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'action log is append-only'
            USING ERRCODE = 'restrict_violation', HINT = 'entries cannot be updated or deleted';
    END
    $$""",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON core_actionlog",
    f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON core_actionlog
    FOR EACH ROW EXECUTE FUNCTION {TRIGGER_FUNCTION}()""",
]
DROP_TRIGGER = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON core_actionlog",
    f"DROP FUNCTION IF EXISTS {TRIGGER_FUNCTION}()",
]


def seal_existing_entries(apps, schema_editor):
    log_model = apps.get_model("core", "ActionLog")
    manager = log_model._base_manager.using(schema_editor.connection.alias)
    prev_hash, last_id = GENESIS_HASH, 0
    while True:
        batch = list(manager.filter(id__gt=last_id).order_by("id")[:1000])
        if not batch:
            return
        for entry in batch:
            fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
            entry.prev_hash = prev_hash
            entry.entry_hash = prev_hash = entry_digest(fields, prev_hash)
        manager.bulk_update(batch, ["prev_hash", "entry_hash"])
        last_id = batch[-1].id


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE_TRIGGER:
            schema_editor.execute(statement)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP_TRIGGER:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_colourpreset"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actionlog",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=timezone.now, editable=False, verbose_name="时间"
            ),
        ),
        migrations.AddField(
            model_name="actionlog",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="上一条哈希"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="actionlog",
            name="entry_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="本条哈希"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionlog",
            name="prev_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="上一条哈希"
            ),
        ),
        migrations.AlterField(
            model_name="actionlog",
            name="entry_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="本条哈希"
            ),
        ),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
