from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.core.models import ActionLog
from luoshi.tasks.models import Task
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db


def test_a_task_is_created_with_co_units_milestones_and_a_log_entry(task, world, transport):
    assert task.lead_unit == world.bureau
    assert list(task.co_units.all()) == [transport]
    assert task.milestones.get().quarter == 2
    assert ActionLog.objects.filter(verb="task.created").count() == 1


def test_a_liaison_cannot_create_tasks_and_bad_dates_are_refused(liaison, supervisor, world):
    with pytest.raises(PermissionDenied):
        make_task(liaison, world)
    with pytest.raises(ValidationError):
        make_task(supervisor, world, start_date=date(2026, 6, 1), deadline=date(2026, 3, 1))
    assert not Task.objects.exists()
