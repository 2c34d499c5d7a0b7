"""Issue-5 figures: 100,000 opinions on one report — list, filtered list and statistics page,
the public feedback page — beside a trivial-view baseline. Issue 17: 20,000 of them deputies'
suggestions handed to the county's units (a unit's queue, the office's overdue tab, the
numbers by deputy and delegation, the daily reminders) and 3,000 cooperation items of 300
study tours (the office's red list, the leaders' 学习考察成果).

Run by bench/run.py with DATABASE_URL and LUOSHI_VAR_DIR set to a throw-away database.
"""

from __future__ import annotations

import io
import logging
import os
import random
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.web_bench import analyze_after_bulk_load, measure_requests  # noqa: E402
from luoshi.accounts.models import User  # noqa: E402
from luoshi.core.models import Region, Unit  # noqa: E402
from luoshi.demo import dataset  # noqa: E402
from luoshi.demo.services import demo_load  # noqa: E402
from luoshi.engagement.models import (  # noqa: E402
    AnswerState,
    Channel,
    CooperationItem,
    CooperationStatus,
    Meeting,
    MeetingKind,
    Opinion,
)
from luoshi.engagement.selectors import opinion_stats  # noqa: E402
from luoshi.reports.models import WorkReport  # noqa: E402
from luoshi.reports.services import (  # noqa: E402
    report_create,
    report_version_create,
    report_version_publish,
)
from luoshi.reports.text_layout import split_report_text  # noqa: E402
from luoshi.tasks.services.suggestion_reminders import send_suggestion_reminders  # noqa: E402

COUNT = 100_000
SUGGESTIONS = 20_000
OVERDUE = "/engagement/handling/?state=waiting&overdue=1"
STATISTICS = "/engagement/suggestions/statistics/"
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
    suggestions_and_cooperation(report, rng)


def suggestions_and_cooperation(report: WorkReport, rng: random.Random) -> None:
    county = report.region
    units = list(Unit.objects.filter(region=county, kind="department"))
    today = timezone.localdate()
    start = time.perf_counter()
    handed = list(Opinion.objects.filter(report=report).order_by("pk")[:SUGGESTIONS])
    delegations = [f"第{n}代表团" for n in range(1, 13)]
    now = timezone.now()
    for opinion in handed:
        opinion.unit = rng.choice(units)
        opinion.deadline = today + timedelta(days=rng.randint(-60, 90))
        opinion.handed_at = now
        opinion.delegation = rng.choice(delegations)
        opinion.author_name = f"代表{opinion.pk % 400}"
        opinion.category = rng.choice(["", "A", "B", "C"])
        opinion.author_rating = rng.choice(["", "satisfied", "basic", "unsatisfied"])
    Opinion.objects.bulk_update(
        handed,
        ["unit", "deadline", "handed_at", "delegation", "author_name", "category", "author_rating"],
        batch_size=2000,
    )
    tours = [
        Meeting(kind=MeetingKind.SUMMARY, title=f"学习考察总结交流会{n}", region=county)
        for n in range(300)
    ]
    Meeting.objects.bulk_create(tours, batch_size=500)
    CooperationItem.objects.bulk_create(
        [
            CooperationItem(
                meeting=tours[n % 300],
                partner=f"合作方{n}",
                content="合作建设产业项目",
                unit=rng.choice(units),
                deadline=today + timedelta(days=rng.randint(-60, 120)),
                status=rng.choice(CooperationStatus.values),
            )
            for n in range(3000)
        ],
        batch_size=1000,
    )
    print(
        f"  {'hand 20,000 suggestions, 3,000 cooperation items':<44} "
        f"{time.perf_counter() - start:7.2f} s"
    )
    analyze_after_bulk_load()
    office = Client()
    office.force_login(User.objects.get(username="duchayuan"))
    liaison = Client()
    liaison.force_login(User.objects.get(username="fgj_lianluo"))
    leader = Client()
    leader.force_login(User.objects.get(username="xianzhang"))
    with override_settings(DEBUG=False):
        measure_requests(liaison, "建议办理: a unit's queue (waiting)", "/engagement/handling/")
        measure_requests(office, "建议办理: the office's overdue tab", OVERDUE)
        measure_requests(office, "代表建议统计 (20,000 suggestions)", STATISTICS)
        measure_requests(
            office, "合作事项: the office's red list", "/engagement/cooperation/?colour=red"
        )
        measure_requests(liaison, "合作事项: a unit's items", "/engagement/cooperation/")
        measure_requests(leader, "学习考察成果 (300 tours)", "/engagement/study-tours/")
    start = time.perf_counter()
    summary = send_suggestion_reminders()
    print(
        f"  {'reminders of 20,000 suggestions':<44} {time.perf_counter() - start:7.2f} s"
        f"   ({summary.total} written)"
    )


if __name__ == "__main__":
    main()
