"""督查通报 (monthly) and 季度总结 (quarterly): drafted from the data, edited, issued, printed.

The clock is frozen at 10 July 2026: the second quarter and June are over, July is running."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from luoshi.core.log_sentences import sentence_of
from luoshi.core.models import ActionLog
from luoshi.core.navigation import items_for
from luoshi.tasks.models import BulletinState, SupervisionBulletin, Task
from luoshi.tasks.selectors import task_queries
from luoshi.tasks.selectors.bulletin_figures import bulletin_figures, percent
from luoshi.tasks.selectors.expected_reports import ExpectedScope, missing_by_unit
from luoshi.tasks.selectors.supervision_queries import ranking
from luoshi.tasks.services.bulletins import (
    BulletinExists,
    bulletin_draft,
    bulletin_issue,
    bulletin_update,
)
from luoshi_tests.tasks.conftest import make_report, make_task

pytestmark = pytest.mark.django_db

TODAY = "2026-07-10 10:00"
AS_OF = date(2026, 7, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time(TODAY):
        yield


@pytest.fixture
def county_data(supervisor, world, transport):
    """甲县's tasks of 2026: 县发改局 leads 甲 (yellow, lagging) and 乙 (red); 县交通局 leads
    丙 (green) and a red task 丁; an exempt task counts in no rate. Second-quarter reports:
    three of 县发改局's on time, one late, one never started (甲's June); one returned twice;
    县交通局's June report on time, its 丁 report never started."""
    jia = make_task(
        supervisor,
        world,
        title="甲",
        co_units=[],
        start_date=date(2026, 4, 1),
        deadline=date(2026, 6, 30),
    )
    yi = make_task(
        supervisor,
        world,
        title="新建改造农村公路120公里",
        co_units=[],
        start_date=date(2026, 5, 1),
        deadline=date(2026, 12, 31),
    )
    bing = make_task(
        supervisor,
        world,
        title="丙",
        lead_unit=transport,
        co_units=[],
        start_date=date(2026, 6, 1),
    )
    ding = make_task(
        supervisor,
        world,
        title="建成县域物流配送中心",
        lead_unit=transport,
        co_units=[],
        start_date=date(2026, 6, 1),
    )
    exempt = make_task(
        supervisor,
        world,
        title="免责",
        lead_unit=transport,
        co_units=[],
        start_date=date(2026, 1, 1),
        deadline=date(2026, 6, 1),
    )
    Task.objects.filter(pk=jia.pk).update(status="lagging", colour="yellow")
    Task.objects.filter(pk__in=[yi.pk, ding.pk]).update(colour="red")
    Task.objects.filter(pk=exempt.pk).update(exempt_reason="暴雨", colour="red")
    make_report(
        jia, world.bureau, date(2026, 4, 25), state="approved", submitted_on=date(2026, 4, 24)
    )
    make_report(
        jia, world.bureau, date(2026, 5, 25), state="approved", submitted_on=date(2026, 5, 25)
    )
    make_report(
        yi,
        world.bureau,
        date(2026, 5, 25),
        state="approved",
        submitted_on=date(2026, 5, 20),
        returned_count=2,
    )
    make_report(
        yi, world.bureau, date(2026, 6, 25), state="submitted", submitted_on=date(2026, 6, 27)
    )
    make_report(bing, transport, date(2026, 6, 25), state="approved", submitted_on=date(2026, 6, 1))
    return {"jia": jia, "yi": yi, "bing": bing, "ding": ding, "exempt": exempt}


