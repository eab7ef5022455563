"""Django's RedisCache, failing open: when Redis is unreachable the app serves uncached.

Reads answer a miss and writes are dropped, so a page is rendered again rather than
answered with a 500. incr()/decr() still raise (config.ratelimit falls back to per-process
counting on that). After a failure the cache is skipped for DOWN_SECONDS, so an outage
costs one refused connection per process every few seconds, not one per call, and logs
one warning per outage rather than one per request.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a shared cache raises when it is unreachable or broken.
CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError)
DOWN_SECONDS = 5.0


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        if self._available():
            logger.warning(
                "Shared cache unavailable (%s: %s); serving uncached for %.0f s",
                operation, error, DOWN_SECONDS,
            )  # fmt: skip
        self._down_until = time.monotonic() + DOWN_SECONDS

    def _call(self, operation: str, fallback, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except CACHE_ERRORS as error:
            self._failed(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        """Raises when Redis is unreachable: a counter must not silently read as zero."""
        if not self._available():
            raise RedisConnectionError("shared cache marked unavailable")
        try:
            return super().incr(key, delta, version)
        except CACHE_ERRORS as error:
            self._failed("incr", error)
            raise
