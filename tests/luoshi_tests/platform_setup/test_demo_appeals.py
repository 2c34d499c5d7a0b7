"""The demo county's appeals: loaded through the services, spread over the last two months
with their limits counted from the day each came in, every state shown (a hotspot, a merged
duplicate, a reopened case, a published case) — and loaded once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from luoshi.appeals.hotspots import hotspots
from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.appeals.rates import received_between, totals
from luoshi.appeals.selectors import appeals_in
from luoshi.core.models import Region
from luoshi.demo import dataset
from luoshi.demo.appeals_data import SPECS, load_appeals
from luoshi.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_appeals(django_capture_on_commit_callbacks):
    demo_load()
    with django_capture_on_commit_callbacks(execute=True):
        assert load_appeals() == {"appeals": len(SPECS)}
    assert load_appeals() == {"appeals": 0}
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    appeals = Appeal.objects.filter(region__code__startswith=county.code)
    assert appeals.count() == len(SPECS)
    states = set(appeals.values_list("status", flat=True))
    assert {
        "received",
        "dispatched",
        "signed",
        "answered",
        "closed",
        "merged",
        "returned",
    } <= states
    assert appeals.filter(reopened=1, status=AppealStatus.CLOSED).exists()
    assert appeals.filter(published_at__isnull=False).count() == 1
    assert appeals.filter(co_units__isnull=False).exists()
    oldest = min(timezone.localtime(a.created_at).date() for a in appeals)
    assert (timezone.localdate() - oldest).days == 55
    for appeal in appeals:
        assert appeal.due_date >= timezone.localtime(appeal.created_at).date()
    today = timezone.localdate()
    found = hotspots(county, today, 30)
    assert any(h.topic == "housing" and h.place.name == "城关镇" for h in found)
    year = received_between(appeals_in(county), oldest, today)
    assert totals(year).satisfied.whole >= 5
