"""Writes for appeals: validated, atomic, permission-checked, logged — without personal data
in the log.

Three ways in, one appeal each:
- the public form (no login; photos; a flood limit per sender);
- a hotline operator's entry of a call (staff of the region);
- a push from a 12345 system through the API, idempotent on the system's case number: the
  same case pushed again is the same appeal, a different case under a used number is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.models import User
from luoshi.appeals.duplicates import find_similar
from luoshi.appeals.models import Appeal, AppealPhoto, Channel, Topic, Urgency
from luoshi.appeals.privacy import code_digest, new_query_code
from luoshi.appeals.search_indexing import index_appeals_after_commit
from luoshi.appeals.time_limits import answer_due
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, RegionLevel
from luoshi.core.public_limits import hold_public_limit, sender_hash
from luoshi.core.stored_files import files_removed_on_failure
from luoshi.core.text_input import strip_control
from luoshi.core.upload_screening import MEGABYTE, Accepted, screen_all

MIN_CONTENT = 10
MAX_CONTENT = 2000
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * MEGABYTE
PHOTOS = Accepted((".jpg", ".jpeg", ".png"), gettext_lazy("JPG、PNG 照片"))
MAX_PUSH_AGE_DAYS = 365
PHONE = re.compile(r"[0-9][0-9\- ]{5,18}[0-9]")


@dataclass(frozen=True)
class AppealInput:
    topic: str
    region: Region | None
    content: str
    urgency: str = Urgency.NORMAL
    place: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_anonymous: bool = False

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> AppealInput:
        """From a form's cleaned data or an API payload (missing texts are empty)."""
        return cls(
            topic=str(data.get("topic") or ""),
            region=data.get("region"),
            content=str(data.get("content") or ""),
            urgency=str(data.get("urgency") or Urgency.NORMAL),
            place=str(data.get("place") or ""),
            contact_name=str(data.get("contact_name") or ""),
            contact_phone=str(data.get("contact_phone") or ""),
            is_anonymous=bool(data.get("is_anonymous")),
        )


@dataclass(frozen=True)
class Submitted:
    appeal: Appeal
    query_code: str  # shown once; only its hash is kept
    created: bool = True


def _checked(data: AppealInput) -> dict[str, object]:
    """The fields of a new appeal, or a ValidationError with one sentence per field."""
    errors: dict[str, str] = {}
    content = strip_control(data.content or "").strip()
    if len(content) < MIN_CONTENT:
        errors["content"] = _("请把诉求说清楚，至少 %(n)d 个字。") % {"n": MIN_CONTENT}
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("诉求内容最多 %(n)d 字，现有 %(m)d 字。") % {
            "n": MAX_CONTENT,
            "m": len(content),
        }
    if data.topic not in Topic.values:
        errors["topic"] = _("请选择诉求类别。")
    if data.urgency not in Urgency.values:
        errors["urgency"] = _("紧急程度应为紧急、一般或咨询。")
    region = data.region
    if region is None:
        errors["region"] = _("请选择诉求所在的县（市、区）或乡镇（街道）。")
    elif region.level not in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP) or not region.is_active:
        errors["region"] = _("诉求地点应选到县（市、区）或乡镇（街道）。")
    name = strip_control(data.contact_name or "").strip()
    phone = strip_control(data.contact_phone or "").strip()
    if data.is_anonymous:
        name, phone = "", ""
    elif phone and not PHONE.fullmatch(phone):
        errors["contact_phone"] = _("联系电话应为手机号或带区号的座机号码。")
    if len(name) > 50:
        errors["contact_name"] = _("联系人最多 50 个字。")
    if errors:
        raise ValidationError(errors)
    return {
        "topic": data.topic,
        "urgency": data.urgency,
        "region": region,
        "place": strip_control(data.place or "").strip()[:200],
        "content": content,
        "contact_name": name,
        "contact_phone": phone,
        "is_anonymous": data.is_anonymous,
    }


def _numbered(
    appeal: Appeal, *, actor: Actor, verb: str, received: dt.datetime | None = None
) -> str:
    """Give the appeal its tracking number (date + six random digits), query code and time
    limit, note the same person's similar appeal (`duplicates`), save and log it; returns
    the code. A number drawn twice (one in a million a day) is drawn
    again."""
    code = new_query_code()
    day = timezone.localtime(received).date() if received else timezone.localdate()
    appeal.due_date = answer_due(appeal.urgency, day)
    appeal.similar_to = find_similar(appeal, day)
    today = day.strftime("%Y%m%d")
    for _attempt in range(5):
        appeal.number = f"{today}{secrets.randbelow(10**6):06d}"
        if Appeal.objects.filter(number=appeal.number).exists():
            continue  # drawn before: the model's own check would refuse it
        appeal.code_digest = code_digest(appeal.number, code)
        try:
            with transaction.atomic():
                save_with_log(actor=actor, instance=appeal, verb=verb)
                if received is not None:  # when the other system took it in
                    Appeal.objects.filter(pk=appeal.pk).update(created_at=received)
                    appeal.created_at = received
                index_appeals_after_commit([appeal.pk])
            return code
        except IntegrityError:
            if Appeal.objects.filter(number=appeal.number).exists():
                appeal.pk = None
                appeal._state.adding = True
                continue
            raise
    raise RuntimeError("no free appeal number after five draws")


