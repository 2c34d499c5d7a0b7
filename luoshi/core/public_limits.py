"""Flood limits on what the public sends without signing in (opinions on a draft, appeals).

A sender is known by a keyed hash of their address group (`client_address.address_group`:
an IPv4 address, an IPv6 /64), never by the address itself. The count is made in the database
under a lock per sender, so every server process sees the same count and the count and the
save are one step — without the lock, twelve submissions at once all counted the same few and
all got through.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.client_address import address_group
from luoshi.core.keyed_lock import hold_transaction_lock

# A person typing by hand does not send more than this; a script does.
PUBLIC_RATE_LIMIT = 5
PUBLIC_RATE_WINDOW_SECONDS = 600


class SubmissionsTooFrequent(ValidationError):
    """The sender sent PUBLIC_RATE_LIMIT submissions in the window already (HTTP 429)."""

    retry_after_seconds = PUBLIC_RATE_WINDOW_SECONDS


def client_hash(client_key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), client_key.encode(), hashlib.sha256).hexdigest()


def sender_hash(client_key: str) -> str:
    """The hash a submission keeps of its sender (`client_key`: the sender's address)."""
    return client_hash(address_group(client_key))


def hold_public_limit(model: type[Model], sender: str, *, namespace: str) -> None:
    """Inside a transaction: wait for the sender's lock, then refuse when they sent
    PUBLIC_RATE_LIMIT rows of `model` (its `client_hash` and `created_at`) in the window."""
    hold_transaction_lock(namespace, sender)
    recent = model._default_manager.filter(
        client_hash=sender,
        created_at__gte=timezone.now() - timedelta(seconds=PUBLIC_RATE_WINDOW_SECONDS),
    ).count()
    if recent >= PUBLIC_RATE_LIMIT:
        raise SubmissionsTooFrequent(_("提交过于频繁，请 10 分钟后再试。"))
