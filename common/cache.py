"""The portal's Redis cache: Django's own, with one ``redis.Redis`` client per connection pool.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every command, and each
one builds redis-py's table of reply handlers (about 170 entries): on the public status lookup
that was a tenth of the request's time. A client is thread-safe and shares its pool's
connections, so one per pool does the same work."""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class PooledRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
