"""Expected reports never started (未报送): the one definition, the office's list, the unit's
待填报 and 补报, the reminders before and after the due date, and the 红黑榜's on-time rate."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from luoshi.tasks.models import Notification, ProgressReport, ReportState, Task
from luoshi.tasks.selectors.expected_reports import (
    ExpectedScope,
    expected_counts,
    missing_rows,
)
from luoshi.tasks.selectors.supervision_queries import unit_results
from luoshi.tasks.services.progress_flow import ProgressInput, progress_revise
from luoshi.tasks.services.reminders import send_reminders
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_report, make_task

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 10)
NOW = "2026-07-10 02:00:00"  # 10:00 in Beijing


def monthly_report(task, unit, month, *, on=None):
    """The unit's report for `month` of 2026, submitted on the `on` day (default: the 20th)."""
    due = date(2026, month, 25)
    return make_report(
        task,
        unit,
        due,
        state="approved",
        submitted_on=on or due.replace(day=20),
        progress=f"{month}月完成路基{month * 10}公里。",
        percent=month * 8,
    )


@pytest.fixture
def roads(supervisor, world, transport):
    """公路 (monthly since March, 县发改局 leads, 县交通局 assists). 县发改局 reported March
    to May and then stopped; 县交通局 sent its part every month through June."""
    task = make_task(
        supervisor,
        world,
        title="新建改造农村公路120公里",
        co_units=[transport],
        start_date=date(2026, 3, 1),
    )
    for month in (3, 4, 5):
        monthly_report(task, world.bureau, month)
    for month in (3, 4, 5, 6):
        monthly_report(task, transport, month)
    return task


def list_page(client, **params):
    response = client.get(reverse("tasks:missing_report_list"), params)
    return response, response.content.decode()


# --- what is expected -------------------------------------------------------------------------


def test_expected_reports_follow_the_task_s_life_units_and_cadence(supervisor, world, transport):
    scope = ExpectedScope(due_from=date(2026, 1, 1), due_to=TODAY)

    def owed(task):
        return sorted(
            (m.unit.pk, m.period.label) for m in missing_rows(scope, TODAY) if m.task.pk == task.pk
        )

    quarterly = make_task(
        supervisor,
        world,
        title="季",
        co_units=[transport],
        cadence="quarterly",
        start_date=date(2026, 1, 1),
    )
    # Lead and co-unit each owe the first two quarters (due 25 March and 25 June).
    assert owed(quarterly) == sorted(
        (unit.pk, label)
        for unit in (world.bureau, transport)
        for label in ("2026年第1季度", "2026年第2季度")
    )
    weekly = make_task(
        supervisor,
        world,
        title="周",
        co_units=[],
        cadence="weekly",
        start_date=date(2026, 6, 22),
        deadline=date(2026, 7, 5),
    )
    # Fridays 26 June and 3 July; the week of 6 July is past the deadline.
    assert owed(weekly) == [(world.bureau.pk, "2026年第26周"), (world.bureau.pk, "2026年第27周")]
    done = make_task(supervisor, world, title="完", co_units=[], start_date=date(2026, 4, 1))
    Task.objects.filter(pk=done.pk).update(status="done", completed_on=date(2026, 5, 30))
    assert owed(done) == [(world.bureau.pk, "2026年4月"), (world.bureau.pk, "2026年5月")]
    exempt = make_task(supervisor, world, title="免", co_units=[], start_date=date(2026, 1, 1))
    Task.objects.filter(pk=exempt.pk).update(exempt_reason="不可抗力")
    marked_done = make_task(supervisor, world, title="无日期", co_units=[])
    Task.objects.filter(pk=marked_done.pk).update(status="done")
    assert owed(exempt) == [] and owed(marked_done) == []
    with freeze_time("2026-06-10 02:00:00"):
        entered = make_task(supervisor, world, title="后录入", co_units=[])
    # No start date: from the day it was entered (10 June), so June is the first owed.
    assert owed(entered) == [(world.bureau.pk, "2026年6月")]
    # A draft is a report started: it is no longer missing.
    make_report(entered, world.bureau, date(2026, 6, 25))
    assert owed(entered) == []


# --- the office's list and the ranking --------------------------------------------------------


@freeze_time(NOW)
def test_a_unit_that_stops_reporting_is_listed_and_loses_its_rate(
    roads, world, transport, client_for, supervisor
):
    response, page = list_page(client_for(supervisor), year=2026)
    assert response.status_code == 200
    table = page.split('id="missing-table"', 1)[1]
    assert "甲县发展和改革局" in table and roads.title[:20] in table
    assert "2026年6月" in table and "2026-06-25" in table and "逾期 15 天" in table
    assert "甲县交通运输局" not in table  # its part is in
    assert "共 1 份，其中逾期 1 份" in page

    rows = {r.unit: r for r in unit_results(region=world.county, year=2026, as_of=TODAY)}
    bureau = rows[world.bureau]
    # Four reports owed (March–June), three on time, June never started: 75 %, not 100 %.
    assert (bureau.reports_due, bureau.reports_on_time, bureau.reports_missing) == (4, 3, 1)
    assert bureau.on_time_percent < 100


