"""Configuration from the environment, and clear failures when it is wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.environment import (
    database_config,
    env_bool,
    env_int,
    redact_url,
    secret_key,
    upload_storage,
)

ROOT = Path(__file__).resolve().parents[3]


def test_sqlite_by_default_in_var_with_wal(tmp_path):
    config = database_config(None, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "luoshi.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url(tmp_path):
    config = database_config("postgres://luoshi:secret@db.example:5433/cycle", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "cycle")


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/x", "nonsense", "sqlite://", "oracle://a@b/c"]
)
def test_unsupported_database_urls_are_refused_in_one_sentence(tmp_path, url):
    with pytest.raises(ImproperlyConfigured) as error:
        database_config(url, tmp_path)
    assert "DATABASE_URL" in str(error.value)
    assert "\n" not in str(error.value)


def test_passwords_are_hidden_when_an_address_is_printed():
    assert redact_url("postgres://luoshi:secret@db:5432/x") == "postgres://luoshi:***@db:5432/x"
    assert redact_url("postgres://luoshi@db:5432/x") == "postgres://luoshi@db:5432/x"


def test_uploads_stay_on_disk_unless_a_bucket_is_named():
    assert upload_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert upload_storage({"LUOSHI_S3_BUCKET": "  "})["BACKEND"].endswith("FileSystemStorage")


def test_a_bucket_on_premises_is_private_path_style_and_never_overwritten():
    storage = upload_storage(
        {
            "LUOSHI_S3_BUCKET": "luoshi-uploads",
            "LUOSHI_S3_ENDPOINT_URL": "https://minio.gov.example:9000",
            "LUOSHI_S3_PREFIX": "/county/",
        }
    )
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["endpoint_url"] == "https://minio.gov.example:9000"
    assert options["client_config"].s3 == {"addressing_style": "path"}
    assert options["location"] == "county" and options["client_config"].connect_timeout == 5
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert not {"access_key", "secret_key"} & set(options)  # boto3 reads AWS_* itself
    aws = upload_storage({"LUOSHI_S3_BUCKET": "b", "LUOSHI_S3_REGION": "cn-north-1"})
    assert aws["OPTIONS"]["client_config"].s3 == {"addressing_style": "auto"}
    assert "endpoint_url" not in aws["OPTIONS"]
    assert aws["OPTIONS"]["region_name"] == "cn-north-1"


@pytest.mark.parametrize(
    ("name", "value"),
    [("LUOSHI_S3_ENDPOINT_URL", "minio:9000"), ("LUOSHI_S3_ADDRESSING_STYLE", "sideways")],
)
def test_a_wrong_object_store_setting_is_one_sentence(name, value):
    with pytest.raises(ImproperlyConfigured) as error:
        upload_storage({"LUOSHI_S3_BUCKET": "b", name: value})
    assert name in str(error.value) and "\n" not in str(error.value)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 40
    assert secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"


def test_booleans_and_numbers_are_strict(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)


def run_luoshi(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "luoshi.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unreachable_database_stops_start_up_with_one_sentence(tmp_path):
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    result = run_luoshi(
        "migrate",
        DATABASE_URL="postgres://luoshi:secret@127.0.0.1:9/nope",
        LUOSHI_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("luoshi: cannot use the PostgreSQL database 127.0.0.1:9/nope")
    assert "DATABASE_URL" in lines[0]
    assert "secret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_database_url_stops_start_up_with_one_sentence(tmp_path):
    result = run_luoshi(
        "migrate", DATABASE_URL="mysql://root@localhost/x", LUOSHI_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "does not support" in result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run_luoshi(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 30 + "-production-secret-key-with-enough-entropy-0123456789",
        LUOSHI_HTTPS="true",
        ALLOWED_HOSTS="luoshi.example.gov.cn",
        LUOSHI_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings.base",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
