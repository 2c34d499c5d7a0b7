"""Write a domain object and log the action in one transaction.

Every service in every app changes domain objects through `save_with_log` / `delete_with_log`
(or records a non-CRUD step with `log_action`), so that the action log is complete by
construction: a write that fails validation or crashes leaves neither the row nor the entry.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from luoshi.core import log_chain
from luoshi.core.models import ActionLog, Visibility

logger = logging.getLogger("luoshi.actions")

ModelT = TypeVar("ModelT", bound=models.Model)
Actor = AbstractBaseUser | AnonymousUser | None

# Never copied into the log, whatever the model.
SECRET_FIELDS = frozenset({"password", "key_hash"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values as JSON-safe data (foreign keys by id).

    Secrets, binary content and the fields a model lists in `action_log_exclude` (bulky data
    kept elsewhere, such as an uploaded file and its reading) are left out.
    """
    excluded = SECRET_FIELDS | frozenset(getattr(instance, "action_log_exclude", ()))
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded or isinstance(field, models.BinaryField):
            continue
        values[field.attname] = field.value_from_object(instance)
    result: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return result


def changed_values(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, so an entry reads as what was done."""
    ignored = {"updated_at"}
    keys = [k for k in after if k not in ignored and before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _as_stored_json(value: dict[str, Any] | None) -> Any:
    return None if value is None else json.loads(json.dumps(value))


def log_action(
    *,
    actor: Actor,
    verb: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    visibility: str = Visibility.ADMIN,
) -> ActionLog:
    """Append one entry to the action log (inside the caller's transaction), chained to the
    entry before it (`luoshi.core.log_chain`)."""
    entry = ActionLog(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        verb=verb,
        # As the database will give them back, so the sealed values are the stored ones.
        before=_as_stored_json(before),
        after=_as_stored_json(after),
        visibility=visibility,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    # The chain's fields are set below and unique by construction: no look-ups for them.
    entry.full_clean(exclude=["prev_hash", "entry_hash"])
    # No savepoint inside a caller's transaction: the lock lasts until that one ends anyway.
    with transaction.atomic(savepoint=False):
        log_chain.chain_lock()
        entry.created_at = timezone.now()
        entry.prev_hash = log_chain.last_hash()
        entry.entry_hash = log_chain.entry_digest(
            {name: getattr(entry, name) for name in log_chain.HASHED_FIELDS}, entry.prev_hash
        )
        entry.save()
    # An operator's line (server log, not a page): the verb's code stays, it is what one greps.
    logger.info(
        "action %s by %s%s",
        verb,
        getattr(entry.actor, "username", None) or "the system",
        f" on {entry.target_repr}" if entry.target_repr else "",
    )
    return entry


def save_with_log(
    *,
    actor: Actor,
    instance: ModelT,
    verb: str,
    visibility: str = Visibility.ADMIN,
    note: str | None = None,
) -> ModelT:
    """Validate and save `instance`, logging what changed (and `note`, why: the reason of a
    stage going back, the note of an escalation); all or nothing."""
    with transaction.atomic():
        creating = instance._state.adding
        before: dict[str, Any] | None = None
        if not creating:
            stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
            before = snapshot(stored)
        instance.full_clean()
        instance.save()
        after = snapshot(instance)
        if before is not None:
            before, after = changed_values(before, after)
        if note is not None:
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


def delete_with_log(
    *,
    actor: Actor,
    instance: models.Model,
    verb: str,
    visibility: str = Visibility.ADMIN,
) -> None:
    """Delete `instance`, keeping its last state in the log; all or nothing."""
    with transaction.atomic():
        before = snapshot(instance)
        log_action(actor=actor, verb=verb, target=instance, before=before, visibility=visibility)
        instance.delete()
