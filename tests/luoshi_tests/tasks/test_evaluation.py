"""Status and colour by the region's rules, as the days pass; colour history."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus

from luoshi.core.colour_rules import DEFAULT_COLOUR_RULES
from luoshi.core.models import ColourPreset
from luoshi.tasks.models import Colour, ColourChange, Task, TaskStatus
from luoshi.tasks.periods import period_containing, task_elapsed_percent
from luoshi.tasks.services.evaluation import evaluate, tasks_evaluate
from luoshi.tasks.tasks import evaluate_tasks_task
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db


def test_schedule_share_and_periods():
    year_start, year_end = date(2026, 1, 1), date(2026, 12, 31)
    assert task_elapsed_percent(year_start, year_end, date(2026, 11, 30)) == Decimal("91.5")
    assert task_elapsed_percent(year_start, year_end, date(2025, 12, 1)) == 0
    assert task_elapsed_percent(year_start, year_end, date(2027, 1, 1)) == 100
    week = period_containing("weekly", date(2026, 5, 20))
    assert (week.start, week.end, week.due, week.label) == (
        date(2026, 5, 18),
        date(2026, 5, 24),
        date(2026, 5, 22),
        "2026年第21周",
    )
    quarter = period_containing("quarterly", date(2026, 5, 20))
    assert (quarter.label, quarter.due) == ("2026年第2季度", date(2026, 6, 25))


@pytest.mark.parametrize(
    ("percent", "status", "colour"),
    [
        ("0", TaskStatus.NOT_STARTED, Colour.RED),  # 50.1% of the time gone, nothing done
        ("45", TaskStatus.LAGGING, Colour.GREEN),  # 5 points behind: 滞后, not yet a warning
        ("35", TaskStatus.LAGGING, Colour.YELLOW),
        ("15", TaskStatus.LAGGING, Colour.RED),
        ("52", TaskStatus.ON_SCHEDULE, Colour.GREEN),
        ("70", TaskStatus.AHEAD, Colour.GREEN),
    ],
)
def test_status_and_colour_are_kept_apart(supervisor, world, percent, status, colour):
    task = make_task(supervisor, world)
    task.percent = Decimal(percent)
    result = evaluate(task, DEFAULT_COLOUR_RULES, date(2026, 7, 2))
    assert (result.status, result.colour) == (status, colour)


def test_a_task_turns_yellow_then_red_as_its_deadline_passes_and_recovers_visibly(
    supervisor, world
):
    task = make_task(supervisor, world, deadline=date(2026, 6, 30))
    Task.objects.filter(pk=task.pk).update(percent=Decimal("80"))
    for day in (date(2026, 6, 1), date(2026, 6, 28), date(2026, 7, 1)):
        tasks_evaluate(actor=supervisor, as_of=day, region=world.county)
    task.refresh_from_db()
    assert task.colour == Colour.RED
    Task.objects.filter(pk=task.pk).update(completed_on=date(2026, 7, 3))
    tasks_evaluate(actor=None, as_of=date(2026, 7, 4))
    history = list(ColourChange.objects.filter(task=task).order_by("on"))
    assert [(h.previous, h.colour) for h in history] == [
        ("", "green"),
        ("green", "yellow"),
        ("yellow", "red"),
        ("red", "green"),
    ]
    assert history[-1].is_recovery and not history[1].is_recovery


def test_a_region_preset_changes_the_thresholds_for_it_and_below(supervisor, world):
    task = make_task(supervisor, world)
    Task.objects.filter(pk=task.pk).update(percent=Decimal("45"))
    ColourPreset.objects.create(region=world.city, yellow_points_behind=Decimal("3"))
    tasks_evaluate(actor=supervisor, as_of=date(2026, 7, 2), region=world.county)
    task.refresh_from_db()
    assert task.colour == Colour.YELLOW


def test_only_the_office_evaluates_and_the_work_is_batched(
    supervisor, liaison, world, django_assert_max_num_queries
):
    with pytest.raises(PermissionDenied):
        tasks_evaluate(actor=liaison, as_of=date(2026, 7, 2), region=world.county)
    for n in range(30):
        make_task(supervisor, world, number=str(n + 2))
    # Constant in the number of tasks (13: the action log's append lock is one on PostgreSQL;
    # 3 more for the 未报送 watermarks: the first year, the regions, one statement — and one
    # update per distinct day, none here since these tasks have co-units).
    with django_assert_max_num_queries(16):
        changed, recoloured = tasks_evaluate(
            actor=supervisor, as_of=date(2026, 7, 2), region=world.county
        )
    assert (changed, recoloured) == (30, 30)
    assert tasks_evaluate(actor=supervisor, as_of=date(2026, 7, 2), region=world.county) == (0, 0)


def test_the_daily_command_evaluates_once_and_refuses_bad_input(supervisor, world):
    task = make_task(supervisor, world, deadline=date(2026, 6, 30))
    out = StringIO()
    call_command("evaluate", "--date", "2026-07-01", "--region", world.county.code, stdout=out)
    assert "1 changed, 1 changed colour" in out.getvalue()
    task.refresh_from_db()
    assert (task.colour, task.evaluated_on) == (Colour.RED, date(2026, 7, 1))
    out = StringIO()
    call_command("evaluate", "--date", "2026-07-01", stdout=out)
    assert "0 changed" in out.getvalue()
    for bad in (("--date", "2026-02-30"), ("--region", "999999")):
        with pytest.raises(CommandError):
            call_command("evaluate", *bad)
    assert ColourChange.objects.filter(task=task).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_daily_evaluation_runs_on_the_database_queue(supervisor, world, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    task = make_task(supervisor, world, deadline=date(2026, 6, 30))
    result = evaluate_tasks_task.enqueue("2026-07-01", world.county.code)
    task.refresh_from_db()
    assert task.evaluated_on is None
    call_command("worker", burst=True)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"changed": 1, "recoloured": 1}
    task.refresh_from_db()
    assert task.colour == Colour.RED
