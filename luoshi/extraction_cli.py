"""``luoshi extract FILE… [--format json|jsonl]``: documents in, ``luoshi.extraction/1`` out.

Kept free of Django so that reading a file costs no settings and no database. Exit status:
0 when every file was read, 1 when any could not be (its object carries "error" and the
others are still printed), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

ENV_MAX_BYTES = "LUOSHI_EXTRACT_MAX_BYTES"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse exits 2 on usage errors; keep that
        self.print_usage(sys.stderr)
        print(f"luoshi extract: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="luoshi extract", description="Read Chinese official documents into structured facts."
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="text, HTML or .docx files; - reads standard input"
    )
    p.add_argument(
        "--format", choices=("json", "jsonl"), default="json", help="json (default) or jsonl"
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES}, or ${ENV_MAX_BYTES})",
    )
    return p


def _limit(arg: int | None) -> int:
    if arg is not None:
        if arg <= 0:
            raise ValueError("--max-bytes must be a positive number of bytes")
        return arg
    env = os.environ.get(ENV_MAX_BYTES)
    if env:
        value = int(env)
        if value <= 0:
            raise ValueError(f"{ENV_MAX_BYTES} must be a positive number of bytes")
        return value
    return DEFAULT_MAX_BYTES


def _read_input(path: str, limit: int) -> bytes:
    """At most limit + 1 bytes, so an oversized file is refused without reading it all."""
    if path == "-":
        return sys.stdin.buffer.read(limit + 1)
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


def _error_object(name: str, message: str) -> dict[str, Any]:
    import hashlib

    from zhtext.contract import to_contract
    from zhtext.reader import _failed

    return to_contract(_failed(name, hashlib.sha256(b"").hexdigest(), None, message))


def main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        limit = _limit(args.max_bytes)
    except ValueError as exc:
        print(f"luoshi extract: error: {exc}", file=sys.stderr)
        return 2

    import zhtext

    status = 0
    objects: list[dict[str, Any]] = []
    for path in args.files:
        name = "<stdin>" if path == "-" else os.path.basename(path)
        try:
            data = _read_input(path, limit)
        except OSError as exc:
            obj = _error_object(name, f"cannot open file: {exc.strerror or exc}")
        else:
            obj = zhtext.to_contract(zhtext.read(data, name, max_bytes=limit))
        if "error" in obj:
            status = 1
            print(f"luoshi extract: {path}: {obj['error']}", file=sys.stderr)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            objects.append(obj)
    if args.format == "json":
        payload: Any = objects[0] if len(objects) == 1 else objects
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
