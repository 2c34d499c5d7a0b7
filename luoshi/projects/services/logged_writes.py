"""A logged save that also records why: the reason of a stage going back, the note of an
escalation. The row and its log entry are written in one transaction, as `save_with_log` does."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

from luoshi.core.action_log import Actor, changed_values, log_action, snapshot
from luoshi.core.models import Visibility
from luoshi.projects.models import Project

ModelT = TypeVar("ModelT", bound=models.Model)


def visibility_of(project: Project) -> str:
    """Changes to a public project are public; the others stay with the staff."""
    return Visibility.PUBLIC if project.is_public else Visibility.ADMIN


def save_with_note(
    *, actor: Actor, instance: ModelT, verb: str, note: str, visibility: str
) -> ModelT:
    """Validate and save `instance`, logging what changed and `note`; all or nothing."""
    with transaction.atomic():
        stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = snapshot(stored)
        instance.full_clean()
        instance.save()
        before, after = changed_values(before, snapshot(instance))
        after["note"] = note
        log_action(
            actor=actor,
            verb=verb,
            target=instance,
            before=before,
            after=after,
            visibility=visibility,
        )
    return instance
