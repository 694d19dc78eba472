"""Waiting for a row lock, bounded.

A request that waits on a row another request holds must not hang until the web server kills the
worker: where someone is waiting for an answer, the lock is taken with a short ``lock_timeout``
(PostgreSQL), and a conflict becomes a sentence for the user. The connection-wide
``statement_timeout`` and ``lock_timeout`` (settings ``DB_STATEMENT_TIMEOUT_MS``,
``DB_LOCK_TIMEOUT_MS``) bound everything else. SQLite has neither and locks the whole file, so
there these do nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection

T = TypeVar("T")

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout passed, or NOWAIT found the row locked


def is_lock_conflict(error: BaseException) -> bool:
    return getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE


def locked_row(fetch: Callable[[], T], *, conflict: Callable[[], Exception]) -> T:
    """``fetch()`` (a ``select_for_update()`` query) waiting at most ``ROW_LOCK_WAIT_MS`` for the row;
    a row still locked by then raises ``conflict()`` instead. Must run inside a transaction, which
    the conflict aborts: the caller's transaction ends with the exception."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{settings.ROW_LOCK_WAIT_MS}ms"])
    try:
        return fetch()
    except OperationalError as error:
        if is_lock_conflict(error):
            raise conflict() from None
        raise
