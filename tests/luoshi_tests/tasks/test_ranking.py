"""Honour and warning lists (光荣榜与警示榜): quantified results only, aggregated in the DB."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.accounts.models import Role
from luoshi.core.action_log import log_action
from luoshi.core.models import Unit
from luoshi.tasks.models import Notice, Task
from luoshi.tasks.selectors.supervision_queries import ranking, unit_results
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_report, make_task

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 7, 10)


def red_notice(task, unit, state="issued"):
    return Notice.objects.create(
        task=task, unit=unit, colour="red", reason="逾期", due_date=AS_OF, state=state
    )


@pytest.fixture
def results_world(supervisor, world, transport):
    """县发改局 leads two monthly tasks (one lagging): five reports expected by 10 July —
    three on time, one late, one never started (甲's June report) — one returned twice, one
    overdue task, one open red notice. 县交通局: one clean task, its one report on time. An
    exempt task of 县交通局 with a late report and a red notice counts nowhere."""
    bureau_a = make_task(
        supervisor,
        world,
        title="甲",
        co_units=[],
        start_date=date(2026, 4, 1),
        deadline=date(2026, 6, 30),
    )
    bureau_b = make_task(
        supervisor,
        world,
        title="乙",
        co_units=[],
        start_date=date(2026, 5, 1),
        deadline=date(2026, 12, 31),
    )
    Task.objects.filter(pk=bureau_a.pk).update(status="lagging", colour="yellow")
    make_report(
        bureau_a, world.bureau, date(2026, 4, 25), state="approved", submitted_on=date(2026, 4, 24)
    )
    make_report(
        bureau_a, world.bureau, date(2026, 5, 25), state="approved", submitted_on=date(2026, 5, 25)
    )
    # 甲's June report was never started: it counts as late all the same.
    make_report(
        bureau_b,
        world.bureau,
        date(2026, 5, 25),
        state="approved",
        submitted_on=date(2026, 5, 20),
        returned_count=2,
    )
    make_report(
        bureau_b, world.bureau, date(2026, 6, 25), state="submitted", submitted_on=date(2026, 6, 27)
    )
    make_report(bureau_b, world.bureau, date(2026, 7, 25))  # not due yet
    red_notice(bureau_b, world.bureau)
    red_notice(bureau_b, world.bureau, state="closed")  # closed: not counted

    roads = make_task(
        supervisor, world, title="丙", lead_unit=transport, co_units=[], start_date=date(2026, 6, 1)
    )
    make_report(
        roads, transport, date(2026, 6, 25), state="approved", submitted_on=date(2026, 6, 1)
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
    Task.objects.filter(pk=exempt.pk).update(exempt_reason="暴雨", colour="red")
    make_report(exempt, transport, date(2026, 6, 25))
    red_notice(exempt, transport)
    return world


def test_the_figures_and_the_score_of_each_unit(results_world, world, transport):
    rows = {r.unit: r for r in unit_results(region=world.county, year=2026, as_of=AS_OF)}
    bureau, roads = rows[world.bureau], rows[transport]
    assert (bureau.tasks, bureau.on_target, bureau.overdue_tasks) == (2, 1, 1)
    assert (bureau.reports_due, bureau.reports_on_time, bureau.returned) == (5, 3, 2)
    assert bureau.reports_missing == 1
    assert bureau.open_red_notices == 1
    assert bureau.on_time_percent == Decimal("60.0") and bureau.on_target_percent == Decimal("50.0")
    # 50 × 0.6 + 50 × 0.5 − 2 × 2 − 5 × 1 − 5 × 1
    assert bureau.score == Decimal("41.0")
    assert (roads.tasks, roads.reports_due, roads.reports_on_time, roads.open_red_notices) == (
        1,
        1,
        1,
        0,
    )
    assert roads.score == Decimal("100.0")


def test_a_quarter_counts_only_its_reports_and_deadlines(results_world, world):
    bureau = next(
        r
        for r in unit_results(region=world.county, year=2026, quarter=2, as_of=AS_OF)
        if r.unit == world.bureau
    )
    assert (bureau.reports_due, bureau.reports_on_time, bureau.overdue_tasks) == (5, 3, 1)
    q3 = next(
        r
        for r in unit_results(region=world.county, year=2026, quarter=3, as_of=AS_OF)
        if r.unit == world.bureau
    )
    assert (q3.reports_due, q3.overdue_tasks, q3.on_time_rate) == (0, 0, None)


def test_honour_and_warning_lists_never_share_a_unit(supervisor, world):
    units = [UnitFactory(region=world.county, name=f"甲县第{i}局") for i in range(5)]
    for i, unit in enumerate(units):
        for j in range(i):  # unit i has i lagging tasks of 4
            t = make_task(supervisor, world, title=f"{i}-{j}", lead_unit=unit, co_units=[])
            Task.objects.filter(pk=t.pk).update(status="lagging")
        for j in range(4 - i):
            make_task(supervisor, world, title=f"{i}+{j}", lead_unit=unit, co_units=[])
    result = ranking(region=world.county, year=2026, as_of=AS_OF, size=3)
    # Five units: at most half on each list.
    assert [r.unit for r in result.honour] == units[:2]
    assert [r.unit for r in result.warning] == [units[4], units[3]]
    result = ranking(region=world.county, year=2026, as_of=AS_OF, size=1)
    assert ([r.unit for r in result.honour], [r.unit for r in result.warning]) == (
        [units[0]],
        [units[4]],
    )


def test_logins_and_activity_change_nothing(results_world, world, client_for, liaison):
    before = [
        (r.unit.pk, r.score) for r in unit_results(region=world.county, year=2026, as_of=AS_OF)
    ]
    for _ in range(5):
        client_for(liaison).get(reverse("tasks:notice_list"))
    log_action(actor=liaison, verb="user.logged_in")
    after = [
        (r.unit.pk, r.score) for r in unit_results(region=world.county, year=2026, as_of=AS_OF)
    ]
    assert before == after


def test_the_ranking_takes_a_fixed_number_of_queries(
    supervisor, world, django_assert_max_num_queries
):
    make_task(supervisor, world, title="一")
    with django_assert_max_num_queries(5) as one:
        unit_results(region=world.county, year=2026, as_of=AS_OF)
    for i in range(12):
        unit = UnitFactory(region=world.county, name=f"乡镇{i}")
        task = make_task(supervisor, world, title=f"任务{i}", lead_unit=unit, co_units=[])
        make_report(task, unit, date(2026, 6, 25), state="approved", submitted_on=date(2026, 6, 2))
        red_notice(task, unit)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(unit_results(region=world.county, year=2026, as_of=AS_OF)) == 13


def test_the_page_shows_lists_figures_and_the_formula(
    results_world, client_for, supervisor, django_assert_max_num_queries
):
    client = client_for(supervisor)
    url = reverse("tasks:ranking") + "?year=2026"
    with django_assert_max_num_queries(20) as few:
        page = client.get(url).content.decode()
    assert "光荣榜" in page and "警示榜" in page and "计分办法" in page
    assert "甲县交通运输局" in page and "甲县发展和改革局" in page
    # As of today 县发改局 owes ten monthly reports (甲 April–June, 乙 May–November): three
    # on time, one late, July's a draft, five never started — all seven count against it.
    assert "30.0%" in page and "3/10" in page and "未报送 5 份" in page
    assert "从未填报的计为未按时" in page and "不统计登录、点击等活跃度" in page
    for i in range(8):
        unit = UnitFactory(region=results_world.county, name=f"街道{i}")
        make_task(supervisor, results_world, title=f"街道任务{i}", lead_unit=unit, co_units=[])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "街道7" in client.get(url).content.decode()


def test_units_and_other_counties_may_not_read_the_ranking(
    results_world, client_for, liaison, unit_head, other_supervisor, leader, world
):
    for user in (liaison, unit_head):
        assert client_for(user).get(reverse("tasks:ranking")).status_code == 403
    # 乙县's office chooses only among its own regions: 甲县 is not offered or shown.
    page = client_for(other_supervisor).get(
        reverse("tasks:ranking") + f"?region={world.county.pk}&year=2026"
    )
    assert page.status_code == 200
    assert "甲县发展和改革局" not in page.content.decode()
    assert client_for(leader).get(reverse("tasks:ranking") + "?year=2026").status_code == 200


def test_a_leader_of_the_city_reads_a_county(results_world, client_for, world):
    city_office = Unit.objects.create(region=world.city, name="测试市人民政府办公室")
    city_leader = user_with_role("city_leader", city_office, Role.LEADER)
    from luoshi.tasks.selectors.supervision_queries import office_regions

    assert office_regions(city_leader) == [world.city, world.county]
    assert city_leader.has_perm("tasks.view_ranking", world.county)
