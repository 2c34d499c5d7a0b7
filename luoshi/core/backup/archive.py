"""The backup archive: one .tar.gz of plain files and a manifest.json that lists them.

Layout: `database/luoshi.sqlite3` or `database/luoshi.pgdump`, `media/…` (the uploads under
MEDIA_ROOT), `secret_key` (the key file in the var folder, when there is one) and
`manifest.json`, written last because it carries the SHA-256 of every other member, taken
while the member is written. Reading streams the archive once: each member is hashed as it
is written into a staging folder, and nothing is used until every checksum matched.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from luoshi.core.backup.database import BackupError

FORMAT = "luoshi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECRET_KEY_MEMBER = "secret_key"
MEDIA_DIR = "media"
DATABASE_MEMBERS = {"sqlite": "database/luoshi.sqlite3", "postgresql": "database/luoshi.pgdump"}
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class _HashingReader:
    """Hands tarfile the file's bytes while hashing exactly the bytes archived."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.digest.update(data)
        return data


class ArchiveWriter:
    def __init__(self, path: Path) -> None:
        # Open for the writer's life; finish() or abandon() closes it.
        self._tar = tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.files: dict[str, str] = {}

    def _info(self, name: str, size: int, mtime: float) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(mtime), 0o600
        return info

    def add_file(self, name: str, source: Path) -> None:
        with source.open("rb") as handle:
            stat = source.stat()
            reader = _HashingReader(handle)
            self._tar.addfile(self._info(name, stat.st_size, stat.st_mtime), reader)
        self.files[name] = reader.digest.hexdigest()

    def add_tree(self, prefix: str, root: Path) -> int:
        """Every regular file under `root`, as `prefix/relative/path`; returns how many."""
        count = 0
        for path in sorted(root.rglob("*")):
            if path.is_file():
                self.add_file(f"{prefix}/{path.relative_to(root).as_posix()}", path)
                count += 1
        return count

    def finish(self, manifest: dict[str, Any]) -> None:
        data = json.dumps({**manifest, "files": self.files}, ensure_ascii=False, indent=2)
        encoded = data.encode("utf-8")
        info = self._info(MANIFEST, len(encoded), time.time())
        self._tar.addfile(info, io.BytesIO(encoded))
        self._tar.close()

    def abandon(self) -> None:
        self._tar.close()


def _allowed(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(p in {"", ".", ".."} for p in path.parts):
        return False
    if "\\" in name or "\x00" in name:
        return False
    return name in {MANIFEST, SECRET_KEY_MEMBER, *DATABASE_MEMBERS.values()} or (
        path.parts[0] == MEDIA_DIR and len(path.parts) > 1
    )


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    seen: set[str] = set()
    for member in tar:
        if member.isdir():
            continue
        if not member.isfile() or not _allowed(member.name):
            raise BackupError(
                f"The archive holds {member.name!r}, which a Luoshi backup never contains."
            )
        if member.name in seen:
            raise BackupError(f"The archive holds {member.name!r} twice.")
        seen.add(member.name)
        yield member


def _copy_hashing(source: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def extract_verified(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack `archive` into `staging` and return its manifest, once every member matched
    its checksum and the members are exactly those the manifest lists."""
    digests: dict[str, str] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in _members(tar):
                handle = tar.extractfile(member)
                if handle is None:  # pragma: no cover - regular files always have one
                    continue
                if member.name == MANIFEST:
                    manifest_bytes = handle.read(MAX_MANIFEST_BYTES + 1)
                else:
                    digests[member.name] = _copy_hashing(handle, staging / member.name)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(
            f"{archive} is not a readable Luoshi backup archive ({error})."
        ) from error
    except OSError as error:  # gzip's own CRC and format errors are OSErrors too
        reason = error.strerror or str(error) or type(error).__name__
        raise BackupError(f"{archive} could not be read: {reason}.") from error
    manifest = _parse_manifest(archive, manifest_bytes)
    _compare(manifest["files"], digests)
    return manifest


def _parse_manifest(archive: Path, data: bytes | None) -> dict[str, Any]:
    if data is None:
        raise BackupError(f"{archive} has no {MANIFEST}: it is not a Luoshi backup archive.")
    if len(data) > MAX_MANIFEST_BYTES:
        raise BackupError(f"The {MANIFEST} in {archive} is too large to be a backup's manifest.")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"The {MANIFEST} in {archive} is not valid JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Luoshi backup archive (wrong manifest format).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{archive} has backup format {version!r}; this version of Luoshi reads up to "
            f"{FORMAT_VERSION}: upgrade Luoshi first."
        )
    if not _mapping_of(manifest.get("files"), str):
        raise BackupError(f"The {MANIFEST} in {archive} lists no file checksums.")
    described = manifest.get("database")
    if (
        not isinstance(described, dict)
        or not isinstance(described.get("engine"), str)
        or not _mapping_of(manifest.get("tables"), int)
        or not _mapping_of(manifest.get("migrations"), str)
    ):
        raise BackupError(f"The {MANIFEST} in {archive} does not describe its database.")
    return manifest


def _mapping_of(value: object, kind: type) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, kind) for k, v in value.items()
    )


def _compare(listed: dict[str, str], found: dict[str, str]) -> None:
    for name in sorted(listed):
        if name not in found:
            raise BackupError(f"The archive lacks {name}, which its manifest lists.")
        if found[name] != listed[name].lower():
            raise BackupError(
                f"{name} in the archive does not match its SHA-256 checksum in the manifest: "
                "the archive was changed or damaged."
            )
    for name in sorted(set(found) - set(listed)):
        raise BackupError(f"The archive holds {name}, which its manifest does not list.")
