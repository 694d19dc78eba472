"""Fixed-window throttles that fail open.

They count in the shared cache, so every web process counts together. When the cache cannot be
reached (Redis down), a public page must still answer: the count goes on in this process's memory
for as long as the cache is away, and the log says so. Each process then allows its own
allowance, which is looser, not none."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import ScopedRateThrottle

from .client_address import client_ip

logger = logging.getLogger(__name__)

# A cache backend that fails raises its client library's errors; these are the ones of "not there".
CACHE_DOWN_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError, OSError)
try:  # redis-py's errors do not derive from the built-in ones
    from redis.exceptions import RedisError

    CACHE_DOWN_ERRORS = (*CACHE_DOWN_ERRORS, RedisError)
except ImportError:  # pragma: no cover - redis is a dependency of the production shape
    pass

local_counter = LocMemCache("common.throttle.fallback", {"OPTIONS": {"MAX_ENTRIES": 10000}})


def _count(store, keys: list[str], window: int) -> list[int]:
    if isinstance(store, RedisCache):
        return _count_in_redis(store, keys, window)
    counts = []
    for key in keys:
        store.add(key, 0, timeout=window)
        try:
            counts.append(store.incr(key))
        except ValueError:  # the window ended between add() and incr()
            store.set(key, 1, timeout=window)
            counts.append(1)
    return counts


# Each window's key made with its expiry if it is not there, and counted: KEYS the windows,
# ARGV[1] their length in seconds. The values are the plain integers Django's Redis cache stores.
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'EX', ARGV[1], 'NX')
  counts[i] = redis.call('INCR', key)
end
return counts
"""


def _count_in_redis(store: RedisCache, keys: list[str], window: int) -> list[int]:
    """add() and incr() of every key in one command, one round trip (cache.add and cache.incr are
    three round trips per key on every public request; a MULTI of them is one, but six replies)."""
    names = [store.make_and_validate_key(key) for key in keys]
    client = store._cache.get_client(names[0], write=True)
    return client.register_script(COUNT_SCRIPT)(keys=names, args=[window])


def over_limits(checks: list[tuple[str, str, int]], *, window: int) -> bool:
    """Count one more attempt against each (scope, key, limit) in the current window of
    ``window`` seconds, all in one round trip to the shared cache; True once any count passes its
    limit. Keys are hashed: an identity digit or an address is not kept in the cache."""
    keys = [f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}" for scope, key, _ in checks]
    try:
        counts = _count(caches["default"], keys, window)  # the backend itself, not the proxy
    except CACHE_DOWN_ERRORS as error:
        scopes = ", ".join(scope for scope, _, _ in checks)
        logger.warning("Throttle %s: the shared cache is unreachable (%s); counting in this process", scopes, error)
        counts = _count(local_counter, keys, window)
    return any(count > limit for count, (_, _, limit) in zip(counts, checks, strict=True))


def over_limit(scope: str, key: str, limit: int, *, window: int) -> bool:
    """over_limits of one (scope, key, limit)."""
    return over_limits([(scope, key, limit)], window=window)


class FailOpenScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, per client address (client_ip), counting in this process's memory
    while the shared cache is unreachable."""

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CACHE_DOWN_ERRORS as error:
            logger.warning(
                "Throttle %s: the shared cache is unreachable (%s); counting in this process", self.scope, error
            )
            self.cache = local_counter
            return super().allow_request(request, view)
