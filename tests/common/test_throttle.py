"""The public throttles count in the real Redis, one round trip per count, in the plain integers
Django's own cache reads; the window's expiry is set when its first attempt is counted."""

import hashlib
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from common.throttle import over_limit


@pytest.fixture
def key():
    return f"test-{uuid.uuid4().hex}"


def test_the_limit_is_passed_on_the_attempt_after_it(key):
    answers = [over_limit("lookup-ip", key, 3, window=60) for _ in range(5)]

    assert answers == [False, False, False, True, True]


def _calls(client) -> dict[str, int]:
    return {name: stats["calls"] for name, stats in client.info("commandstats").items()}


def test_each_count_is_one_transaction_sent_at_once_not_three_commands(key):
    client = redis.Redis.from_url(settings.REDIS_URL)
    before = _calls(client)

    over_limit("lookup-ip", key, 3, window=60)

    after = _calls(client)
    grew = {name for name in after if after[name] > before.get(name, 0)}
    # MULTI, SET … NX EX, INCRBY, EXEC in one pipeline (cache.add and cache.incr would be SET, then
    # EXISTS, then INCRBY, each a round trip); and this INFO call
    assert grew == {"cmdstat_multi", "cmdstat_set", "cmdstat_incrby", "cmdstat_exec", "cmdstat_info"}


def test_the_count_is_the_cache_s_own_integer_and_expires_with_the_window(key):
    over_limit("lookup-ip", key, 3, window=60)
    over_limit("lookup-ip", key, 3, window=60)
    cache_key = f"throttle:lookup-ip:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    ttl = redis.Redis.from_url(settings.REDIS_URL).ttl(cache.make_key(cache_key))

    assert cache.get(cache_key) == 2
    assert 0 < ttl <= 60


def test_the_address_itself_is_not_kept_in_redis(key):
    over_limit("lookup-ip", f"203.0.113.7-{key}", 3, window=60)

    assert not redis.Redis.from_url(settings.REDIS_URL).keys("*203.0.113.7*")


def test_the_cache_makes_one_redis_client_per_pool_not_one_per_command():
    first = cache._cache.get_client(write=True)

    cache.set("test-pooled", 1)
    cache.get("test-pooled")

    assert cache._cache.get_client(write=True) is first
    assert cache.get("test-pooled") == 1
