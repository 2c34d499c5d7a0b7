"""A corpus of documents read and committed in bulk (issue 15), PostgreSQL: CORPUS_DOCS (default
1,000) county work reports made from the bench's own templates with varied figures, zipped,
brought in as one corpus, read by one `luoshi worker`, then another such corpus read by two
workers side by side; documents per second for each, then every clean report committed in
one action.

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import time
import zipfile
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.models import Region, RegionLevel, Unit, UnitKind  # noqa: E402
from luoshi.core.services import regions_load_from_gazetteer  # noqa: E402
from luoshi.imports.corpus import import_corpus_create, members_of_zip  # noqa: E402
from luoshi.imports.corpus_review import corpus_commit_clean  # noqa: E402
from luoshi.imports.models import BatchStatus, ImportBatch, ImportCorpus  # noqa: E402

DOCS = int(os.environ.get("CORPUS_DOCS", "1000"))
OPENINGS = (
    "现在，我代表县人民政府，向大会报告工作，请予审议。",
    "受县人民政府委托，现在我向大会报告政府工作，请予审议，并请列席人员提出意见。",
    "我代表县人民政府向大会作政府工作报告，请各位代表审议。",
)
WORKS = (
    "扩大有效投资，全年实施重点项目{p}个，完成投资{i}亿元。",
    "推进乡村振兴，新建高标准农田{f}万亩，农村居民人均可支配收入增长{r}%。",
    "改善民生，新增城镇就业{j}人，新建改扩建学校{s}所。",
)


def report(county: str, n: int, year: int, round_: int) -> bytes:
    growth = 4.5 + (n * 7 + round_) % 40 / 10
    revenue = 3 + (n * 11 + round_) % 60 / 10
    works = "\n".join(
        f"（{'一二三'[k]}）"
        + WORKS[(n + k) % 3].format(
            p=20 + n % 50, i=10 + n % 90, f=1 + n % 9, r=5 + n % 4, j=500 + n, s=2 + n % 6
        )
        for k in range(3)
    )
    return f"""政府工作报告
——{year}年1月{8 + n % 20}日在{county}第十八届人民代表大会第五次会议上

各位代表：
{OPENINGS[n % 3]}

一、{year - 1}年工作回顾
过去一年，全县地区生产总值增长{growth:.1f}%，一般公共预算收入增长{revenue:.1f}%。

二、{year}年主要目标
今年的主要预期目标是：地区生产总值增长{growth:.1f}%左右，一般公共预算收入增长{revenue:.1f}%，城镇调查失业率控制在5.5%以内。

三、{year}年重点工作
{works}
""".encode()


def corpus_zip(counties: list[Region], round_: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, county in enumerate(counties):
            archive.writestr(
                f"{county.code[:2]}/{county.code}{county.name}.txt",
                report(county.name, n, 2025, round_),
            )
    return buffer.getvalue()


def read_with(workers: int, corpus: ImportCorpus) -> float:
    """Seconds until `workers` burst workers have read every queued document."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "luoshi.cli", "worker", "--burst"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.wait()
    seconds = time.perf_counter() - started
    waiting = ImportBatch.objects.filter(
        pk__in=corpus.files.values("batch_id"), status__in=[BatchStatus.QUEUED, BatchStatus.READING]
    ).count()
    if waiting:
        print(f"  ({waiting} documents still waiting after the workers stopped)")
    return seconds


def main() -> None:
    if connection.vendor != "postgresql":
        print("  (the corpus figures run on PostgreSQL: workers side by side)")
        return
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    regions_load_from_gazetteer()
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")[: DOCS * 2])
    province = Region.objects.get(code="110000")
    office = Unit.objects.create(region=province, name="基准督查室", kind=UnitKind.OFFICE)
    user = User.objects.create_user(username="corpus-bench", password="bench-only")
    Membership.objects.create(user=user, unit=office, role=Role.ADMIN)
    user = User.objects.get(pk=user.pk)
    for workers, part in ((1, counties[:DOCS]), (2, counties[DOCS : DOCS * 2])):
        data = corpus_zip(part, workers)
        started = time.perf_counter()
        corpus = import_corpus_create(
            actor=user, name=f"bench-{workers}.zip", members=members_of_zip(data)
        )
        queued = time.perf_counter() - started
        label = f"{len(part):,} documents in ({len(data) // 1024:,} KB zip), queued"
        print(f"  {label:<52} {queued:7.1f} s")
        seconds = read_with(workers, corpus)
        print(
            f"  {f'read by {workers} worker(s)':<52} {seconds:7.1f} s   "
            f"({len(part) / seconds:5.1f} documents/s)"
        )
        started = time.perf_counter()
        result = corpus_commit_clean(actor=user, corpus=corpus)
        seconds = time.perf_counter() - started
        label = (
            f"committed in one action ({len(result.committed):,} clean, {len(result.left):,} left)"
        )
        rate = len(result.committed) / max(seconds, 0.001)
        print(f"  {label:<52} {seconds:7.1f} s   ({rate:5.1f} reports/s)")
        for reason, count in Counter(reason for _batch, reason in result.left).most_common(3):
            print(f"    left: {count} × {reason}")


if __name__ == "__main__":
    main()
