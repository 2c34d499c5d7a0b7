"""The bench's province-scale generator, at a small size."""

from io import StringIO

import pytest
from django.core.management import call_command

from luoshi.core.models import Region
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
