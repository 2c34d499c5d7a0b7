"""Reading Luoshi's configuration from the environment.

Kept apart from the settings module so the rules (what is required, what the defaults are,
what counts as a bad value) are plain functions with their own tests.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "SQLite",
    "django.db.backends.postgresql": "PostgreSQL",
}

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


def database_config(url: str | None, var_dir: Path) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES entry; SQLite in ./var when unset."""
    if not url:
        url = f"sqlite:///{var_dir / 'luoshi.sqlite3'}"
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL {redact_url(url)!r} is not a database address Luoshi understands "
            "(use sqlite:///path or postgres://user@host:5432/name)."
        ) from error
    engine = config.get("ENGINE", "")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL {redact_url(url)!r} names a database Luoshi does not support "
            "(use SQLite or PostgreSQL)."
        )
    if engine == "django.db.backends.sqlite3":
        name = str(config.get("NAME") or "")
        if not name or name == ":memory:":
            raise ImproperlyConfigured(
                "DATABASE_URL must name a SQLite file, e.g. sqlite:///var/luoshi.sqlite3."
            )
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while a worker writes; a busy timeout waits for the
        # lock instead of failing at once.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    else:
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
        # No JIT compiling: a page's queries take milliseconds, and a misestimated one was
        # compiled for 60–70 ms before it ran (PostgreSQL's advice for short queries).
        config["OPTIONS"].setdefault("options", "-c jit=off")
        config["CONN_HEALTH_CHECKS"] = True
    return config


def redact_url(url: str) -> str:
    """Hide the password in a database or Redis address before it is printed."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into ./var."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not write two different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


ADDRESSING_STYLES = {"auto", "path", "virtual"}


def upload_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """Where uploads (attachments, evidence, held spreadsheets) are kept: the local folder
    MEDIA_ROOT by default, or S3-compatible object storage when LUOSHI_S3_BUCKET is set, so
    that several application servers and workers read and write one store.

    Any S3-compatible service will do (MinIO or Ceph on the government cloud, OSS, COS, OBS,
    AWS). The credentials are boto3's own AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an
    instance role); they are never written into the settings. Objects stay private: every
    download goes through a view that checks permission and streams the object, so no URL of
    the store is ever handed to a browser.
    """
    bucket = environ.get("LUOSHI_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = environ.get("LUOSHI_S3_ENDPOINT_URL", "").strip()
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"LUOSHI_S3_ENDPOINT_URL must start with http:// or https://, not {endpoint!r}."
        )
    # On-premises stores (MinIO, Ceph) answer at one host: path-style addresses by default
    # there; AWS (no endpoint) picks for itself. OSS wants "virtual": say so explicitly.
    style = environ.get("LUOSHI_S3_ADDRESSING_STYLE", "").strip() or (
        "path" if endpoint else "auto"
    )
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"LUOSHI_S3_ADDRESSING_STYLE must be auto, path or virtual, not {style!r}."
        )
    from botocore.config import Config

    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": environ.get("LUOSHI_S3_PREFIX", "uploads").strip().strip("/"),
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,
        "file_overwrite": False,  # a second upload of the same name gets a new name
        # A store that does not answer fails a request in seconds (and /healthz says so),
        # rather than holding a server thread for boto3's default minute.
        "client_config": Config(
            s3={"addressing_style": style},
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    if endpoint:
        options["endpoint_url"] = endpoint
    region = environ.get("LUOSHI_S3_REGION", "").strip()
    if region:
        options["region_name"] = region
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
