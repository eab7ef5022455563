"""Per-client rate limits on the expensive and state-creating endpoints (Django's cache).

With CACHE_URL=redis://... the counters are shared by every instance: add(key, 0, timeout)
then incr(key), both atomic in Redis, so concurrent requests on different instances never
lose a count. If the shared cache is unreachable the limit is kept per process instead
(with a warning in the log) rather than failing the request.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

# Counters used while the shared cache is down: per process, so each process grants the limit.
fallback_counters = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
WARN_EVERY_SECONDS = 60.0
_last_warning = float("-inf")


def _count(key: str, window: int) -> int:
    """This request's number in its window: shared across instances, else per process."""
    global _last_warning
    try:
        return _increment(cache, key, window)
    except CACHE_ERRORS as error:
        now = time.monotonic()
        if now - _last_warning >= WARN_EVERY_SECONDS:
            _last_warning = now
            logger.warning(
                "Rate-limit cache unavailable (%s); counting per process until it is back", error
            )
        return _increment(fallback_counters, key, window)


def _increment(counters, key: str, window: int) -> int:
    # add() creates the counter with its expiry only if it is missing; incr() is atomic.
    counters.add(key, 0, timeout=window + 1)
    try:
        return counters.incr(key)
    except ValueError:  # expired or evicted between add and incr
        counters.set(key, 1, timeout=window + 1)
        return 1


def client_address(request: HttpRequest) -> str:
    """The client's address; behind a trusted proxy, the left-most X-Forwarded-For entry."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(bucket: str) -> Callable:
    """Answer 429 with Retry-After once a client exceeds settings.RATE_LIMITS[bucket]."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            limit, window = settings.RATE_LIMITS[bucket]
            now = int(time.time())
            window_start = now - now % window
            key = f"rl:{bucket}:{client_address(request)}:{window_start}"
            count = _count(key, window)
            if count > limit:
                retry_after = window_start + window - now
                message = f"Too many requests: at most {limit} per {window} s. Try again later."
                if request.path.startswith("/api/"):
                    response = JsonResponse(
                        {"errors": [{"field": "", "message": message}]}, status=429
                    )
                else:
                    response = HttpResponse(message, status=429, content_type="text/plain")
                response["Retry-After"] = str(max(retry_after, 1))
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
