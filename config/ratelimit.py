"""Per-client rate limits on the expensive and state-creating endpoints (Django's cache)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse


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
            # add() is atomic where the backend is; incr() then counts this request.
            cache.add(key, 0, timeout=window + 1)
            try:
                count = cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.set(key, 1, timeout=window + 1)
                count = 1
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
