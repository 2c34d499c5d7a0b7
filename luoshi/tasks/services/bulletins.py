"""Supervision bulletins (督查通报 monthly, 季度总结 quarterly): drafted from the period's
figures, edited by the office, issued (印发) with a number.

    (nothing) ──起草──▶ draft ──修改 / 重新起草（确认后）──▶ draft ──印发──▶ issued

The draft is written as offices write it (`luoshi.tasks.bulletin_words`: numbered sections
一、总体情况 二、存在问题 三、红黑榜 四、下步工作) from the figures of
`luoshi.tasks.selectors.bulletin_figures`; the figures exist
only in that text, which the office then edits freely. Re-drafting replaces the text only
when the office confirms it (the edits would be lost); an issued bulletin is the document
that was sent, and is never redrafted or edited. Numbers (督查通报〔2026〕11期) count per
region, year of issue and kind, assigned under the region's lock as notices' are.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region
from luoshi.core.workflow import require_state
from luoshi.tasks.bulletin_words import bulletin_text, bulletin_title
from luoshi.tasks.models import BulletinKind, BulletinState, SupervisionBulletin
from luoshi.tasks.models.bulletins import FIRST_YEAR, LAST_YEAR, PERIODS_PER_YEAR, period_words
from luoshi.tasks.selectors.bulletin_figures import bulletin_figures, period_bounds
from luoshi.tasks.services.document_numbers import next_serial

MAX_BODY_LENGTH = 30_000


class BulletinExists(ValidationError):
    """The period already has a bulletin: a draft to open (or redraft with confirmation), or
    an issued one."""

    def __init__(self, message: str, bulletin: SupervisionBulletin) -> None:
        super().__init__(message)
        self.bulletin = bulletin


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def check_period(kind: str, year: int, period: int, today: dt.date) -> None:
    """Refuse a kind, year or period that does not exist, or a period not yet begun."""
    errors: dict[str, str] = {}
    if kind not in BulletinKind.values:
        errors["kind"] = _("请选择类型（督查通报或季度总结）。")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("年度应在 %(first)d 到 %(last)d 之间。") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    if not errors:
        highest = PERIODS_PER_YEAR[BulletinKind(kind)]
        if not 1 <= period <= highest:
            errors["period"] = (
                _("月份应为 1 到 12。") if kind == BulletinKind.MONTHLY else _("季度应为 1 到 4。")
            )
        elif period_bounds(kind, year, period)[0] > today:
            errors["period"] = _("%(year)d年%(period)s尚未开始，不能起草。") % {
                "year": year,
                "period": period_words(kind, period),
            }
    if errors:
        raise ValidationError(errors)


# --- Services --------------------------------------------------------------------------------


def _locked(bulletin: SupervisionBulletin) -> SupervisionBulletin:
    return (
        SupervisionBulletin.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=bulletin.pk)
    )


def bulletin_draft(
    *,
    actor: Actor,
    region: Region,
    kind: str,
    year: int,
    period: int,
    replace: bool = False,
    as_of: dt.date | None = None,
) -> SupervisionBulletin:
    """Draft the region's bulletin for the period from its figures. A draft of the period
    already there is refused (`BulletinExists`) unless `replace` — the office confirmed
    that its edits give way to the new text (the title is kept); an issued one always is."""
    ensure_allowed(actor, "tasks.add_supervisionbulletin", region)
    today = as_of or timezone.localdate()
    check_period(kind, year, period, today)
    with transaction.atomic():
        # The region's lock: two offices drafting the same period at once make one draft.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        stored = (
            SupervisionBulletin.objects.select_for_update()
            .filter(region=region, kind=kind, year=year, period=period)
            .first()
        )
        what = {"year": year, "period": period_words(kind, period), "kind": _label(kind)}
        if stored is not None and stored.state == BulletinState.ISSUED:
            raise BulletinExists(
                _("%(year)d年%(period)s%(kind)s已印发（%(number)s），不能重新起草。")
                % {**what, "number": stored.number},
                stored,
            )
        if stored is not None and not replace:
            raise BulletinExists(
                _(
                    "%(year)d年%(period)s%(kind)s已有草稿。重新起草会用最新数据覆盖正文，"
                    "请确认后再起草，或打开草稿继续修改。"
                )
                % what,
                stored,
            )
        body = bulletin_text(
            bulletin_figures(region=region, kind=kind, year=year, period=period, as_of=today)
        )
        if stored is not None:
            stored.body = body
            return save_with_log(actor=actor, instance=stored, verb="bulletin.redrafted")
        bulletin = SupervisionBulletin(
            region=region,
            kind=kind,
            year=year,
            period=period,
            title=bulletin_title(kind, year, period),
            body=body,
            drafted_by=_person(actor),
        )
        return save_with_log(actor=actor, instance=bulletin, verb="bulletin.drafted")


def _label(kind: str) -> str:
    return str(BulletinKind(kind).label) if kind in BulletinKind.values else ""


def _refuse_issued(bulletin: SupervisionBulletin, message: str) -> None:
    require_state(bulletin, BulletinState.DRAFT, message, number=bulletin.number)


def bulletin_update(
    *, actor: Actor, bulletin: SupervisionBulletin, title: str, body: str
) -> SupervisionBulletin:
    """The office edits a draft's title and text; an issued bulletin is refused unchanged."""
    ensure_allowed(actor, "tasks.change_supervisionbulletin", bulletin)
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("请填写标题。")
    if not body:
        errors["body"] = _("请填写正文。")
    elif len(body) > MAX_BODY_LENGTH:
        errors["body"] = _("正文不能超过 %(n)d 字。") % {"n": MAX_BODY_LENGTH}
    with transaction.atomic():
        stored = _locked(bulletin)
        _refuse_issued(stored, _("%(number)s已印发，不能修改。"))
        if errors:
            raise ValidationError(errors)
        stored.title, stored.body = title, body
        return save_with_log(actor=actor, instance=stored, verb="bulletin.updated")


def _next_number(region: Region, kind: str, year: int) -> str:
    # A document number is an identifier in Chinese whatever the interface language: the same
    # series however the office's screen is set.
    prefix = "督查通报" if kind == BulletinKind.MONTHLY else "季度总结"
    numbers = SupervisionBulletin.objects.filter(
        region=region, kind=kind, number__startswith=f"{prefix}〔{year}〕"
    ).values_list("number", flat=True)
    return f"{prefix}〔{year}〕{next_serial(numbers)}期"


def bulletin_issue(*, actor: Actor, bulletin: SupervisionBulletin) -> SupervisionBulletin:
    """印发: the draft becomes the document sent, numbered 督查通报〔year〕n期 (the year of
    issue) under the region's lock, so two issues at once never share a number."""
    ensure_allowed(actor, "tasks.issue_supervisionbulletin", bulletin)
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=bulletin.region_id).first()
        stored = _locked(bulletin)
        _refuse_issued(stored, _("%(number)s已印发，不能再次印发。"))
        if not stored.body.strip():
            raise ValidationError({"body": _("正文为空，不能印发。")})
        now = timezone.now()
        stored.number = _next_number(stored.region, stored.kind, timezone.localdate().year)
        stored.state = BulletinState.ISSUED
        stored.issued_by = _person(actor)
        stored.issued_at = now
        return save_with_log(actor=actor, instance=stored, verb="bulletin.issued")