def appeal_submit_public(
    data: AppealInput,
    *,
    photos: Sequence[UploadedFile[bytes]] = (),
    client_key: str,
) -> Submitted:
    """An appeal from the public form. At most PUBLIC_RATE_LIMIT per sender in the window
    (`SubmissionsTooFrequent`); photos are JPG or PNG, at most MAX_PHOTOS of MAX_PHOTO_BYTES
    each. Refused photos refuse the appeal: nothing is stored."""
    fields = _checked(data)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS}})
    screened = screen_all(photos, max_bytes=MAX_PHOTO_BYTES, accepted=PHOTOS)
    appeal = Appeal(channel=Channel.WEB, **fields)
    appeal.client_hash = sender_hash(client_key)
    storage = AppealPhoto._meta.get_field("file").storage
    with files_removed_on_failure(storage) as written, transaction.atomic():
        hold_public_limit(Appeal, appeal.client_hash, namespace="appeals.public")
        code = _numbered(appeal, actor=None, verb="appeal.submitted")
        for upload in screened:
            photo = AppealPhoto(
                appeal=appeal,
                name=upload.name,
                size=upload.size,
                content_type=upload.content_type,
            )
            photo.file.save(upload.name, upload.upload, save=False)
            written.append(photo.file.name or "")
            photo.save()
    return Submitted(appeal, code)


def appeal_record_call(actor: Actor, data: AppealInput) -> Submitted:
    """A hotline call entered by an operator of the region (or above)."""
    fields = _checked(data)
    ensure_allowed(actor, "appeals.add_appeal", fields["region"])
    appeal = Appeal(channel=Channel.HOTLINE, recorded_by=_person(actor), **fields)
    with transaction.atomic():
        code = _numbered(appeal, actor=actor, verb="appeal.recorded")
    return Submitted(appeal, code)


def appeal_push(
    actor: Actor,
    data: AppealInput,
    *,
    source: str,
    source_number: str,
    received_at: dt.datetime | None = None,
) -> Submitted:
    """A case pushed by another system, received there at `received_at` (now when not said;
    its time limit counts from that day). The same case again gives the appeal filed the
    first time (`created=False`, no new query code); another case under a number already used
    is refused."""
    source, source_number = source.strip()[:40], source_number.strip()[:60]
    if not source or not source_number:
        raise ValidationError({"source_number": _("请给出来源系统名称和它的诉求编号。")})
    if received_at is not None:
        if timezone.is_naive(received_at):
            received_at = timezone.make_aware(received_at)
        now = timezone.now()
        if received_at > now + dt.timedelta(minutes=5):
            raise ValidationError({"received_at": _("受理时间晚于现在，请核对来源系统的时间。")})
        if received_at < now - dt.timedelta(days=MAX_PUSH_AGE_DAYS):
            raise ValidationError(
                {"received_at": _("受理时间早于 %(n)d 天前，请核对。") % {"n": MAX_PUSH_AGE_DAYS}}
            )
    fields = _checked(data)
    ensure_allowed(actor, "appeals.add_appeal", fields["region"])
    with transaction.atomic():
        existing = (
            Appeal.objects.select_for_update()
            .filter(source=source, source_number=source_number)
            .first()
        )
        if existing is not None:
            same = (
                existing.content == fields["content"]
                and existing.region_id == fields["region"].pk  # type: ignore[attr-defined]
                and existing.topic == fields["topic"]
            )
            if not same:
                raise ValidationError(
                    _(
                        "%(source)s的诉求 %(number)s 已推送过（本平台编号 %(ours)s），"
                        "内容不同，未作修改。"
                    )
                    % {"source": source, "number": source_number, "ours": existing.number}
                )
            return Submitted(existing, "", created=False)
        appeal = Appeal(
            channel=Channel.SYSTEM,
            source=source,
            source_number=source_number,
            recorded_by=_person(actor),
            **fields,
        )
        try:
            code = _numbered(appeal, actor=actor, verb="appeal.received", received=received_at)
        except IntegrityError:
            # The same case pushed twice at once: the other request filed it first.
            existing = Appeal.objects.filter(source=source, source_number=source_number).first()
            if existing is None:
                raise
            return Submitted(existing, "", created=False)
    return Submitted(appeal, code)


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None
