"""In-app notifications (消息) with a copy by e-mail.

A notification with a `key` is written once per user and key, however often the writer runs:
the reminder job may run every hour and still remind each person once. E-mail goes through
Django's mail backend after the surrounding transaction commits (a rolled-back write sends
nothing); a mail server that refuses is logged, never raised, because the in-app message is
already stored and is the record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Membership, Role, User
from luoshi.core.action_log import Actor
from luoshi.tasks.models import Notification

logger = logging.getLogger("luoshi.notifications")

TEXT_LENGTH = Notification._meta.get_field("text").max_length or 300
URL_LENGTH = Notification._meta.get_field("url").max_length or 300
KEY_LENGTH = Notification._meta.get_field("key").max_length or 100


@dataclass(frozen=True)
class Message:
    """One notification for one user; `key` empty means "always write"."""

    user: User
    text: str
    url: str = ""
    key: str = ""


def notify(users: Iterable[User], text: str, url: str = "", key: str = "") -> int:
    """Tell each of `users` (once per key); returns how many notifications were written."""
    return notify_many([Message(user, text, url, key) for user in dict.fromkeys(users)])


def notify_many(messages: Sequence[Message]) -> int:
    """Write many notifications with two queries, skipping (user, key) pairs already written."""
    wanted: dict[tuple[int, str], Message] = {}
    unkeyed: list[Message] = []
    for message in messages:
        if not message.user.is_active:
            continue
        if message.key:
            wanted.setdefault((message.user.pk, message.key[:KEY_LENGTH]), message)
        else:
            unkeyed.append(message)
    if wanted:
        existing = set(
            Notification.objects.filter(
                user_id__in={user_id for user_id, _key in wanted},
                key__in={key for _user, key in wanted},
            ).values_list("user_id", "key")
        )
        for pair in existing:
            wanted.pop(pair, None)
    fresh = [*wanted.values(), *unkeyed]
    if not fresh:
        return 0
    rows = [
        Notification(
            user=message.user,
            text=message.text[:TEXT_LENGTH],
            url=message.url[:URL_LENGTH],
            key=message.key[:KEY_LENGTH],
        )
        for message in fresh
    ]
    # Another run writing the same key at the same moment loses quietly to the constraint.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    mailed = [m for m in fresh if m.user.email]
    if mailed:
        transaction.on_commit(lambda: _send_mail(mailed))
    return len(rows)


def _send_mail(messages: Sequence[Message]) -> None:
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    try:
        connection = mail.get_connection(fail_silently=False)
    except Exception:
        logger.exception("mail backend unavailable; %d notifications not mailed", len(messages))
        return
    for message in messages:
        link = f"\n\n{base_url}{message.url}" if message.url else ""
        try:
            mail.send_mail(
                subject=_("【落实】%(text)s") % {"text": message.text[:60]},
                message=message.text + link,
                from_email=None,
                recipient_list=[message.user.email],
                connection=connection,
            )
        except Exception:
            logger.exception("could not mail notification to user %s", message.user.pk)


def unit_members(
    unit_ids: Iterable[int], roles: Sequence[str] | None = None
) -> dict[int, list[User]]:
    """Active liaisons and heads (or `roles`) of each unit, in one query."""
    wanted_roles = roles or (Role.LIAISON, Role.UNIT_HEAD)
    members: dict[int, list[User]] = {}
    rows = Membership.objects.filter(
        unit_id__in=set(unit_ids), role__in=wanted_roles, is_active=True, user__is_active=True
    ).select_related("user")
    for row in rows.order_by("unit_id", "user_id"):
        people = members.setdefault(row.unit_id, [])
        if row.user not in people:
            people.append(row.user)
    return members


def office_members(region_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active supervision staff (督查员) of each region's units, in one query."""
    members: dict[int, list[User]] = {}
    rows = Membership.objects.filter(
        unit__region_id__in=set(region_ids),
        role=Role.SUPERVISOR,
        is_active=True,
        user__is_active=True,
    ).select_related("user", "unit")
    for row in rows.order_by("user_id"):
        people = members.setdefault(row.unit.region_id, [])
        if row.user not in people:
            people.append(row.user)
    return members


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Only the addressee reads their message. Reading is not logged: it is activity, and
    activity is never recorded for assessment."""
    if actor is None or getattr(actor, "pk", None) != notification.user_id:
        raise PermissionDenied(_("只能处理发给自己的消息。"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("请先登录。"))
    return Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
