"""Indicator targets and tasks share one colour rule and one region preset: the same gap behind
序时 in the same region is the same colour on the indicator table as on a task, and changing
the preset changes both."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.models import ColourPreset
from luoshi.indicators.selectors import indicator_table
from luoshi.indicators.services import observation_record, target_set
from luoshi.tasks.models import Task
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi_tests.tasks.conftest import make_task

from .conftest import indicator

pytestmark = pytest.mark.django_db

# A task of 100 days (1 January – 10 April) on its 50th day, and a monthly figure for 1–6月:
# both stand at 序时 50.0%.
TASK_START, TASK_DEADLINE, TASK_DAY = date(2026, 1, 1), date(2026, 4, 10), date(2026, 2, 19)
HALF_YEAR = ("month", 6)


def indicator_colour(world, percent: Decimal) -> str | None:
    """A count target of 100 in 甲县, done `percent` by June."""
    jobs = indicator("urban-new-jobs")
    target_set(
        actor=None,
        region=world.county,
        year=2026,
        indicator=jobs,
        measure="count",
        low=Decimal(100),
        high=None,
        qualifier="at_least",
    )
    observation_record(
        actor=None,
        region=world.county,
        indicator=jobs,
        year=2026,
        period_kind=HALF_YEAR[0],
        period_index=HALF_YEAR[1],
        value=percent,
    )
    (row,) = indicator_table(
        region=world.county, year=2026, period_kind=HALF_YEAR[0], period_index=HALF_YEAR[1]
    )
    assert row.assessment.elapsed == Decimal("50.0")
    assert row.assessment.completion == percent
    return row.assessment.colour


def task_colour(supervisor, world, percent: Decimal) -> str:
    task = make_task(
        supervisor, world, start_date=TASK_START, deadline=TASK_DEADLINE, milestones=[]
    )
    Task.objects.filter(pk=task.pk).update(percent=percent)
    tasks_evaluate(actor=supervisor, as_of=TASK_DAY, region=world.county)
    task.refresh_from_db()
    return task.colour


@pytest.mark.parametrize(
    ("percent", "default_colour", "city_preset_colour"),
    [
        ("52", "green", "green"),  # ahead
        ("48", "green", "green"),  # 2 behind
        ("44", "green", "yellow"),  # 6 behind
        ("40", "yellow", "yellow"),  # exactly 10 behind
        ("31", "yellow", "yellow"),  # 19 behind
        ("29", "yellow", "red"),  # 21 behind
        ("15", "red", "red"),  # 35 behind
    ],
)
@pytest.mark.parametrize("preset", ["defaults", "city"])
def test_the_same_gap_is_the_same_colour_for_an_indicator_and_a_task(
    supervisor, world, catalogue, preset, percent, default_colour, city_preset_colour
):
    expected = default_colour
    if preset == "city":
        # Set on 测试市: 甲县 has none of its own and takes its parent's.
        ColourPreset.objects.create(
            region=world.city, yellow_points_behind=Decimal(5), red_points_behind=Decimal(20)
        )
        expected = city_preset_colour
    value = Decimal(percent)
    assert indicator_colour(world, value) == task_colour(supervisor, world, value) == expected


TABLE = reverse("indicators:table")


def jobs_light(client) -> tuple[str, str]:
    """城镇新增就业 of 甲县, 1–11月 2025: 3000 of 4200 = 71.4%, 20.3 points behind 91.7."""
    response = client.get(TABLE, {"region": "930121", "year": "2025", "period": "month-11"})
    (jobs,) = [i for i in response.context["rows"] if i["row"].indicator.code == "urban-new-jobs"]
    return jobs["row"].assessment.colour, jobs["row"].assessment.status_label


def test_the_indicator_table_follows_the_region_preset(client_for, liaison, world, figures):
    client = client_for(liaison)
    assert jobs_light(client) == ("yellow", "滞后")  # defaults: yellow 10–30 behind
    page = client.get(TABLE, {"region": "930121", "year": "2025"}).content.decode()
    assert "落后序时 10–30 个百分点" in page and "落后序时超过 30 个百分点" in page

    preset = ColourPreset.objects.create(region=world.city, red_points_behind=Decimal(20))
    assert jobs_light(client) == ("red", "滞后")
    page = client.get(TABLE, {"region": "930121", "year": "2025"}).content.decode()
    assert 'data-indicator="urban-new-jobs"' in page and "light-red" in page
    assert "落后序时 10–20 个百分点" in page and "落后序时超过 20 个百分点" in page

    preset.yellow_points_behind, preset.red_points_behind = Decimal(25), Decimal(40)
    preset.save()
    assert jobs_light(client) == ("green", "滞后")  # behind, not yet a warning in this city

    ColourPreset.objects.create(region=world.county, yellow_points_behind=Decimal(15))
    assert jobs_light(client) == ("yellow", "滞后")  # the county's own preset comes first