@freeze_time(NOW)
def test_a_co_unit_that_never_sends_its_part_is_listed_as_a_co_unit(
    supervisor, world, transport, client_for
):
    bridge = make_task(
        supervisor, world, title="桥梁加固", co_units=[transport], start_date=date(2026, 6, 1)
    )
    monthly_report(bridge, world.bureau, 6)
    _response, page = list_page(client_for(supervisor), year=2026)
    table = page.split('id="missing-table"', 1)[1]
    assert "甲县交通运输局" in table and "配合" in table and "甲县发展和改革局" not in table
    counts = expected_counts(
        ExpectedScope(due_from=date(2026, 1, 1), due_to=TODAY, unit_ids=[transport.pk])
    )
    assert counts[transport.pk].missing == 1 and counts[transport.pk].on_time == 0


@freeze_time(NOW)
def test_filters_narrow_the_list_and_bad_ones_are_named_and_ignored(
    roads, world, transport, supervisor, client_for
):
    other = UnitFactory(region=world.county, name="甲县水利局")
    make_task(
        supervisor,
        world,
        title="水库除险",
        lead_unit=other,
        co_units=[],
        start_date=date(2026, 5, 1),
        cadence="quarterly",
    )
    client = client_for(supervisor)
    _r, page = list_page(client, year=2026)
    assert "水库除险" in page and "新建改造农村公路" in page
    _r, page = list_page(client, year=2026, unit=other.pk)
    table = page.split('id="missing-table"', 1)[1]
    assert "水库除险" in table and "新建改造农村公路" not in table
    _r, page = list_page(client, year=2026, cadence="monthly")
    table = page.split('id="missing-table"', 1)[1]
    assert "水库除险" not in table and "新建改造农村公路" in table
    _r, page = list_page(client, year=2026, month=5)
    assert 'id="missing-empty"' in page  # nothing owed was due in May
    _r, page = list_page(client, year=2025)
    assert 'id="missing-empty"' in page

    response, page = list_page(client, year="abc", month="13", cadence="daily", unit="x", page="zz")
    assert response.status_code == 200
    assert "以下筛选条件无效，已忽略：年度、截止月份、报送周期、单位。" in page
    assert "新建改造农村公路" in page  # the defaults: this year, everything
    response, _page = list_page(client, unit="99999999999999", page="-1")
    assert response.status_code == 200


def test_the_list_takes_the_same_queries_however_many_reports_are_missing(
    supervisor, world, client_for, django_assert_max_num_queries, django_assert_num_queries
):
    def fill(count, start):
        for n in range(count):
            unit = UnitFactory(region=world.county, name=f"甲县第{start + n}局")
            make_task(
                supervisor,
                world,
                title=f"任务{start + n}",
                lead_unit=unit,
                co_units=[],
                start_date=date(2026, 1, 1),
            )

    client = client_for(supervisor)
    url = reverse("tasks:missing_report_list") + "?year=2026"
    with freeze_time(NOW):
        fill(1, 100)
        client.get(url)  # warm: session, content types
        with django_assert_max_num_queries(30) as few:
            first = client.get(url).content.decode()
        assert "任务100" in first
        fill(30, 200)  # 31 units × 6 months: four pages
        with django_assert_num_queries(len(few.captured_queries)):
            page = client.get(url + "&page=2").content.decode()
    assert "第 2 / 4 页，共 186 条" in page


# --- permissions ----------------------------------------------------------------------------


@freeze_time(NOW)
def test_units_may_not_open_the_office_list_and_other_counties_see_nothing(
    roads, client_for, liaison, unit_head, other_supervisor, leader
):
    for user in (liaison, unit_head):
        response = client_for(user).get(reverse("tasks:missing_report_list"))
        assert response.status_code == 403
    _r, page = list_page(client_for(other_supervisor), year=2026)
    assert 'id="missing-empty"' in page and "甲县发展和改革局" not in page
    _r, page = list_page(client_for(leader), year=2026)
    assert "逾期 15 天" in page


