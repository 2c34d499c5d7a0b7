"""Search figures: index 100,000 synthetic Chinese entries, then query latency p50/p95;
then a province of tasks, progress reports and key projects (luoshi.demo.province_scale),
indexed by their apps' reindexers and searched as the office and a county liaison see them
(each kind's own rule applied in the query), one list and the search page's groups.

Standalone, like web_bench.py: the caller sets DATABASE_URL and LUOSHI_VAR_DIR to a
throw-away database. The text is generated from a fixed vocabulary of government phrases
with a seeded random generator, so every run indexes the same entries.
SEARCH_BENCH_TASKS (15,000) and SEARCH_BENCH_PROJECTS (3,000) size the province; 0 skips it.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.web_bench import analyze_after_bulk_load  # noqa: E402
from luoshi.accounts.models import Membership, Role, User  # noqa: E402
from luoshi.core.models import Region, RegionLevel, SearchEntry, Unit  # noqa: E402
from luoshi.core.search import (  # noqa: E402
    reader_scope,
    search,
    search_by_kind,
    search_index_upsert,
)
from luoshi.core.search.indexing import entry_tokens  # noqa: E402
from luoshi.core.search.registry import registered_kinds  # noqa: E402

ENTRIES = int(os.environ.get("SEARCH_BENCH_ENTRIES", "100000"))
TASKS = int(os.environ.get("SEARCH_BENCH_TASKS", "15000"))
PROJECTS = int(os.environ.get("SEARCH_BENCH_PROJECTS", "3000"))
UPSERTS = 1000  # entries written one by one through the service, for its per-entry cost
BATCH = 2000
REPEAT = 100
SEED = 20260101

PHRASES = [
    "坚持稳中求进工作总基调",
    "完整准确全面贯彻新发展理念",
    "加快构建新发展格局",
    "着力推动高质量发展",
    "全力抓好项目建设",
    "持续优化营商环境",
    "全面推进乡村振兴",
    "巩固拓展脱贫攻坚成果",
    "大力发展苹果产业",
    "做强做优特色农业",
    "推动制造业转型升级",
    "培育壮大新兴产业",
    "加快数字经济发展",
    "扩大有效投资",
    "促进消费持续恢复",
    "深化重点领域改革",
    "持续扩大对外开放",
    "加强生态环境保护",
    "推进黄河流域生态保护和高质量发展",
    "打好蓝天碧水净土保卫战",
    "提升城市功能品质",
    "完善基础设施建设",
    "办好人民满意的教育",
    "推进健康县城建设",
    "稳定和扩大就业",
    "健全社会保障体系",
    "保障和改善民生",
    "统筹发展和安全",
    "加强政府自身建设",
    "地区生产总值增长6%左右",
    "一般公共预算收入增长5%",
    "城乡居民人均可支配收入稳步增长",
    "规模以上工业增加值增长8%",
    "固定资产投资增长10%",
    "GDP增长率居全市前列",
    "新建改建农村公路50公里",
    "新增城镇就业1500人以上",
    "建设冷链物流中心",
    "发展壮大村集体经济",
    "推进文旅融合发展",
    "实施城市更新行动",
    "深化放管服改革",
    "加快5G基站建设",
    "推进光伏发电项目",
    "开展安全生产专项整治",
]
# Common phrases come up often, the specific ones rarely: a few queries match most entries,
# others only a handful, as in real reports.
WEIGHTS = [8 if n < 8 else 3 if n < 30 else 1 for n in range(len(PHRASES))]
KINDS = ["report", "opinion", "meeting", "instruction"]
QUERIES = [
    ("two characters, very common (发展)", "发展"),
    ("two characters (苹果)", "苹果"),
    ("one character, prefix (果)", "果"),
    ("four characters (乡村振兴)", "乡村振兴"),
    ("long phrase (黄河流域生态保护)", "黄河流域生态保护"),
    ("Latin and Chinese (GDP增长)", "GDP增长"),
    ("rare (冷链物流 光伏)", "冷链物流 光伏"),
    ("no hits (量子计算)", "量子计算"),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def make_regions() -> list[Region]:
    province, _ = Region.objects.get_or_create(
        code="990000", defaults={"name": "基准省", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="990100", defaults={"name": "基准市", "level": RegionLevel.CITY, "parent": province}
    )
    counties = [
        Region.objects.get_or_create(
            code=f"9901{n:02d}",
            defaults={"name": f"基准{n}县", "level": RegionLevel.COUNTY, "parent": city},
        )[0]
        for n in range(1, 21)
    ]
    return [province, city, *counties]


def synthetic(rng: random.Random, n: int) -> tuple[str, str]:
    title = "关于" + "、".join(rng.choices(PHRASES, WEIGHTS, k=2)) + f"的意见（第{n}号）"
    sentences = rng.choices(PHRASES, WEIGHTS, k=rng.randint(6, 14))
    return title, "，".join(sentences) + "。"


def bulk_index(regions: list[Region], rng: random.Random, start: int, count: int) -> None:
    """The shape of a full rebuild: tokenize in Python, insert in batches (the FTS triggers
    or the GIN index do their part inside the insert)."""
    counties = regions[2:]
    batch: list[SearchEntry] = []
    for n in range(start, start + count):
        title, body = synthetic(rng, n)
        batch.append(
            SearchEntry(
                kind=KINDS[n % len(KINDS)],
                key=str(n),
                title=title,
                body=body,
                url=f"/bench/{n}/",
                region=counties[n % len(counties)],
                year=2020 + n % 6,
                state="open" if n % 3 else "closed",
                is_public=n % 5 != 0,
                tokens=entry_tokens(title, body),
            )
        )
        if len(batch) >= BATCH:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        with transaction.atomic():
            SearchEntry.objects.bulk_create(batch)


def measure(label: str, selector: Callable[..., object] = search, /, **arguments: object) -> None:
    for _ in range(3):
        selector(**arguments)
    samples = []
    total = 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = selector(**arguments)
        samples.append(time.perf_counter() - start)
        total = getattr(result, "total", 0)
    p50, p95 = percentiles(samples)
    print(f"  {label:<46} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   ({total:>6} hits, n={REPEAT})")


def _user(username: str, unit: Unit, role: str) -> User:
    user = User.objects.create_user(username=username, password="bench-only")
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def province_kinds() -> None:
    """Tasks, progress and projects of a generated province, searched with each reader's
    rules: the kinds' `readable_keys` subqueries are part of every query."""
    from luoshi.demo import province_scale
    from luoshi.projects import bench_data

    started = time.perf_counter()
    made = province_scale.generate_province(
        tasks=TASKS, projects=PROJECTS, project_generator=bench_data.generate_projects
    )
    print(
        f"  {'generate the province':<46} {time.perf_counter() - started:7.2f} s   "
        f"({made.tasks} tasks, {made.reports} reports, {made.projects} projects)"
    )
    kinds = registered_kinds()
    for name in ("task", "progress", "notice", "project"):
        started = time.perf_counter()
        count = kinds[name].reindex()
        seconds = time.perf_counter() - started
        print(f"  {f'reindex {name} ({count:,} entries)':<46} {seconds:7.2f} s")
    print(f"  entries in the index: {SearchEntry.objects.count():,}")
    analyze_after_bulk_load()

    province = Region.objects.get(code=province_scale.PROVINCE_CODE)
    county = Region.objects.get(code="920121")
    province_unit = Unit.objects.filter(region=province).order_by("pk").first()
    county_unit = Unit.objects.filter(region=county).order_by("pk").first()
    assert province_unit is not None and county_unit is not None
    readers = {
        "province office": _user("bench-search-office", province_unit, Role.SUPERVISOR),
        "county office": _user("bench-search-county", county_unit, Role.SUPERVISOR),
        "county liaison": _user("bench-search-liaison", county_unit, Role.LIAISON),
    }
    for who, user in readers.items():
        public_only, scope_codes = reader_scope(user)
        scope: dict[str, object] = {
            "public_only": public_only,
            "scope_codes": scope_codes,
            "reader": user,
        }
        for label, query in (
            ("农村公路", "农村公路"),
            ("项目", "项目"),
            ("按计划推进", "按计划推进"),
        ):
            measure(f"{who}: {label}", query=query, limit=20, **scope)
        measure(f"{who}: 发展, grouped by kind (page)", search_by_kind, query="发展", **scope)
        measure(f"{who}: 项目, grouped by kind (page)", search_by_kind, query="项目", **scope)


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    vendor = connection.vendor
    regions = make_regions()
    SearchEntry.objects.all().delete()
    rng = random.Random(SEED)

    bulk = ENTRIES - UPSERTS
    seconds = timed(lambda: bulk_index(regions, rng, UPSERTS, bulk))
    print(
        f"  {f'bulk index {bulk:,} entries':<46} {seconds:7.2f} s   "
        f"({bulk / seconds:,.0f} entries/s) [{vendor}]"
    )

    def upsert_some() -> None:
        counties = regions[2:]
        for n in range(UPSERTS):
            title, body = synthetic(rng, n)
            search_index_upsert(
                kind=KINDS[n % len(KINDS)],
                key=n,
                title=title,
                body=body,
                url=f"/bench/{n}/",
                region=counties[n % len(counties)],
                year=2020 + n % 6,
                state="open",
                is_public=True,
            )

    seconds = timed(upsert_some)
    print(
        f"  {f'search_index_upsert x {UPSERTS:,} (one by one)':<46} {seconds:7.2f} s   "
        f"({seconds / UPSERTS * 1000:.2f} ms each)"
    )
    print(f"  entries in the index: {SearchEntry.objects.count():,}")
    analyze_after_bulk_load()

    for label, query in QUERIES:
        measure(label, query=query, limit=20)
    measure(
        "苹果 + region (city, all counties) + public",
        query="苹果",
        region_code="990100",
        public_only=True,
        limit=20,
    )
    measure(
        "苹果 + county + year + kind",
        query="苹果",
        region_code="990107",
        year=2024,
        kinds=["meeting"],
        limit=20,
    )
    measure("发展, page 50 (offset 980)", query="发展", limit=20, offset=980)
    if TASKS:
        province_kinds()


if __name__ == "__main__":
    main()
