"""The public throttles count in the real Redis, one round trip per request, in the plain integers
Django's own cache reads; the window's expiry is set when its first attempt is counted."""

import hashlib
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from common.throttle import over_limit, over_limits


@pytest.fixture
def key():
    return f"test-{uuid.uuid4().hex}"


def test_the_limit_is_passed_on_the_attempt_after_it(key):
    answers = [over_limit("lookup-ip", key, 3, window=60) for _ in range(5)]

    assert answers == [False, False, False, True, True]


def _calls(client) -> dict[str, int]:
    return {name: stats["calls"] for name, stats in client.info("commandstats").items()}


def _commands_of(count) -> set[str]:
    """The Redis commands ``count()`` ran (and the INFO that asks)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    before = _calls(client)
    count()
    after = _calls(client)
    return {name.removeprefix("cmdstat_") for name in after if after[name] > before.get(name, 0)}


def test_each_count_is_one_script_call_not_three_commands(key):
    over_limit("lookup-ip", f"{key}-first", 3, window=60)  # the first call loads the script

    commands = _commands_of(lambda: over_limit("lookup-ip", key, 3, window=60))

    # one EVALSHA, whose script runs SET … NX EX and INCR in Redis (cache.add and cache.incr would
    # be SET, then EXISTS, then INCRBY, each a round trip); and the INFO that asks
    assert commands == {"evalsha", "set", "incr", "info"}


def test_two_throttles_of_one_request_are_one_round_trip(key):
    over_limit("lookup-ip", f"{key}-first", 3, window=60)
    answers = []

    def count_both():
        answers.append(over_limits([("lookup-ip", key, 1), ("lookup-reference", key, 1)], window=60))

    client = redis.Redis.from_url(settings.REDIS_URL)
    calls = client.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0)
    assert _commands_of(count_both) == {"evalsha", "set", "incr", "info"}
    assert client.info("commandstats")["cmdstat_evalsha"]["calls"] == calls + 1
    count_both()
    assert answers == [False, True]  # each key counted: the second attempt passes both limits of 1


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
