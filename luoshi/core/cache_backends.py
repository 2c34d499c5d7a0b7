"""A Redis cache that a Redis outage degrades to "no cache" instead of failing every page.

Luoshi caches only what it can compute again (opinion statistics, the office's 未报送 count):
with Redis down those pages must still answer, uncached and slower, rather than 500. Every
cache operation that cannot reach Redis is logged once a minute and answered as a miss (get →
default, set/add → not stored, incr → the error, since a counter cannot be made up). Timeouts
are short, so an unreachable Redis costs a page at most about a second.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("luoshi.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _log_outage(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("cache unreachable, pages are served uncached: %r", error)


def _forgiving(method: Callable[..., Any], fallback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _log_outage(error)
            return fallback(*args, **kwargs)

    return call


def _default(_key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class ForgivingRedisCache(RedisCache):
    """django's RedisCache, answering a miss when Redis cannot be reached."""

    get = _forgiving(RedisCache.get, _default)
    get_many = _forgiving(RedisCache.get_many, lambda *a, **k: {})
    has_key = _forgiving(RedisCache.has_key, lambda *a, **k: False)
    set = _forgiving(RedisCache.set, lambda *a, **k: None)
    set_many = _forgiving(RedisCache.set_many, lambda keys, *a, **k: list(keys))
    add = _forgiving(RedisCache.add, lambda *a, **k: False)
    touch = _forgiving(RedisCache.touch, lambda *a, **k: False)
    delete = _forgiving(RedisCache.delete, lambda *a, **k: False)
    delete_many = _forgiving(RedisCache.delete_many, lambda *a, **k: None)
    clear = _forgiving(RedisCache.clear, lambda *a, **k: False)
