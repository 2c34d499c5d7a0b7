"""With Redis down, pages that merely cache are served uncached — never a 500.

The cache here is the production one (Redis through `ForgivingRedisCache`) pointed at a port
where nothing listens, as when the Redis server has stopped.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from luoshi.engagement.selectors import opinion_stats

pytestmark = pytest.mark.django_db

REDIS_DOWN = {
    "default": {
        "BACKEND": "luoshi.core.cache_backends.ForgivingRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@override_settings(CACHES=REDIS_DOWN)
def test_the_public_feedback_page_and_the_statistics_work_without_redis(
    consultation, supervisor, client_for
):
    assert cache.get("anything", "missed") == "missed"
    assert cache.add("key", 1) is False
    cache.set("key", 1)  # not stored, not raised
    page = Client().get(reverse("engagement:feedback", args=[consultation.report.pk]))
    assert page.status_code == 200
    assert opinion_stats(consultation.report).total == 0
    home = client_for(supervisor).get("/")
    assert home.status_code == 200
