"""Reads from a PostgreSQL streaming replica where a page says it may, everything else on the primary.

Only with ``DATABASE_REPLICA_URL`` (settings.py installs the router and the middleware then);
without it there is one database, ``default``, as always.

- **Explicit.** Only code marked ``read_from_replica()`` reads from the replica: the clerk's and
  supervisor's queue (page and staff API), the statistics page and the personal-data exports.
  Everything else, and every write, uses the primary.
- **Read-your-writes** (the "pinning" of django-multidb-router, whose default of sending every read
  to a replica does not fit here): once a request has written, the rest of it reads from the
  primary, and so do that browser's requests for ``DATABASE_REPLICA_PIN_SECONDS`` (a cookie), so a
  clerk who has just taken a case sees it taken in the queue even while the replica lags. A
  ``read_from_replica()`` block outside a request (a task, a command) is its own unit the same way.
- **A replica that is down** is not the page's problem: the marked function runs again on the
  primary, and the replica is left alone for half a minute.
- **Never inside a transaction** on the primary: a read there belongs to it.
- **Only the domain's tables.** Sessions, accounts, second factors and sign-in failures are always
  read from the primary (a new session or device must be seen at once), and writing them does
  not pin; nor does the access log (``registers.DataAccess``), written on every staff look at a
  case and read back by no page that its writer then opens.

``DATABASE_REPLICA_READS=off`` keeps the replica configured but reads nothing from it (e.g. while
it is made again); the test suite runs so, and tests/replica turn it on.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "hukou_primary"
# Apps whose tables a marked read may take from the replica.
REPLICA_APPS = frozenset({"applications", "registers", "eligibility", "residence_permits", "notices"})
# Writes a later read need not see at once.
UNPINNED_WRITES = frozenset({"registers.dataaccess"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REPLICA_DOWN_SECONDS = 30  # a replica that could not be reached is not tried again for this long
_replica_down_until = 0.0


@dataclass
class _Unit:
    """One request, or one replica block outside a request."""

    pinned: bool = False  # the client wrote within the pin time
    wrote: bool = False  # a write of a domain table was routed in this unit
    used_replica: bool = False  # a read was sent to the replica


_unit: ContextVar[_Unit | None] = ContextVar("db_unit", default=None)
_replica_reads: ContextVar[bool] = ContextVar("db_replica_reads", default=False)


@contextmanager
def _in_unit(unit: _Unit):
    token = _unit.set(unit)
    try:
        yield unit
    finally:
        _unit.reset(token)


@contextmanager
def _replica_block():
    token = _replica_reads.set(True)
    try:
        if _unit.get() is None:
            with _in_unit(_Unit()) as unit:
                yield unit
        else:
            yield _unit.get()
    finally:
        _replica_reads.reset(token)


class read_from_replica:
    """Mark a view or function (``@read_from_replica()``) or a block (``with read_from_replica():``)
    whose reads may come from the replica: data a few moments old is fine there.

    A marked function whose replica cannot be reached (down, refusing connections) runs again on
    the primary, and the replica is left alone for ``REPLICA_DOWN_SECONDS``: the page answers."""

    def __call__(self, func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            with _replica_block() as unit:
                wrote_before = unit.wrote
                try:
                    return func(*args, **kwargs)
                except OperationalError:
                    if not unit.used_replica or unit.wrote != wrote_before or _replica_connected():
                        raise
            _replica_unreachable()
            return func(*args, **kwargs)

        return wrapper

    def __enter__(self):
        self._block = _replica_block()
        self._block.__enter__()
        return self

    def __exit__(self, *exc):
        return self._block.__exit__(*exc)


def _replica_connected() -> bool:
    return connections[REPLICA].connection is not None


def _replica_unreachable() -> None:
    global _replica_down_until
    _replica_down_until = time.monotonic() + REPLICA_DOWN_SECONDS
    logger.warning("the database replica cannot be reached; reading from the primary for %s s", REPLICA_DOWN_SECONDS)


def _replica_allowed(model) -> bool:
    if not (_replica_reads.get() and settings.DATABASE_REPLICA_READS) or time.monotonic() < _replica_down_until:
        return False
    unit = _unit.get()
    if unit is not None and (unit.pinned or unit.wrote):
        return False
    return model._meta.app_label in REPLICA_APPS and not connections[DEFAULT_DB_ALIAS].in_atomic_block


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_allowed(model):
            return DEFAULT_DB_ALIAS
        _unit.get().used_replica = True
        return REPLICA

    def db_for_write(self, model, **hints):
        unit = _unit.get()
        if (
            unit is not None
            and model._meta.app_label in REPLICA_APPS
            and model._meta.label_lower not in UNPINNED_WRITES
        ):
            unit.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}  # one database, two doors

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaPinningMiddleware:
    """A request is one unit; one that wrote (or was a POST, PUT, PATCH or DELETE, which may have
    written in raw SQL) sends its browser's reads to the primary for the next seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICA_READS:
            return self.get_response(request)
        with _in_unit(_Unit(pinned=request.COOKIES.get(PIN_COOKIE) == "1")) as unit:
            response = self.get_response(request)
        if unit.wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
