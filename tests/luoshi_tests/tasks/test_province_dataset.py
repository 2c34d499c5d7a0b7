"""The bench's province-scale generator, at a small size."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F

from luoshi.core.models import Region, Unit
from luoshi.engagement.models import Opinion
from luoshi.projects.models import MonthlyInvestment, Project
from luoshi.reports.models import WorkReport
from luoshi.tasks.models import ColourChange, ProgressReport, Task

pytestmark = pytest.mark.django_db


def test_the_generator_writes_regions_tasks_reports_and_evaluates_them():
    out = StringIO()
    call_command(
        "generate_province", "--tasks", "60", "--months", "3", "--projects", "0", stdout=out
    )
    assert Region.objects.filter(code__startswith="92").count() == 1 + 12 + 12 * 9
    assert Task.objects.count() == 60
    assert ProgressReport.objects.count() == 180
    assert ColourChange.objects.count() == 60  # every task got its first colour
    assert "60 tasks, 180 progress reports" in out.getvalue()
    call_command(
        "generate_province", "--tasks", "10", "--months", "1", "--projects", "0", stdout=out
    )
    assert Region.objects.filter(code__startswith="92").count() == 121  # regions reused


def test_its_made_up_regions_leave_the_gazetteer_to_be_loaded_and_projects_are_made():
    call_command(
        "generate_province", "--tasks", "12", "--months", "1", "--projects", "5", stdout=StringIO()
    )
    made_up = Region.objects.filter(code__startswith="92")
    assert made_up.count() == 121 and not made_up.filter(source="gazetteer").exists()
    assert Project.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_the_national_dataset_streams_into_postgresql_and_refuses_sqlite_in_a_sentence():
    out = StringIO()
    arguments = ["--scale", "national", "--tasks", "300", "--months", "2", "--projects", "20"]
    arguments += ["--opinions", "5000"]
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("generate_province", *arguments, stdout=out)
        assert not Task.objects.exists()
        return
    call_command("generate_province", *arguments, stdout=out)
    regions = Region.objects.filter(source="gazetteer", is_active=True).exclude(level="township")
    assert Unit.objects.count() == 12 * regions.count()
    assert Task.objects.count() == 300 and ProgressReport.objects.count() == 600
    assert Project.objects.count() == 20 and MonthlyInvestment.objects.count() == 240
    # Every report is its task's lead unit's, in the task's region: rows derived from the
    # task's number agree with each other.
    assert not ProgressReport.objects.exclude(unit=F("task__lead_unit")).exists()
    assert not Task.objects.exclude(lead_unit__region=F("region")).exists()
    # A report carries its task's region code (the office's lists read it alone).
    assert not ProgressReport.objects.exclude(region_code=F("task__region__code")).exists()
    # Each region's report in consultation, opinions answered by the region's own units.
    assert WorkReport.objects.count() == regions.count()
    assert Opinion.objects.count() == 5000
    assert not Opinion.objects.exclude(unit=None).exclude(unit__region=F("report__region")).exists()
    assert Opinion.objects.filter(topics__contains=["交通"]).exists()  # topics are JSON lists
    # The indexes set aside while the rows were copied in are built again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        indexes = {row[0] for row in cursor.fetchall()}
    for model in (ProgressReport, Opinion):
        assert {index.name for index in model._meta.indexes} <= indexes
    assert ColourChange.objects.count() == 300  # evaluated
    assert "peak memory" in out.getvalue()
    # The ids were reserved: the tables' own numbering carries on after them.
    task = Task.objects.order_by("pk").first()
    assert task is not None
    extra = Unit.objects.create(region=task.region, name="新设单位")
    assert (
        extra.pk
        > Unit.objects.exclude(pk=extra.pk).order_by("-pk").values_list("pk", flat=True).first()
    )
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_province", *arguments, stdout=out)
