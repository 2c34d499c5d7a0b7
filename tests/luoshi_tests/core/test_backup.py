"""`luoshi backup` and `luoshi restore`: a round trip that gives back every row and every byte,
and archives that are refused, with nothing changed, when they do not check out.

Transactional tests: pg_dump and pg_restore work over their own connections, and SQLite's
backup API copies only what is committed on Django's.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import tarfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from luoshi.core.backup import backup_create
from luoshi.core.backup.database import model_tables
from luoshi.core.log_chain import verify_chain
from luoshi.core.models import ActionLog, Unit
from luoshi.core.services import unit_create
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load
from luoshi.indicators.services import catalogue_load

pytestmark = pytest.mark.django_db(transaction=True)

UPLOADS = {
    "meetings/2026/座谈会纪要.txt": "县政府召开企业座谈会。\n".encode(),
    "attachments/2026/06/progress.bin": bytes(range(256)) * 40,
}
SECRET = "restored-secret-key-for-the-test"


@pytest.fixture
def installation(settings: Any, tmp_path: Path) -> Path:
    """A var folder and an uploads folder of the test's own."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR.mkdir()
    (settings.VAR_DIR / "secret_key").write_text(SECRET, encoding="utf-8")
    for name, content in UPLOADS.items():
        default_storage.save(name, ContentFile(content))
    return tmp_path


