"""The one colour rule (points behind 序时 → status and colour) and the one lookup of a region's
thresholds (own preset, nearest ancestor's, defaults); the preset kept its table when it moved
to core."""

from decimal import Decimal as D

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import SeparateDatabaseAndState

from luoshi.core.colour_rules import (
    DEFAULT_COLOUR_RULES,
    ColourRules,
    ScheduleStatus,
    judge_against_schedule,
)
from luoshi.core.models import ColourPreset
from luoshi.core.region_codes import region_codes_nearest_first
from luoshi.core.selectors import colour_rules_for_region, colour_rules_for_regions
from luoshi_tests.factories import RegionFactory

STRICT = ColourRules(yellow_points_behind=D("5"), red_points_behind=D("20"), ahead_points=D("3"))


@pytest.mark.parametrize(
    ("progress", "status", "default_colour", "strict_colour"),
    [
        (D("0"), ScheduleStatus.NOT_STARTED, "red", "red"),  # 50 behind
        (D("29.9"), ScheduleStatus.LAGGING, "yellow", "red"),  # 20.1 behind
        (D("30"), ScheduleStatus.LAGGING, "yellow", "yellow"),  # exactly 20 behind
        (D("40"), ScheduleStatus.LAGGING, "yellow", "yellow"),  # exactly 10 behind
        (D("44"), ScheduleStatus.LAGGING, "green", "yellow"),  # 6 behind
        (D("45"), ScheduleStatus.LAGGING, "green", "yellow"),  # exactly 5 behind
        (D("48"), ScheduleStatus.LAGGING, "green", "green"),  # 2 behind
        (D("50"), ScheduleStatus.ON_SCHEDULE, "green", "green"),
        (D("55"), ScheduleStatus.ON_SCHEDULE, "green", "green"),  # 5 ahead: not 10 ahead
        (D("19.9"), ScheduleStatus.LAGGING, "red", "red"),  # 30.1 behind
    ],
)
def test_bands_follow_the_thresholds_given(progress, status, default_colour, strict_colour):
    default = judge_against_schedule(progress, D("50"), DEFAULT_COLOUR_RULES)
    strict = judge_against_schedule(progress, D("50"), STRICT)
    assert (default.status, default.colour) == (status, default_colour)
    assert strict.colour == strict_colour


def test_ahead_done_and_the_deadline():
    assert judge_against_schedule(D("60"), D("50"), DEFAULT_COLOUR_RULES).status == "ahead"
    assert judge_against_schedule(D("54"), D("50"), STRICT).status == "ahead"
    done = judge_against_schedule(D("10"), D("90"), DEFAULT_COLOUR_RULES, done=True)
    assert (done.status, done.colour) == (ScheduleStatus.DONE, "green")
    near = judge_against_schedule(D("60"), D("50"), DEFAULT_COLOUR_RULES, days_left=2)
    assert (near.colour, near.reason) == ("yellow", "距完成时限不足 3 天")
    late = judge_against_schedule(D("60"), D("50"), DEFAULT_COLOUR_RULES, days_left=-1)
    assert (late.colour, late.reason) == ("red", "已超过完成时限")
    red = judge_against_schedule(D("10"), D("50"), DEFAULT_COLOUR_RULES, days_left=2)
    assert red.colour == "red"  # the deadline never lowers a colour


def test_the_reason_says_what_the_light_saw():
    assert judge_against_schedule(D("50"), D("50"), STRICT).reason == "达到序时进度"
    assert (
        judge_against_schedule(D("48"), D("50"), STRICT).reason
        == "落后序时进度 2 个百分点，未到预警线"
    )
    assert judge_against_schedule(D("44"), D("50"), STRICT).reason == "落后序时进度 6 个百分点"


def test_codes_nearest_first():
    assert region_codes_nearest_first("930121001") == ["930121001", "930121", "930100", "930000"]
    assert region_codes_nearest_first("930121") == ["930121", "930100", "930000"]
    assert region_codes_nearest_first("930000") == ["930000"]


@pytest.mark.django_db
def test_own_preset_else_the_nearest_ancestors_else_the_defaults(world, django_assert_num_queries):
    township = RegionFactory(code="930121001", name="甲镇", level="township", parent=world.county)
    regions = [world.province, world.city, world.county, world.other_county, township]
    assert set(colour_rules_for_regions(regions).values()) == {DEFAULT_COLOUR_RULES}

    ColourPreset.objects.create(region=world.province, red_points_behind=D("40"))
    ColourPreset.objects.create(
        region=world.city, yellow_points_behind=D("5"), red_points_behind=D("20")
    )
    ColourPreset.objects.create(region=world.county, yellow_points_behind=D("8"))
    with django_assert_num_queries(1):
        found = colour_rules_for_regions(regions)
    assert found[world.province.pk].red_points_behind == D("40")
    assert found[world.city.pk] == ColourRules(
        yellow_points_behind=D("5"), red_points_behind=D("20")
    )
    assert found[world.other_county.pk] == found[world.city.pk]  # the city's, not the province's
    assert found[world.county.pk].yellow_points_behind == D("8")
    assert found[township.pk] == found[world.county.pk]
    assert colour_rules_for_region(world.other_county) == found[world.city.pk]


def test_the_preset_moved_to_core_without_touching_its_table():
    """State only: the model keeps tasks' table, and neither migration has a database
    operation, so no row is copied and no table rebuilt."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    moves = [("tasks", "0003_colourpreset_moves_to_core"), ("core", "0004_colourpreset")]
    parents = loader.graph.node_map[moves[0]].parents
    old = loader.project_state([p.key for p in parents]).apps.get_model("tasks", "ColourPreset")
    after = loader.project_state(moves[1])
    new = after.apps.get_model("core", "ColourPreset")
    assert old._meta.db_table == new._meta.db_table == ColourPreset._meta.db_table
    assert ColourPreset._meta.db_table == "tasks_colourpreset"
    assert [f.column for f in old._meta.fields] == [f.column for f in new._meta.fields]
    assert ("tasks", "colourpreset") not in after.models
    for key in moves:
        operations = loader.get_migration(*key).operations
        assert operations, key  # the move is stated, as state only
        assert all(
            isinstance(op, SeparateDatabaseAndState) and not op.database_operations
            for op in operations
        )
