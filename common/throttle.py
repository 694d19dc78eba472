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


def _count(store, key: str, window: int) -> int:
    if isinstance(store, RedisCache):
        return _count_in_redis(store, key, window)
    store.add(key, 0, timeout=window)
    try:
        return store.incr(key)
    except ValueError:  # the window ended between add() and incr()
        store.set(key, 1, timeout=window)
        return 1


def _count_in_redis(store: RedisCache, key: str, window: int) -> int:
    """add() and incr() as one round trip: the window's key is made with its expiry if it is not
    there, and counted, in one MULTI (cache.add and cache.incr are three commands, three round
    trips, on every public request). The value is the plain integer Django's Redis cache stores."""
    name = store.make_and_validate_key(key)
    pipeline = store._cache.get_client(name, write=True).pipeline(transaction=True)
    pipeline.set(name, 0, ex=window, nx=True)
    pipeline.incr(name)
    return pipeline.execute()[1]


def over_limit(scope: str, key: str, limit: int, *, window: int) -> bool:
    """Count one more attempt in the current window of ``window`` seconds; True once the count
    passes ``limit``. The key is hashed: an identity digit or an address is not kept in the cache."""
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    try:
        attempts = _count(caches["default"], cache_key, window)  # the backend itself, not the proxy
    except CACHE_DOWN_ERRORS as error:
        logger.warning("Throttle %s: the shared cache is unreachable (%s); counting in this process", scope, error)
        attempts = _count(local_counter, cache_key, window)
    return attempts > limit


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
