"""`make bench`: print speed figures for every part that has them. Nothing here asserts.

Web figures run once on SQLite (a fresh file in a temp dir) and once on PostgreSQL when it
answers at BENCH_POSTGRES_URL (default: the local server, database luoshi_bench).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = "postgres://postgres:postgres@127.0.0.1:5432/luoshi_bench"
# The served load shares sessions and kept figures through Redis, as a deployment does.
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def run(script: str, env: dict[str, str]) -> int:
    return subprocess.call([sys.executable, str(ROOT / "bench" / script)], cwd=ROOT, env=env)


def postgres_ready(url: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin_url, connect_timeout=3, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists:
                connection.execute(f'DROP DATABASE "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"(PostgreSQL figures skipped: {str(error).strip().splitlines()[0]})")
        return False
    return True


def main() -> int:
    status = 0
    base_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    base_env["PYTHONPATH"] = str(ROOT)
    postgres_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
        print("== spreadsheets at the size limits (no database)")
        status |= run("sheets_bench.py", {**base_env, "LUOSHI_VAR_DIR": var_dir})
    for script, title in (
        ("web_bench.py", "web"),
        ("cycle_bench.py", "reports, indicators, imports"),
        ("engagement_bench.py", "engagement: 100,000 opinions"),
        ("search_bench.py", "search: 100,000 entries"),
        ("projects_bench.py", "key projects: 3,000 projects, 36,000 monthly figures"),
        ("tasks_bench.py", "implementation: a province of 120 regions, 15,000 tasks"),
        ("sheet_jobs_bench.py", "large 分解表 imports in the background worker"),
    ):
        with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
            print(f"== {title} (SQLite)")
            status |= run(script, {**base_env, "LUOSHI_VAR_DIR": var_dir})
        if postgres_ready(postgres_url):
            with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
                print(f"== {title} (PostgreSQL)")
                status |= run(
                    script, {**base_env, "LUOSHI_VAR_DIR": var_dir, "DATABASE_URL": postgres_url}
                )
    # The whole country on the real gazetteer (480,000 tasks, 5.28 M reports): PostgreSQL only,
    # about ten minutes with the load; BENCH_NATIONAL=0 leaves it out.
    if postgres_ready(postgres_url):
        with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
            print("== a corpus of 1,000 documents, one and two workers (PostgreSQL)")
            status |= run(
                "corpus_bench.py",
                {**base_env, "LUOSHI_VAR_DIR": var_dir, "DATABASE_URL": postgres_url},
            )
    national = os.environ.get("BENCH_NATIONAL", "1") != "0" and postgres_ready(postgres_url)
    if national:
        with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
            print("== national: every region of the gazetteer (PostgreSQL)")
            status |= run(
                "national_bench.py",
                {**base_env, "LUOSHI_VAR_DIR": var_dir, "DATABASE_URL": postgres_url},
            )
        # On the dataset national_bench.py left, not a fresh database.
        print("== 50 people at once on loopback, national dataset (PostgreSQL)")
        status |= run(
            "load_bench.py",
            {**base_env, "DATABASE_URL": postgres_url, "REDIS_URL": BENCH_REDIS},
        )
    # 地区对比 over every region: on the national dataset when it was loaded, else on a fresh
    # database with only the gazetteer.
    if national or postgres_ready(postgres_url):
        with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
            print("== comparison of every province, city and county (PostgreSQL)")
            status |= run(
                "comparison_bench.py",
                {**base_env, "LUOSHI_VAR_DIR": var_dir, "DATABASE_URL": postgres_url},
            )
    # 诉求 at national scale: 1,000,000 appeals in every county (PostgreSQL only).
    if national or postgres_ready(postgres_url):
        with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as var_dir:
            print("== appeals: 1,000,000 in every county (PostgreSQL)")
            status |= run(
                "appeals_bench.py",
                {**base_env, "LUOSHI_VAR_DIR": var_dir, "DATABASE_URL": postgres_url},
            )
    if (ROOT / "bench" / "zhtext_bench.py").exists():
        print("== document reader (zhtext)")
        status |= run("zhtext_bench.py", base_env)
    if (ROOT / "bench" / "zhtext_devset.py").exists():
        print("== document reader: development set (precision / recall)")
        status |= run("zhtext_devset.py", base_env)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
