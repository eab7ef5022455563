"""With CACHE_URL=redis://... and Redis down: pages still serve, rate limits fall back.

No Redis is needed: the Redis client under Django's RedisCache is replaced by a stub whose
every command raises redis' ConnectionError, as a stopped server would.
"""

import logging

import pytest
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from config import ratelimit
from config.cache import FailOpenRedisCache
from wizard.models import SavedAssessment

pytestmark = pytest.mark.usefixtures("policy")

API = {"phi": False, "surfaces": ["messages-api"], "features": ["batch-api"]}


class DownRedisClient:
    """Stands in for django's RedisCacheClient: every call fails like a refused connection."""

    calls = 0

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            DownRedisClient.calls += 1
            raise RedisConnectionError(
                "Error 111 connecting to 127.0.0.1:6379. Connection refused."
            )

        return fail


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The default cache is the production Redis backend, and Redis refuses every command."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    # RedisCache keeps its client in the `_cache` cached property: the stub shadows it.
    monkeypatch.setattr(FailOpenRedisCache, "_cache", DownRedisClient(), raising=False)
    monkeypatch.setattr(ratelimit, "_last_warning", float("-inf"))
    ratelimit.fallback_counters.clear()
    DownRedisClient.calls = 0
    yield
    ratelimit.fallback_counters.clear()


def test_pages_and_the_pdf_still_serve_when_redis_is_down(client, redis_down, caplog):
    assert isinstance(caches["default"], FailOpenRedisCache)
    created = client.post("/api/assessments", API, content_type="application/json")
    assert created.status_code == 201
    token = created.json()["id"]
    assert SavedAssessment.objects.filter(token=token).exists()
    assert client.get("/").status_code == 200
    assert client.get("/matrix/").status_code == 200
    with caplog.at_level(logging.WARNING):
        pdf = client.get(f"/a/{token}.pdf")
        again = client.get(f"/a/{token}.pdf")  # rendered again: nothing was cached
    assert pdf.status_code == again.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert DownRedisClient.calls > 0  # the stub was really in the way


def test_the_cache_fails_open_and_skips_redis_for_a_while(redis_down, caplog):
    backend = caches["default"]
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert backend.get("k", "fallback") == "fallback"
        backend.set("k", b"v")
        assert backend.add("k", 1) is False
        assert backend.get_many(["k"]) == {}
        with pytest.raises(RedisConnectionError):
            backend.incr("k")
    # One refused connection marks the cache down: later calls do not try Redis again.
    assert DownRedisClient.calls == 1
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "Shared cache unavailable" in caplog.records[0].getMessage()


def test_rate_limits_fall_back_to_per_process_counting_with_a_warning(
    client, settings, redis_down, caplog
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assess": (2, 3600)}
    with caplog.at_level(logging.WARNING, logger="config.ratelimit"):
        statuses = [
            client.post("/api/assess", API, content_type="application/json").status_code
            for _ in range(4)
        ]
    assert statuses == [200, 200, 429, 429]
    warnings = [r for r in caplog.records if r.name == "config.ratelimit"]
    assert len(warnings) == 1  # once, not on every request
    assert warnings[0].levelname == "WARNING"
    assert "counting per process" in warnings[0].getMessage()


def test_rate_limits_count_in_the_shared_cache_when_it_answers(client, settings):
    """The ordinary path (locmem here, Redis in production) never touches the fallback."""
    ratelimit.fallback_counters.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assess": (1, 3600)}
    assert client.post("/api/assess", API, content_type="application/json").status_code == 200
    assert client.post("/api/assess", API, content_type="application/json").status_code == 429
    assert ratelimit.fallback_counters._cache == {}
