"""Attachment files follow their rows when the rows go by a cascade (a report or a task
deleted in the admin): deleted once the deletion commits, kept when it rolls back."""

from __future__ import annotations

from typing import Any

import pytest

from luoshi.tasks.models import ProgressAttachment, ProgressReport, Task
from luoshi.tasks.services import attachments as services
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save
from luoshi_tests.tasks.attachment_files import (
    JPEG,
    PDF,
    RolledBack,
    rolled_back,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]


@pytest.fixture
def report(task: Task, world: Any, liaison: Any) -> ProgressReport:
    draft = progress_save(
        actor=liaison, task=task, unit=world.bureau, data=ProgressInput(progress="已开工。")
    )
    services.progress_attachments_add(
        actor=liaison,
        report=draft,
        uploads=[upload("2026年第一季度进展.pdf", PDF), upload("现场.jpg", JPEG)],
    )
    return draft


def test_a_deleted_task_takes_its_reports_files_along(
    task: Task, report: ProgressReport, django_capture_on_commit_callbacks: Any
) -> None:
    assert len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Task.objects.filter(pk=task.pk).delete()  # task → reports → attachments
    assert not ProgressAttachment.objects.exists() and stored_files() == []


def test_a_rolled_back_deletion_keeps_the_files(
    report: ProgressReport, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
    ):
        rolled_back(ProgressReport.objects.filter(pk=report.pk).delete)
    assert callbacks == []
    assert ProgressAttachment.objects.count() == 2 and len(stored_files()) == 2