@freeze_time(NOW)
def test_a_liaison_sees_only_their_own_unit_s_missing_reports_and_starts_one(
    roads, world, client_for, liaison, transport_liaison, supervisor
):
    url = reverse("tasks:missing_report_start", args=[roads.pk, world.bureau.pk, "2026-06-30"])
    inbox = client_for(liaison).get(reverse("tasks:progress_inbox")).content.decode()
    assert "2026年6月" in inbox and "逾期未报 15 天" in inbox and url in inbox
    other_inbox = client_for(transport_liaison).get(reverse("tasks:progress_inbox")).content
    assert url not in other_inbox.decode() and "逾期未报" not in other_inbox.decode()
    # Another unit's liaison may neither open nor start it.
    assert client_for(transport_liaison).get(url).status_code == 403
    assert client_for(transport_liaison).post(url).status_code == 403
    assert not ProgressReport.objects.filter(task=roads, unit=world.bureau, due_date__month=6)

    office_inbox = client_for(supervisor).get(reverse("tasks:progress_inbox")).content.decode()
    assert "本年度有 1 份应报的进展报告逾期未报送" in office_inbox

    client = client_for(liaison)
    page = client.get(url).content.decode()
    assert "补报进展" in page and "已逾期 15 天" in page
    response = client.post(url)
    report = ProgressReport.objects.get(task=roads, unit=world.bureau, period_end=date(2026, 6, 30))
    assert report.state == ReportState.DRAFT and report.period_label == "2026年6月"
    assert report.progress == "5月完成路基50公里。"  # prefilled from May's report
    assert response.url == reverse("tasks:progress_edit", args=[roads.pk]) + f"?report={report.pk}"
    assert client.post(url).url == response.url  # a second click opens the same report
    assert ProgressReport.objects.filter(task=roads, unit=world.bureau).count() == 4

    progress_revise(
        actor=liaison,
        report=report,
        data=ProgressInput(progress="六月补报", percent="50"),
        submit=True,
    )
    _r, page = list_page(client_for(supervisor), year=2026)
    assert 'id="missing-empty"' in page
    bureau = next(
        r
        for r in unit_results(region=world.county, year=2026, as_of=TODAY)
        if r.unit == world.bureau
    )
    # Sent, but late: still not on time.
    assert (bureau.reports_due, bureau.reports_on_time, bureau.reports_missing) == (4, 3, 0)


@freeze_time(NOW)
def test_a_period_that_is_not_owed_cannot_be_started(roads, world, client_for, liaison):
    client = client_for(liaison)
    before_start = reverse(
        "tasks:missing_report_start", args=[roads.pk, world.bureau.pk, "2026-01-31"]
    )
    assert "这一周期不需要报送" in client.get(before_start).content.decode()
    response = client.post(before_start, follow=True)
    assert "这一周期不需要报送" in response.content.decode()
    bad = f"/tasks/progress/missing/{roads.pk}/{world.bureau.pk}/2026-02-30/"
    assert client.get(bad).status_code == 404
    stranger = UnitFactory(region=world.county, name="甲县林业局")
    stranger_url = reverse("tasks:missing_report_start", args=[roads.pk, stranger.pk, "2026-06-30"])
    assert client.get(stranger_url).status_code == 404
    assert ProgressReport.objects.filter(task=roads, unit=world.bureau).count() == 3


# --- reminders ------------------------------------------------------------------------------


def test_reports_never_started_are_reminded_before_and_after_once_each(
    roads,
    world,
    transport,
    liaison,
    unit_head,
    transport_liaison,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    liaison.email = "liaison@example.gov.cn"
    liaison.save()

    def remind(day):
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(as_of=day)

    # 22 July: July's reports are due in three days (both units have yet to start them);
    # 县发改局's June report is 27 days overdue.
    first = remind(date(2026, 7, 22))
    assert first.counts == {"missing_due_soon": 3, "missing_overdue": 2}
    texts = sorted(Notification.objects.filter(user=liaison).values_list("text", flat=True))
    assert texts == [
        "进展报告尚未填报：新建改造农村公路120公里（2026年7月），2026年7月25日截止，请按时报送。",
        "进展报告逾期未报送：新建改造农村公路120公里（2026年6月），截止日期2026年6月25日，"
        "已逾期27天，请尽快补报。",
    ]
    assert Notification.objects.filter(user=transport_liaison).count() == 1
    assert len(mailoutbox) == 2  # only the liaison of 县发改局 has an address
    # Running `luoshi remind` again the same day sends nothing new.
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "--date", "2026-07-22", stdout=out)
    assert "Reminders sent: 0" in out.getvalue()
    assert len(mailoutbox) == 2

    # 县交通局 starts July's part; on 26 July 县发改局's July report is overdue and never
    # started, 县交通局's is a draft overdue (the reminder about unsubmitted reports).
    make_report(roads, transport, date(2026, 7, 25))
    after = remind(date(2026, 7, 26))
    assert after.counts == {"missing_overdue": 2, "report_overdue": 1}
    assert remind(date(2026, 7, 26)).total == 0
    assert len(mailoutbox) == 3
    # Every missing-report reminder opens the page that starts that report.
    links = set(Notification.objects.filter(user=liaison).values_list("url", flat=True))
    assert (
        reverse("tasks:missing_report_start", args=[roads.pk, world.bureau.pk, "2026-06-30"])
        in links
    )
