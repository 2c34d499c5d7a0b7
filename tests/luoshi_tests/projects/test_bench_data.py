"""The generator the province-scale bench dataset uses writes valid, consistent projects."""

import random

import pytest

from luoshi.projects.bench_data import generate_projects
from luoshi.projects.models import MonthlyInvestment, Project

pytestmark = pytest.mark.django_db


def test_generated_projects_pass_their_own_rules(world):
    made = generate_projects([world.bureau, world.other_bureau], 40, 2025, random.Random(3))
    assert made == Project.objects.count() == 40
    assert MonthlyInvestment.objects.count() == 480
    for project in Project.objects.all():
        project.full_clean()  # stage order, amounts, stage derived from the dates
        months = list(project.investments.order_by("month"))
        running = 0
        for row in months:
            running += row.completed
            assert row.year_to_date == running
            assert row.since_start == project.invested_before_year + running
