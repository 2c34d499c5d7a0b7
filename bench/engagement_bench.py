"""Issue-5 figures: 100,000 opinions on one report — list, filtered list and statistics page,
the public feedback page — beside a trivial-view baseline.

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
"""

from __future__ import annotations

import io
import logging
import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.web_bench import analyze_after_bulk_load, measure_requests  # noqa: E402
from luoshi.accounts.models import User  # noqa: E402
from luoshi.core.models import Region  # noqa: E402
from luoshi.demo import dataset  # noqa: E402
from luoshi.demo.services import demo_load  # noqa: E402
from luoshi.engagement.models import AnswerState, Channel, Opinion  # noqa: E402
from luoshi.engagement.selectors import opinion_stats  # noqa: E402
from luoshi.reports.services import (  # noqa: E402
    report_create,
    report_version_create,
    report_version_publish,
)
from luoshi.reports.text_layout import split_report_text  # noqa: E402

COUNT = 100_000
PHRASES = (
    "建议加快农村公路建设",
    "希望增加城区学位",
    "建议支持民营企业融资",
    "加强养老服务设施建设",
    "推进苹果产业提质增效",
    "改善老旧小区居住环境",
    "提高基层医疗服务水平",
    "优化营商环境",
)
SECTORS = ("农民", "企业", "教师", "医务人员", "社区工作者", "人大代表", "个体工商户")
TOPICS = ("交通", "教育", "产业", "养老", "医疗", "营商环境", "乡村振兴")


def main() -> None:
    logging.getLogger("luoshi.actions").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    demo_load()
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    report = report_create(actor=None, region=county, year=2030)
    draft = report_version_create(
        actor=None,
        report=report,
        kind="draft",
        blocks=split_report_text("一、安排\n" + "\n".join(f"第{n}项工作安排。" for n in range(40))),
    )
    report_version_publish(actor=None, version=draft)
    anchors = list(draft.paragraphs.values_list("anchor", flat=True))
    rng = random.Random(5)
    states = list(AnswerState.values)
    start = time.perf_counter()
    rows = []
    for n in range(COUNT):
        state = rng.choice(states)
        rows.append(
            Opinion(
                report=report,
                version=draft,
                anchor=rng.choice(anchors) if n % 3 else "",
                channel=rng.choice(Channel.values),
                text=f"{rng.choice(PHRASES)}（第{n}条）",
                author_sector=rng.choice(SECTORS),
                topics=rng.sample(TOPICS, 2),
                state=state,
                reply="" if state == AnswerState.PENDING else "已研究答复。",
                is_public=state != AnswerState.PENDING and n % 2 == 0,
            )
        )
    Opinion.objects.bulk_create(rows, batch_size=5000)
    print(f"  [{connection.vendor}]")
    print(f"  {'create 100,000 opinions (bulk)':<44} {time.perf_counter() - start:7.2f} s")
    analyze_after_bulk_load()
    start = time.perf_counter()
    opinion_stats(report)
    milliseconds = (time.perf_counter() - start) * 1000
    print(f"  {'statistics of 100,000 opinions (uncached)':<44} {milliseconds:7.1f} ms")

    client = Client()
    client.force_login(User.objects.get(username="duchayuan"))
    url = f"/engagement/opinions/?report={report.pk}"
    with override_settings(DEBUG=False):
        measure_requests(client, "baseline: /livez (no database)", "/livez")
        measure_requests(client, "opinion list + statistics (100k)", url)
        measure_requests(client, "opinion list filtered by state", url + "&state=adopted")
        measure_requests(
            client, "opinion list filtered by sector", url + "&sector=%E6%95%99%E5%B8%88"
        )
        measure_requests(
            client, "opinion list filtered by topic", url + "&topic=%E6%95%99%E8%82%B2"
        )
        measure_requests(
            client, "public feedback page", f"/engagement/consult/{report.pk}/feedback/"
        )
    start = time.perf_counter()
    call_command("search_rebuild", "--kind", "opinion", stdout=io.StringIO())
    print(
        f"  {'search index of 100,000 opinions (rebuild)':<44} {time.perf_counter() - start:7.2f} s"
    )
    with override_settings(DEBUG=False):
        # 苹果产业: one opinion in eight; 第12345条: one opinion; 养老 服务: two terms.
        for label, query in (
            ("search 苹果产业 (12.5k hits)", "%E8%8B%B9%E6%9E%9C%E4%BA%A7%E4%B8%9A"),
            ("search 第12345条 (1 hit)", "%E7%AC%AC12345%E6%9D%A1"),
            (
                "search 养老 服务, opinions of 2030",
                "%E5%85%BB%E8%80%81+%E6%9C%8D%E5%8A%A1&kind=opinion&year=2030",
            ),
        ):
            measure_requests(client, label, f"/search/?q={query}")


if __name__ == "__main__":
    main()
