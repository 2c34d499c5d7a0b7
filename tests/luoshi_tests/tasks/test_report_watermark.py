"""The 未报送 watermark (`Task.reports_complete_through`): the daily evaluation sets it so the
list reads only the periods after it; it must never change what the list says. Each test
compares the list with the watermarks cleared against the list with them set."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.selectors.expected_reports import ExpectedScope, missing_rows
from luoshi.tasks.services.decomposition import task_update
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import make_report, make_task

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 10)
NOW = "2026-07-10 02:00:00"  # 10:00 in Beijing
SCOPE = ExpectedScope(due_from=date(2026, 1, 1), due_to=TODAY, region_prefixes=["93"])


def owed() -> list[tuple[int, int, str]]:
    return sorted((m.task.pk, m.unit.pk, m.period.label) for m in missing_rows(SCOPE, TODAY))


def owed_without_watermarks() -> list[tuple[int, int, str]]:
    """The list as it was before watermarks: every period of every task read."""
    with_marks = dict(Task.objects.values_list("pk", "reports_complete_through"))
    Task.objects.update(reports_complete_through=None)
    try:
        return owed()
    finally:
        for pk, mark in with_marks.items():
            Task.objects.filter(pk=pk).update(reports_complete_through=mark)


def report(task, unit, month):
    return make_report(task, unit, date(2026, month, 25), state="approved")


def evaluate(world) -> None:
    tasks_evaluate(actor=None, as_of=TODAY, region=world.county)


@freeze_time(NOW)
def test_the_watermark_stops_at_the_first_gap_and_never_changes_the_list(supervisor, world):
    full = make_task(supervisor, world, title="全报", co_units=[], start_date=date(2026, 1, 1))
    gap = make_task(supervisor, world, title="缺二月", co_units=[], start_date=date(2026, 1, 1))
    for month in range(1, 7):
        report(full, world.bureau, month)
        if month != 2:
            report(gap, world.bureau, month)
    before = owed()
    evaluate(world)
    full.refresh_from_db()
    gap.refresh_from_db()
    # Every month through June is in for one; the other is complete through January only.
    assert full.reports_complete_through == date(2026, 6, 30)
    assert gap.reports_complete_through == date(2026, 1, 31)
    assert owed() == before == owed_without_watermarks()
    assert (gap.pk, world.bureau.pk, "2026年2月") in before
    assert not any(task_id == full.pk for task_id, _unit, _label in before)


@freeze_time(NOW)
def test_a_report_deleted_or_a_task_edited_clears_the_watermark(supervisor, world):
    task = make_task(supervisor, world, title="路", co_units=[], start_date=date(2026, 3, 1))
    reports = {month: report(task, world.bureau, month) for month in range(3, 7)}
    evaluate(world)
    task.refresh_from_db()
    assert task.reports_complete_through == date(2026, 6, 30)

    reports[4].delete()  # a gap before the watermark: April is owed again at once
    task.refresh_from_db()
    assert task.reports_complete_through is None
    assert (task.pk, world.bureau.pk, "2026年4月") in owed() == owed_without_watermarks()

    report(task, world.bureau, 4)
    evaluate(world)
    task.refresh_from_db()
    assert task.reports_complete_through == date(2026, 6, 30)
    # Starting earlier makes January and February owed: the edit clears the watermark.
    task_update(actor=supervisor, task=task, changes={"start_date": date(2026, 1, 1)})
    task.refresh_from_db()
    assert task.reports_complete_through is None
    assert {label for _t, _u, label in owed()} >= {"2026年1月", "2026年2月"}
    assert owed() == owed_without_watermarks()

    # A new lead unit owes every period itself.
    evaluate(world)
    water = UnitFactory(region=world.county, name="甲县水利局", short_name="县水利局")
    task_update(actor=supervisor, task=task, changes={"lead_unit": water})
    assert {u for _t, u, _label in owed()} == {water.pk}
    assert owed() == owed_without_watermarks()


@freeze_time(NOW)
def test_tasks_with_co_units_have_no_watermark_and_edits_during_the_run_are_kept(
    supervisor, world, transport
):
    shared = make_task(supervisor, world, title="合办", co_units=[transport])
    for month in range(1, 7):
        report(shared, world.bureau, month)
    alone = make_task(supervisor, world, title="独办", co_units=[])
    for month in range(1, 7):
        report(alone, world.bureau, month)
    # Edited after the run began (its updated_at later than the run's start): left alone.
    Task.objects.filter(pk=alone.pk).update(updated_at=timezone.now() + timedelta(hours=1))
    evaluate(world)
    assert Task.objects.get(pk=shared.pk).reports_complete_through is None
    assert Task.objects.get(pk=alone.pk).reports_complete_through is None
    assert owed() == owed_without_watermarks()


@freeze_time(NOW)
def test_random_gaps_list_the_same_with_and_without_watermarks(supervisor, world, transport):
    rng = random.Random(20261205)
    for n in range(12):
        task = make_task(
            supervisor,
            world,
            title=f"任务{n}",
            co_units=[transport] if n % 4 == 0 else [],
            start_date=date(2026, rng.randint(1, 4), 1),
            cadence=rng.choice(["monthly", "monthly", "quarterly"]),
        )
        for month in range(1, 8):
            if rng.random() < 0.8:
                report(task, world.bureau, month)
    evaluate(world)
    assert Task.objects.exclude(reports_complete_through=None).exists()
    assert owed() == owed_without_watermarks()
    assert ProgressReport.objects.exists()