def office_browser(user) -> Client:
    """A browser that sends the CSRF token, as the form it was served does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("tasks:bulletin_list"))
    return client


def post(client: Client, url: str, data: dict | None = None):
    token = client.cookies["csrftoken"].value
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


def draft(actor, world, kind="quarterly", year=2026, period=2, **extra) -> SupervisionBulletin:
    return bulletin_draft(
        actor=actor, region=world.county, kind=kind, year=year, period=period, **extra
    )


# --- The figures are the pages' figures -------------------------------------------------------


def test_the_quarterly_draft_says_what_the_task_list_and_the_ranking_show(
    county_data, supervisor, world, transport, client_for
):
    bulletin = draft(supervisor, world)
    body = bulletin.body

    # Red tasks: the task list filtered by red, for the region and year.
    red = task_queries.task_list(task_queries.TaskFilters(year=2026, colour="red"), supervisor)
    assert red.count() == 3
    assert f"红灯{red.count()}项" in body
    listed = client_for(supervisor).get(reverse("tasks:task_list"), {"year": 2026, "colour": "red"})
    assert listed.content.decode().count("light-red") >= red.count()
    for task in red.filter(exempt_reason=""):
        assert task.title.rstrip("。") in body
    assert f"（牵头单位：{world.bureau.name}）" in body
    # The exempt task is counted, and said to be exempt.
    assert "另有1项经认定免责" in body

    # The on-time rate: the ranking's reports of the quarter, all units together.
    board = ranking(region=world.county, year=2026, quarter=2, as_of=AS_OF)
    due = sum(row.reports_due for row in board.results)
    on_time = sum(row.reports_on_time for row in board.results)
    assert (due, on_time) == (7, 4)
    assert f"本季度应报送进展报告{due}份，按时报送{on_time}份" in body
    assert f"按时报送率{percent(on_time, due)}%" in body
    page = client_for(supervisor).get(
        reverse("tasks:ranking"), {"region": world.county.pk, "year": 2026, "quarter": 2}
    )
    for row in board.results:
        assert f"{row.on_time_percent}%" in page.content.decode()
    # 红黑榜: the ranking's honour and warning lists, by name and score.
    assert f"光荣榜：{board.honour[0].unit.name}（{board.honour[0].score}分）" in body
    assert f"警示榜：{board.warning[0].unit.name}（{board.warning[0].score}分）" in body

    # 未报送: the units the 未报送 list counts for the quarter.
    missing = missing_by_unit(
        ExpectedScope(
            due_from=date(2026, 4, 1),
            due_to=date(2026, 6, 30),
            region_id=world.county.pk,
            year=2026,
        ),
        AS_OF,
    )
    assert sum(row.missing for row in missing) == 2
    assert "有2份未报送，涉及2个单位" in body
    # 退办: the returned count of the reports due in the quarter.
    assert f"被退办2次，涉及1个单位：{world.bureau.name}2次" in body

    # A quarter lists its months.
    assert re.search(r"分月看：4月应报送\d+份", body) and "6月应报送" in body
    # Numbered sections as offices write them.
    for heading in ("一、总体情况", "二、存在问题", "三、红黑榜", "四、下步工作"):
        assert f"\n{heading}\n" in body


def test_the_monthly_draft_counts_the_month_and_ranks_the_year_so_far(
    county_data, supervisor, world
):
    figures = bulletin_figures(
        region=world.county, kind="monthly", year=2026, period=6, as_of=AS_OF
    )
    assert figures.reports is not None
    assert (figures.reports.due, figures.reports.on_time) == (4, 1)
    body = draft(supervisor, world, kind="monthly", period=6).body
    assert "本月应报送进展报告4份，按时报送1份" in body
    assert f"按时报送率{percent(1, 4)}%" in body
    board = ranking(region=world.county, year=2026, as_of=date(2026, 6, 30))
    assert "2026年1月至6月累计排名如下" in body
    assert f"{board.honour[0].unit.name}（{board.honour[0].score}分）" in body
    assert "分月看" not in body
    # No figure is stored beside the text.
    fields = {f.name for f in SupervisionBulletin._meta.concrete_fields}
    assert not fields & {"red", "on_time", "rate", "due", "figures"}


def test_a_running_month_is_counted_up_to_today_and_says_so(county_data, supervisor, world):
    body = draft(supervisor, world, kind="monthly", period=7).body
    assert "7月尚未结束，以下情况统计至2026年7月10日" in body
    assert "本月没有应报送的进展报告" in body  # July's reports fall due on the 25th


# --- Who may do what --------------------------------------------------------------------------


def test_a_liaison_is_refused_every_bulletin_page_and_is_not_offered_the_menu(
    county_data, supervisor, liaison, leader, world
):
    bulletin = draft(supervisor, world)
    issued = bulletin_issue(actor=supervisor, bulletin=draft(supervisor, world, period=1))
    client = office_browser(liaison)
    pages = [
        reverse("tasks:bulletin_list"),
        reverse("tasks:bulletin_new"),
        reverse("tasks:bulletin_detail", args=[bulletin.pk]),
        reverse("tasks:bulletin_detail", args=[issued.pk]),
        reverse("tasks:bulletin_print", args=[bulletin.pk]),
        reverse("tasks:bulletin_print", args=[issued.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403, url
    before = (SupervisionBulletin.objects.count(), ActionLog.objects.count())
    client.get(reverse("tasks:task_list"))  # a page with the form token
    for url, data in [
        (
            reverse("tasks:bulletin_new"),
            {"region": world.county.pk, "kind": "monthly", "year": 2026, "period": 5},
        ),
        (reverse("tasks:bulletin_detail", args=[bulletin.pk]), {"title": "改", "body": "改"}),
        (reverse("tasks:bulletin_issue", args=[bulletin.pk]), {}),
        (reverse("tasks:bulletin_redraft", args=[bulletin.pk]), {"confirm": "1"}),
    ]:
        assert post(client, url, data).status_code == 403, url
    assert (SupervisionBulletin.objects.count(), ActionLog.objects.count()) == before
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.DRAFT and bulletin.title != "改"

    keys = lambda user: {item["key"] for item in items_for(user, "/")}  # noqa: E731
    assert "bulletins" not in keys(liaison)
    assert "bulletins" in keys(supervisor) and "bulletins" in keys(leader)
    home = client.get("/").content.decode()
    assert reverse("tasks:bulletin_list") not in home


def test_a_leader_reads_issued_bulletins_only(county_data, supervisor, leader, world, client_for):
    drafted = draft(supervisor, world)
    issued = bulletin_issue(actor=supervisor, bulletin=draft(supervisor, world, period=1))
    client = client_for(leader)
    listing = client.get(reverse("tasks:bulletin_list")).content.decode()
    assert issued.title in listing and issued.number in listing
    assert drafted.title not in listing
    assert "起草上月督查通报" not in listing
    assert client.get(reverse("tasks:bulletin_detail", args=[issued.pk])).status_code == 200
    assert client.get(reverse("tasks:bulletin_print", args=[issued.pk])).status_code == 200
    assert client.get(reverse("tasks:bulletin_detail", args=[drafted.pk])).status_code == 403
    assert client.get(reverse("tasks:bulletin_new")).status_code == 403
    page = client.get(reverse("tasks:bulletin_detail", args=[issued.pk])).content.decode()
    assert 'name="body"' not in page


def test_another_countys_office_cannot_open_or_draft_for_this_county(
    county_data, supervisor, other_supervisor, world, client_for
):
    bulletin = draft(supervisor, world)
    client = client_for(other_supervisor)
    assert client.get(reverse("tasks:bulletin_detail", args=[bulletin.pk])).status_code == 403
    assert bulletin.title not in client.get(reverse("tasks:bulletin_list")).content.decode()
    with pytest.raises(Exception, match="没有权限"):
        draft(other_supervisor, world, period=1)


# --- Drafting, editing, issuing ---------------------------------------------------------------


def test_the_office_drafts_edits_and_issues_from_the_pages(county_data, supervisor, world):
    client = office_browser(supervisor)
    form = client.get(reverse("tasks:bulletin_new")).content.decode()
    assert 'name="period" value="6"' in form  # last month by default
    assert (
        'value="2"'
        in client.get(reverse("tasks:bulletin_new"), {"kind": "quarterly"}).content.decode()
    )
    made = post(
        client,
        reverse("tasks:bulletin_new"),
        {"region": world.county.pk, "kind": "monthly", "year": 2026, "period": 6},
    )
    assert made.status_code == 302
    bulletin = SupervisionBulletin.objects.get()
    assert bulletin.title == "关于2026年6月政府工作报告重点任务落实情况的通报"
    assert bulletin.drafted_by == supervisor and bulletin.number == ""

    url = reverse("tasks:bulletin_detail", args=[bulletin.pk])
    edited = bulletin.body.replace("各有关单位：", "各乡镇人民政府，县政府各部门：")
    assert post(client, url, {"title": bulletin.title, "body": edited}).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.body.startswith("各乡镇人民政府，县政府各部门：")

    draft_print = client.get(reverse("tasks:bulletin_print", args=[bulletin.pk])).content.decode()
    assert "doc-draft-mark" in draft_print and "〔2026〕" not in draft_print
    assert post(client, reverse("tasks:bulletin_issue", args=[bulletin.pk])).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.ISSUED and bulletin.number == "督查通报〔2026〕1期"
    assert bulletin.issued_by == supervisor and bulletin.issued_at is not None
    printed = client.get(reverse("tasks:bulletin_print", args=[bulletin.pk])).content.decode()
    assert "督查通报〔2026〕1期" in printed and "2026年7月10日" in printed
    assert "各乡镇人民政府，县政府各部门：" in printed and "<script>" not in printed

    sentences = [
        sentence_of(entry).text()
        for entry in ActionLog.objects.filter(verb__startswith="bulletin.").order_by("id")
    ]
    assert [s.split(" ", 1)[1][:3] for s in sentences] == ["起草了", "修改了", "印发了"]
    assert "bulletin." not in client.get(url).content.decode()


def test_an_issued_bulletin_refuses_edits_and_nothing_changes(county_data, supervisor, world):
    bulletin = bulletin_issue(actor=supervisor, bulletin=draft(supervisor, world))
    stored = SupervisionBulletin.objects.values().get(pk=bulletin.pk)
    logged = ActionLog.objects.count()
    client = office_browser(supervisor)
    url = reverse("tasks:bulletin_detail", args=[bulletin.pk])
    refused = post(client, url, {"title": "改过的标题", "body": "改过的正文"})
    assert refused.status_code == 400
    assert "季度总结〔2026〕1期已印发，不能修改。" in refused.content.decode()
    redraft = post(client, reverse("tasks:bulletin_redraft", args=[bulletin.pk]), {"confirm": "1"})
    assert redraft.status_code == 302
    again = post(client, reverse("tasks:bulletin_issue", args=[bulletin.pk]))
    assert again.status_code == 302
    assert "已印发，不能再次印发" in client.get(url).content.decode()
    new = post(
        client,
        reverse("tasks:bulletin_new"),
        {"region": world.county.pk, "kind": "quarterly", "year": 2026, "period": 2},
    )
    assert (
        new.status_code == 409
        and "已印发（季度总结〔2026〕1期），不能重新起草" in new.content.decode()
    )
    with pytest.raises(Exception, match="已印发，不能修改"):
        bulletin_update(actor=supervisor, bulletin=bulletin, title="改", body="改")
    assert SupervisionBulletin.objects.values().get(pk=bulletin.pk) == stored
    assert ActionLog.objects.count() == logged
    assert 'name="body"' not in client.get(url).content.decode()


def test_redrafting_overwrites_the_text_only_when_confirmed(county_data, supervisor, world):
    bulletin = draft(supervisor, world, kind="monthly", period=6)
    bulletin_update(actor=supervisor, bulletin=bulletin, title="六月通报", body="改写的正文")
    client = office_browser(supervisor)
    again = post(
        client,
        reverse("tasks:bulletin_new"),
        {"region": world.county.pk, "kind": "monthly", "year": 2026, "period": 6},
    )
    assert again.status_code == 409 and "已有草稿" in again.content.decode()
    with pytest.raises(BulletinExists):
        draft(supervisor, world, kind="monthly", period=6)
    url = reverse("tasks:bulletin_redraft", args=[bulletin.pk])
    post(client, url, {})
    bulletin.refresh_from_db()
    assert bulletin.body == "改写的正文"
    post(client, url, {"confirm": "1"})
    bulletin.refresh_from_db()
    assert bulletin.body.startswith("各有关单位：") and bulletin.title == "六月通报"
    assert ActionLog.objects.filter(verb="bulletin.redrafted").count() == 1


def test_numbers_count_per_region_kind_and_year_of_issue(
    county_data, supervisor, other_supervisor, world
):
    first = bulletin_issue(actor=supervisor, bulletin=draft(supervisor, world, "monthly", period=5))
    second = bulletin_issue(
        actor=supervisor, bulletin=draft(supervisor, world, "monthly", period=6)
    )
    quarter = bulletin_issue(actor=supervisor, bulletin=draft(supervisor, world))
    other = bulletin_issue(
        actor=other_supervisor,
        bulletin=bulletin_draft(
            actor=other_supervisor, region=world.other_county, kind="monthly", year=2026, period=6
        ),
    )
    assert (first.number, second.number) == ("督查通报〔2026〕1期", "督查通报〔2026〕2期")
    assert quarter.number == "季度总结〔2026〕1期"
    assert other.number == "督查通报〔2026〕1期"
    with freeze_time("2027-01-08 10:00"):
        december = bulletin_issue(
            actor=supervisor, bulletin=draft(supervisor, world, "monthly", period=12)
        )
    assert december.number == "督查通报〔2027〕1期"


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"kind": "monthly", "year": 2026, "period": 13}, "期间应为 1 到 12 之间的整数"),
        ({"kind": "monthly", "year": 2026, "period": 0}, "期间应为 1 到 12 之间的整数"),
        ({"kind": "monthly", "year": 2026, "period": "六"}, "期间应为 1 到 12 之间的整数"),
        ({"kind": "quarterly", "year": 2026, "period": 5}, "季度应为 1 到 4。"),
        ({"kind": "monthly", "year": 2026, "period": 8}, "2026年8月尚未开始，不能起草。"),
        ({"kind": "monthly", "year": 99999, "period": 1}, "年度应为 2000 到 2100 之间的整数"),
        ({"kind": "weekly", "year": 2026, "period": 1}, "选择一个有效的选项"),
    ],
)
def test_a_bad_period_is_refused_with_a_sentence_and_nothing_stored(
    county_data, supervisor, world, data, sentence
):
    client = office_browser(supervisor)
    logged = ActionLog.objects.count()
    response = post(client, reverse("tasks:bulletin_new"), {"region": world.county.pk, **data})
    assert response.status_code == 400
    assert sentence in response.content.decode()
    assert not SupervisionBulletin.objects.exists()
    assert ActionLog.objects.count() == logged


def test_an_empty_text_is_refused_on_the_edit_page(county_data, supervisor, world):
    bulletin = draft(supervisor, world)
    client = office_browser(supervisor)
    url = reverse("tasks:bulletin_detail", args=[bulletin.pk])
    response = post(client, url, {"title": "  ", "body": ""})
    assert response.status_code == 400
    bulletin.refresh_from_db()
    assert bulletin.title and bulletin.body.startswith("各有关单位")


def test_the_list_queries_do_not_grow(
    county_data, supervisor, world, client_for, django_assert_max_num_queries
):
    draft(supervisor, world)
    client = client_for(supervisor)
    with django_assert_max_num_queries(30) as one:
        assert client.get(reverse("tasks:bulletin_list")).status_code == 200
    for month in range(1, 7):
        bulletin_issue(actor=supervisor, bulletin=draft(supervisor, world, "monthly", period=month))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("tasks:bulletin_list")).content.decode()
    assert page.count("督查通报〔2026〕") == 6


def test_the_admin_shows_bulletins_without_changing_them(
    county_data, supervisor, world, superuser, client_for
):
    bulletin = draft(supervisor, world)
    client = client_for(superuser)
    url = reverse("admin:tasks_supervisionbulletin_change", args=[bulletin.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "改"}).status_code == 403
    bulletin.refresh_from_db()
    assert bulletin.body != "改"