def table_contents() -> dict[str, tuple[int, str]]:
    """Each model table's row count and a hash of its rows, in a fixed order.

    The restore appends its own `backup.restored` entry to the log, which the backup never
    held; it is left out."""
    contents: dict[str, tuple[int, str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in model_tables():
            where = " WHERE verb <> 'backup.restored'" if table == "core_actionlog" else ""
            cursor.execute(f"SELECT * FROM {quote(table)}{where}")
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
            contents[table] = (len(rows), digest)
    return contents


def media_contents(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def wipe(root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def restore(archive: Path, *args: str) -> str:
    out = StringIO()
    call_command("restore", str(archive), *args, stdout=out)
    return out.getvalue()


def small_world() -> None:
    demo_load()


def rewrite_archive(archive: Path, change: Any) -> None:
    """Write `archive` again with `change(name, data)` applied to each member (None drops
    it), keeping the manifest as it was unless `change` rewrites it too."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            new = change(member.name, data)
            if new is None:
                continue
            member.size = len(new)
            tar.addfile(member, io.BytesIO(new))


def manifest_of(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_a_backup_restores_every_row_and_every_file(installation):
    demo_load()
    catalogue_load()
    load_cycle()
    load_engagement()
    load_implementation()
    media = Path(default_storage.location)
    before_tables, before_media = table_contents(), media_contents(media)
    assert before_tables["tasks_task"][0] > 0 and before_tables["core_actionlog"][0] > 100
    assert set(before_media) == set(UPLOADS)

    out = StringIO()
    call_command("backup", stdout=out)
    archive = next((installation / "var" / "backups").glob("*.tar.gz"))
    assert f"Backup written: {archive}" in out.getvalue()

    wipe(media)
    (installation / "var" / "secret_key").unlink()
    assert not ActionLog.objects.exists() and media_contents(media) == {}

    report = restore(archive)
    assert "Every table has the row count the archive's manifest lists." in report
    assert table_contents() == before_tables
    assert media_contents(media) == before_media
    assert (installation / "var" / "secret_key").read_text(encoding="utf-8") == SECRET
    chain = verify_chain()
    assert chain.intact and chain.entries == before_tables["core_actionlog"][0] + 1
    assert ActionLog.objects.order_by("-id").first().verb == "backup.restored"
    assert not list(installation.glob(".luoshi-restore-*"))  # the staging folder is gone


def test_the_archive_is_named_by_local_time_private_and_described_by_its_manifest(installation):
    small_world()
    out = StringIO()
    call_command("backup", stdout=out)
    archive = next((installation / "var" / "backups").glob("*.tar.gz"))
    assert re.fullmatch(r"luoshi-backup-\d{8}-\d{4}\.tar\.gz", archive.name)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = manifest_of(archive)
    database_member = f"database/luoshi.{'sqlite3' if connection.vendor == 'sqlite' else 'pgdump'}"
    assert manifest["format_version"] == 1
    assert manifest["database"] == {"engine": connection.vendor, "member": database_member}
    # The manifest names the newest migration applied (the graph's leaf, not a fixed name).
    (leaf,) = MigrationLoader(connection).graph.leaf_nodes("core")
    assert manifest["migrations"]["core"] == leaf[1]
    assert manifest["tables"]["core_unit"] == Unit.objects.count()
    assert manifest["tables"]["core_actionlog"] == ActionLog.objects.count()
    assert manifest["action_log"]["head_hash"] == verify_chain().head_hash
    assert set(manifest["files"]) == {
        database_member,
        "secret_key",
        *(f"media/{name}" for name in UPLOADS),
    }
    with tarfile.open(archive, "r:gz") as tar:
        for name, digest in manifest["files"].items():
            assert hashlib.sha256(tar.extractfile(name).read()).hexdigest() == digest

    second = backup_create(output=archive.parent)  # same minute: a new name, never overwritten
    assert second.path != archive and second.path.exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(archive), stdout=StringIO())


def test_a_database_that_holds_data_is_replaced_only_with_force(installation):
    small_world()
    archive = backup_create().path
    unit_create(actor=None, region=Unit.objects.first().region, name="备份之后新建的单位")

    with pytest.raises(CommandError, match=r"already holds data.*--force"):
        restore(archive)
    assert Unit.objects.filter(name="备份之后新建的单位").exists()

    restore(archive, "--force")
    assert not Unit.objects.filter(name="备份之后新建的单位").exists()
    assert verify_chain().intact


def refused_without_change(archive: Path, installation: Path, message: str) -> None:
    media = installation / "media"
    tables, files = table_contents(), media_contents(media)
    key = (installation / "var" / "secret_key").read_text(encoding="utf-8")
    with pytest.raises(CommandError, match=message) as refused:
        restore(archive, "--force")
    assert "\n" not in str(refused.value)
    assert table_contents() == tables and media_contents(media) == files
    assert (installation / "var" / "secret_key").read_text(encoding="utf-8") == key
    assert not list(installation.glob(".luoshi-restore-*"))


def changed_after_backup(installation: Path) -> None:
    """Make the live installation differ from the archive, so a restore would show."""
    unit_create(actor=None, region=Unit.objects.first().region, name="备份之后新建的单位")
    default_storage.save("meetings/2026/after.txt", ContentFile(b"after the backup"))
    (installation / "var" / "secret_key").write_text("the key after the backup", encoding="utf-8")


def test_an_archive_with_one_changed_byte_in_a_member_is_refused(installation):
    small_world()
    archive = backup_create().path
    changed_after_backup(installation)

    def flip(name: str, data: bytes) -> bytes:
        if name == "media/meetings/2026/座谈会纪要.txt":
            return bytes([data[0] ^ 1]) + data[1:]
        return data

    rewrite_archive(archive, flip)
    refused_without_change(
        archive, installation, "座谈会纪要.txt in the archive does not match its SHA-256"
    )


def test_a_damaged_compressed_archive_is_refused(installation):
    small_world()
    archive = backup_create().path
    changed_after_backup(installation)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    refused_without_change(archive, installation, "archive|checksum|read")


def test_a_missing_or_unlisted_member_is_refused(installation):
    small_world()
    archive = backup_create().path
    changed_after_backup(installation)
    rewrite_archive(archive, lambda name, data: None if name == "secret_key" else data)
    refused_without_change(archive, installation, "lacks secret_key")

    archive = backup_create(output=installation / "second.tar.gz").path

    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        extra = tarfile.TarInfo("media/unlisted.txt")
        extra.size = 3
        tar.addfile(extra, io.BytesIO(b"odd"))
        for member, data in members:
            tar.addfile(member, io.BytesIO(data))
    refused_without_change(archive, installation, "media/unlisted.txt, which its manifest")


def test_an_archive_of_the_other_database_engine_or_a_newer_version_is_refused(installation):
    small_world()
    archive = backup_create().path
    changed_after_backup(installation)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def engine(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["engine"] = other
        return json.dumps(manifest).encode()

    rewrite_archive(archive, engine)
    refused_without_change(archive, installation, "same kind of database")

    newer = backup_create(output=installation / "newer.tar.gz").path

    def migrations(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["core"] = "0999_from_the_future"
        return json.dumps(manifest).encode()

    rewrite_archive(newer, migrations)
    refused_without_change(newer, installation, "core.0999_from_the_future is unknown")


def test_something_that_is_not_a_backup_is_refused(installation):
    small_world()
    not_a_backup = installation / "notes.tar.gz"
    not_a_backup.write_bytes(b"just some text")
    refused_without_change(not_a_backup, installation, "not a readable Luoshi backup")
    refused_without_change(installation / "missing.tar.gz", installation, "no backup archive")
    with tarfile.open(not_a_backup, "w:gz") as tar:
        evil = tarfile.TarInfo("../outside.txt")
        evil.size = 4
        tar.addfile(evil, io.BytesIO(b"evil"))
    refused_without_change(not_a_backup, installation, "never contains")
    assert not (installation / "outside.txt").exists()


def test_a_table_whose_count_differs_from_the_manifest_is_reported(installation):
    small_world()
    archive = backup_create().path
    units = Unit.objects.count()

    def miscount(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["core_unit"] += 1
        return json.dumps(manifest).encode()

    rewrite_archive(archive, miscount)
    out = StringIO()
    with pytest.raises(CommandError, match="does not match the archive's row counts"):
        call_command("restore", str(archive), "--force", stdout=out)
    assert f"core_unit: {units + 1} rows in the archive, {units} rows after the restore" in (
        out.getvalue()
    )
