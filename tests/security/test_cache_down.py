"""Issue 13, item 1: with the cache (Redis) unreachable, the public pages and the public API still
answer, and the log says the throttles are counting in memory. The cache really is unreachable:
it points at a port on 127.0.0.1 that nothing listens on."""

import json
import logging
import socket

import pytest
from django.test import override_settings

from common.throttle import local_counter

pytestmark = pytest.mark.django_db

FACTS = {
    "city": "jilin",
    "zone": "central_urban",
    "as_of": "2026-11-22",
    "pathway": "residence",
    "applicant": {"housing": {"kind": "rented", "lease_since": "2024-01-01"}, "employment": {"stable": True}},
}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def redis_down():
    unreachable = {
        "default": {
            "BACKEND": "common.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    local_counter.clear()
    with override_settings(CACHES=unreachable):
        yield
    local_counter.clear()


def test_the_cache_in_the_test_is_really_unreachable(redis_down):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        cache.get("anything")


def test_public_pages_answer_while_redis_is_down_and_the_log_says_so(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="common.throttle"):
        lookup = client.post("/status/", {"reference": "QJ-2026-999999", "id_last6": "000000"})
        certificate = client.get("/verify/ABCDEFGHJKLM/")
        permit = client.get("/verify/ABCDEFGHJKLM/")

    assert (lookup.status_code, certificate.status_code, permit.status_code) == (404, 404, 404)
    assert "未找到" in lookup.content.decode() or "没有" in lookup.content.decode()
    assert any("unreachable" in record.getMessage() for record in caplog.records)


def test_the_eligibility_api_answers_while_redis_is_down(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="common.throttle"):
        response = client.post("/api/v1/eligibility/evaluate", json.dumps(FACTS), content_type="application/json")

    assert response.status_code == 200 and response.json()["city"] == "jilin"
    assert any("unreachable" in record.getMessage() for record in caplog.records)


def test_while_redis_is_down_the_lookup_is_still_throttled_in_memory(client, redis_down):
    answers = [
        client.post("/status/", {"reference": f"QJ-2026-9999{n:02d}", "id_last6": "000000"}).status_code
        for n in range(11)
    ]

    assert answers[:10] == [404] * 10 and answers[10] == 429
