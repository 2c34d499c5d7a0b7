"""The leader dashboard: who sees what, the figures, drill-down links, charts, query count."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.engagement.models import Opinion
from luoshi.indicators.models import Indicator, Observation, Target
from luoshi.projects.models import Project
from luoshi.reports.models import WorkReport
from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi_tests.dashboard.conftest import PAST_DEADLINE, YEAR, bulk_tasks
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_report, make_task

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


def page(client, **params):
    return client.get(URL, {"year": YEAR, **params})


@pytest.fixture
def county_tasks(world, supervisor):
    """甲县: two green, one yellow, one red and overdue (lead unit 县发改局)."""
    green = bulk_tasks(world.county, world.bureau, 2, title="甲县绿灯任务")
    yellow = make_task(supervisor, world, title="甲县黄灯任务", number="3")
    red = make_task(supervisor, world, title="甲县逾期任务", number="4", deadline=PAST_DEADLINE)
    Task.objects.filter(pk=yellow.pk).update(colour="yellow", status="lagging")
    Task.objects.filter(pk=red.pk).update(colour="red", status="lagging")
    return green, yellow, red


@pytest.fixture
def other_county_task(world):
    return bulk_tasks(world.other_county, world.other_bureau, 1, title="乙县独有任务")[0]


# --- who may look ------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_liaison_is_refused(client_for, liaison):
    """Unit staff report on their own tasks; region-wide figures are not theirs."""
    assert client_for(liaison).get(URL).status_code == 403


def test_representative_is_refused(client_for, representative):
    assert client_for(representative).get(URL).status_code == 403


def test_leader_sees_own_county_only(client_for, leader, county_tasks, other_county_task):
    response = page(client_for(leader))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert response.context["scope"].region.code == "930121"
    assert figures.tasks.total == 4
    content = response.content.decode()
    assert "乙县独有任务" not in content
    assert "甲县逾期任务" in content


def test_leader_of_other_county_gets_403_for_this_county(
    client_for, other_leader, county_tasks, other_county_task
):
    client = client_for(other_leader)
    response = page(client, region="930121")
    assert response.status_code == 403
    assert "甲县逾期任务" not in response.content.decode()
    own = page(client)
    assert own.status_code == 200
    assert own.context["figures"].tasks.total == 1
    assert "甲县" not in "".join(t.title for t in own.context["figures"].overdue)


def test_leader_may_not_widen_to_the_city(client_for, leader, county_tasks):
    assert page(client_for(leader), region="930100").status_code == 403


def test_city_leader_narrows_to_a_county(client_for, city_leader, county_tasks, other_county_task):
    client = client_for(city_leader)
    assert page(client).context["figures"].tasks.total == 5
    narrowed = page(client, region="930122")
    assert narrowed.status_code == 200
    assert narrowed.context["figures"].tasks.total == 1


def test_admin_sees_everything(client_for, admin_user, county_tasks, other_county_task):
    response = page(client_for(admin_user), region="")
    assert response.status_code == 200
    assert response.context["scope"].region is None
    assert response.context["figures"].tasks.total == 5


def test_unknown_region_and_bad_year_are_404(client_for, admin_user):
    client = client_for(admin_user)
    assert page(client, region="999999").status_code == 404
    assert page(client, region="abc").status_code == 404
    assert client.get(URL, {"year": "20x6"}).status_code == 404
    assert client.get(URL, {"year": "1900"}).status_code == 404


def test_menu_entry_for_leaders_not_for_liaisons(client_for, leader, liaison):
    assert "领导驾驶舱" in client_for(leader).get("/").content.decode()
    assert "领导驾驶舱" not in client_for(liaison).get("/").content.decode()


# --- the figures -------------------------------------------------------------------------------


def test_counts_by_status_colour_and_unit(client_for, leader, world, county_tasks):
    figures = page(client_for(leader)).context["figures"]
    colours = {b.key: b.count for b in figures.tasks.by_colour}
    statuses = {b.key: b.count for b in figures.tasks.by_status}
    assert colours == {"green": 2, "yellow": 1, "red": 1}
    assert statuses["lagging"] == 2
    assert statuses["on_schedule"] == 2
    assert figures.tasks.overdue == 1
    [unit] = figures.tasks.by_unit
    assert (unit.unit_id, unit.red, unit.yellow, unit.green, unit.overdue) == (
        world.bureau.pk,
        1,
        1,
        2,
        1,
    )
    assert [t.title for t in figures.overdue] == ["甲县逾期任务"]


def test_done_task_past_deadline_is_not_overdue(client_for, leader, world):
    bulk_tasks(world.county, world.bureau, 1, deadline=PAST_DEADLINE, status="done")
    assert page(client_for(leader)).context["figures"].tasks.overdue == 0


def test_returned_reports_are_counted_and_listed(client_for, leader, world, county_tasks):
    _green, yellow, red = county_tasks
    make_report(yellow, world.bureau, date(2026, 3, 25), state="returned", returned_count=2)
    make_report(red, world.bureau, date(2026, 3, 25), state="approved", returned_count=1)
    response = page(client_for(leader))
    returned = response.context["figures"].returned
    assert (returned.current, returned.returns) == (1, 3)
    [item] = returned.items
    assert item.task_id == yellow.pk
    assert reverse("tasks:progress_detail", args=[item.pk]) in response.content.decode()


def test_drill_down_links_carry_the_filters(client_for, leader, world, county_tasks):
    content = page(client_for(leader)).content.decode()
    task_list = reverse("tasks:task_list")
    assert f"{task_list}?year={YEAR}&amp;colour=red" in content
    assert f"{task_list}?year={YEAR}&amp;status=lagging" in content
    assert f"{task_list}?year={YEAR}&amp;overdue=1" in content
    assert f"{task_list}?year={YEAR}&amp;unit={world.bureau.pk}&amp;colour=yellow" in content
    assert reverse("tasks:task_detail", args=[county_tasks[2].pk]) in content


def test_charts_use_the_local_plotly_and_link_to_lists(client_for, leader, world, county_tasks):
    response = page(client_for(leader))
    content = response.content.decode()
    assert "/static/vendor/plotly.min.js" in content
    assert "cdn" not in content.lower()
    charts = response.context["charts"]
    assert set(charts) == {"chart-status", "chart-colour", "chart-units"}
    units = charts["chart-units"]
    assert units["layout"]["barmode"] == "stack"
    red_trace = next(trace for trace in units["data"] if trace["name"] == "红灯")
    assert red_trace["x"] == [1]
    assert f"unit={world.bureau.pk}&colour=red" in red_trace["customdata"][0]
    # The figures reach the page as JSON the script reads back.
    marker = '<script id="dashboard-charts" type="application/json">'
    start = content.index(marker) + len(marker)
    embedded = json.loads(content[start : content.index("</script>", start)])
    assert embedded["chart-status"]["data"][0]["type"] == "bar"


def test_no_tasks_shows_a_message_not_charts(client_for, leader, world):
    response = page(client_for(leader))
    assert response.context["charts"] == {}
    assert 'id="no-tasks"' in response.content.decode()


def test_targets_vs_actuals_with_colours(client_for, leader, world):
    indicator = Indicator.objects.filter(measure="growth").order_by("sort_order").first()
    Target.objects.create(
        region=world.county,
        year=YEAR,
        indicator=indicator,
        measure="growth",
        low=Decimal("6"),
        high=Decimal("6"),
        qualifier="about",
    )
    Observation.objects.create(
        region=world.county,
        indicator=indicator,
        year=YEAR,
        period_kind="month",
        period_index=9,
        growth=Decimal("4.5"),
    )
    response = page(client_for(leader))
    targets = response.context["figures"].targets
    assert targets.period.label.endswith("9月")
    [row] = targets.rows
    assert row.indicator == indicator
    assert row.assessment.colour == "yellow"
    assert indicator.name in response.content.decode()


def test_project_rates_when_projects_exist(client_for, leader, world):
    Project.objects.create(
        region=world.county,
        year=YEAR,
        name="甲县饲料加工项目",
        unit=world.bureau,
        total_investment=Decimal("12000"),
        annual_plan=Decimal("6000"),
        started_planned=date(YEAR, 2, 1),
        started_actual=date(YEAR, 2, 10),
    )
    response = page(client_for(leader))
    projects = response.context["figures"].projects
    assert projects.total.counts.projects == 1
    assert projects.total.rates.start_rate == Decimal("100.0")
    assert 'id="rate-start"' in response.content.decode()


def test_no_projects_no_rates(client_for, leader, world):
    assert page(client_for(leader)).context["figures"].projects is None


def test_opinion_answers_by_state(client_for, leader, world):
    report = WorkReport.objects.create(region=world.county, year=YEAR, title="甲县政府工作报告")
    for state in ("adopted", "adopted", "noted", "pending"):
        Opinion.objects.create(report=report, channel="written", text="建议", state=state)
    other = WorkReport.objects.create(region=world.other_county, year=YEAR, title="乙县报告")
    Opinion.objects.create(report=other, channel="written", text="乙县意见", state="adopted")
    response = page(client_for(leader))
    opinions = response.context["figures"].opinions
    counts = {b.key: b.count for b in opinions.by_state}
    assert (opinions.total, opinions.answered) == (4, 3)
    assert counts["adopted"] == 2
    assert f"report={report.pk}&amp;state=adopted" in response.content.decode()


def test_opinions_across_the_whole_scope(client_for, city_leader, world):
    for region in (world.county, world.other_county):
        report = WorkReport.objects.create(region=region, year=YEAR, title=f"{region.name}报告")
        Opinion.objects.create(report=report, channel="written", text="意见", state="adopted")
    opinions = page(client_for(city_leader), region="").context["figures"].opinions
    assert (opinions.total, opinions.answered) == (2, 2)


def test_user_input_is_escaped(client_for, leader, world):
    bulk_tasks(
        world.county, world.bureau, 1, title="<script>alert(1)</script>", deadline=PAST_DEADLINE
    )
    content = page(client_for(leader)).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)" in content


# --- speed: a fixed number of queries ---------------------------------------------------------


def _fill(world, unit_count: int, tasks_per_unit: int) -> None:
    units = [world.bureau] + [
        UnitFactory(region=world.county, name=f"甲县第{n}局") for n in range(unit_count - 1)
    ]
    for colour in ("green", "yellow", "red"):
        for unit in units:
            created = bulk_tasks(
                world.county, unit, tasks_per_unit, colour=colour, deadline=PAST_DEADLINE
            )
            ProgressReport.objects.bulk_create(
                ProgressReport(
                    task=task,
                    unit=unit,
                    region_code=world.county.code,
                    period_start=date(YEAR, month, 1),
                    period_end=date(YEAR, month, 25),
                    period_label=f"{YEAR}年{month}月",
                    due_date=date(YEAR, month, 25),
                    state="returned" if month % 2 else "approved",
                    returned_count=1,
                )
                for task in created
                for month in range(1, 4)
            )


def _queries_for(client) -> int:
    cache.clear()  # count afresh: the figures are kept a while once counted
    with CaptureQueriesContext(connection) as captured:
        response = page(client)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_data(
    client_for, leader, world, django_assert_max_num_queries
):
    """One unit with one task per colour, then six units with 36 tasks each and three
    reports per task: the same number of queries, under a fixed ceiling."""
    client = client_for(leader)
    _fill(world, 1, 1)
    few = _queries_for(client)
    _fill(world, 6, 12)
    cache.clear()
    with django_assert_max_num_queries(few):
        response = page(client)
    assert response.context["figures"].tasks.total == 3 + 6 * 36
    assert few <= 30


def test_figures_are_kept_until_the_evaluation_changes_colours(
    client_for, leader, world, django_capture_on_commit_callbacks
):
    """Counted once per scope and day, then read from the cache (the page says when they
    were counted); the daily evaluation that changes a colour drops them."""
    client = client_for(leader)
    _fill(world, 1, 1)
    first = _queries_for(client)
    _fill(world, 2, 2)
    with CaptureQueriesContext(connection) as captured:
        kept = page(client)
    assert kept.context["figures"].tasks.total == 3  # as counted
    assert len(captured.captured_queries) < first - 5
    assert "统计，10 分钟内不重算" in kept.content.decode()
    Task.objects.update(evaluated_on=None)
    with django_capture_on_commit_callbacks(execute=True):
        tasks_evaluate(actor=None, as_of=date(YEAR, 11, 30))
    assert page(client).context["figures"].tasks.total == 3 + 2 * 6
