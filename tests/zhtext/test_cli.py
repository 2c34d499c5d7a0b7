"""``luoshi extract``: main() in-process and ``python -m luoshi.extraction_cli`` as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import zhtext
from luoshi.extraction_cli import main

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = jsonschema.Draft202012Validator(zhtext.json_schema())


def test_single_file_prints_one_object(
    documents_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(documents_dir / "main_targets.txt")]) == 0
    obj = json.loads(capsys.readouterr().out)
    VALIDATOR.validate(obj)
    assert obj["source"]["name"] == "main_targets.txt"


def test_several_files_json_array(documents_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [
        str(documents_dir / n) for n in ("gbk_notice.txt", "big5_notice.txt", "page_with_nav.html")
    ]
    assert main([*files, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["source"]["encoding"] for o in out] == ["gb18030", "big5", "utf-8"]
    for obj in out:
        VALIDATOR.validate(obj)


def test_unreadable_file_exit_1_others_printed(
    documents_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)))
    args = [
        str(empty),
        str(documents_dir / "clean_simplified.txt"),
        str(binary),
        str(tmp_path / "missing.txt"),
    ]
    assert main([*args, "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert len(lines) == 4
    assert [("error" in o) for o in lines] == [True, False, True, True]
    for obj in lines:
        VALIDATOR.validate(obj)
    assert "empty input" in lines[0]["error"]
    assert "binary" in lines[2]["error"]
    assert len(captured.err.strip().splitlines()) == 3


def test_size_limit_option_and_env(
    documents_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(documents_dir / "main_targets.txt")
    assert main([path, "--max-bytes", "100"]) == 1
    assert "too large" in json.loads(capsys.readouterr().out)["error"]
    monkeypatch.setenv("LUOSHI_EXTRACT_MAX_BYTES", "100")
    assert main([path]) == 1
    capsys.readouterr()
    monkeypatch.setenv("LUOSHI_EXTRACT_MAX_BYTES", "100000")
    assert main([path]) == 0


@pytest.mark.parametrize(
    "argv", [[], ["--format", "xml", "a.txt"], ["a.txt", "--max-bytes", "0"], ["--nope", "a.txt"]]
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def _run(
    args: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "luoshi.extraction_cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_subprocess_stdin_and_jsonl(documents_dir: Path) -> None:
    data = (documents_dir / "clean_simplified.txt").read_bytes()
    proc = _run(["-", "--format", "jsonl"], stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    obj = json.loads(proc.stdout.decode())
    VALIDATOR.validate(obj)
    assert obj["source"]["name"] == "<stdin>"
    assert obj["doc_type"] == "meeting"


def test_subprocess_seeds(seeds_dir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    proc = _run(
        [*files, "--format", "json"],
        env={"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout.decode())
    assert len(out) == 5
    for obj in out:
        VALIDATOR.validate(obj)
    # Offline and tidy: nothing written to the home directory (no telemetry, no caches).
    assert list(home.rglob("*")) == []


def test_subprocess_usage_error() -> None:
    proc = _run([])
    assert proc.returncode == 2
