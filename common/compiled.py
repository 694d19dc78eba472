"""A query compiled to SQL once, and run again with other values.

Django builds and compiles a queryset's SQL on every call: for the public status lookup's one
query (a case and its steps, joined), some 0.5 ms of Python, several times what PostgreSQL takes to
answer it (issue 12). A ``CompiledQuery`` is written as a queryset, as any other, with stand-ins
where its values go; it is compiled once per database and process, and each call sends the same
SQL with the call's values in place of the stand-ins. The rows come back as ``values_list`` gives
them, the database's converters applied (SQLite returns dates as text until they are converted).

On PostgreSQL the SQL is also a prepared statement of each connection (``PREPARE`` the first time
a connection runs it, ``EXECUTE`` after): planning the lookup's join took PostgreSQL 0.23 ms, five
times what running it takes. Not behind a pooler in transaction mode (``DISABLE_SERVER_SIDE_CURSORS``,
set for PgBouncer), where a connection's statements are not its own from one transaction to the next,
nor when each request opens its own connection (``CONN_MAX_AGE`` 0).

For the few hottest queries only: it is a plain ``values_list`` query, nothing else (no
``select_related``, no model instances), read from the database the router says. Compiled SQL can
hold the ids of rows such as a content type's (a generic relation's join); migrate — and a test's
flush — makes those again, so the compiled queries are dropped then, and prepared again under
another name.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.signals import post_migrate
from django.dispatch import receiver


def _stand_in(position: int) -> str:
    """A call's value before the call: a string no one types, so the compiled parameters can be
    told from the query's own."""
    return f"\x00compiled-query-argument-{position}\x00"


_queries: list[CompiledQuery] = []
_generations = itertools.count()  # a new one each time the compiled queries are dropped


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], *, arguments: int):
        """``build(*stand_ins)`` makes the queryset (a ``values_list``), one stand-in per argument."""
        self._build = build
        self._positions = {_stand_in(i): i for i in range(arguments)}
        self._queryset: QuerySet | None = None
        self._compiled: dict[str, tuple] = {}
        self._prepared: weakref.WeakSet = weakref.WeakSet()  # the DB-API connections it is prepared on
        self._name = ""
        _queries.append(self)

    def rows(self, *values) -> list[tuple]:
        if self._queryset is None:  # built on first use, once the models are ready
            self._queryset = self._build(*self._positions)
        alias = router.db_for_read(self._queryset.model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiler = self._queryset.query.get_compiler(using=alias)
            compiled = self._compiled[alias] = (compiler, *compiler.as_sql())
        compiler, sql, params = compiled
        positions = self._positions
        arguments = [values[positions[p]] if isinstance(p, str) and p in positions else p for p in params]
        connection = connections[alias]
        with connection.cursor() as cursor:
            if self._prepared_on(connection, cursor, sql, len(arguments)):
                cursor.execute(f"EXECUTE {self._name}({', '.join(['%s'] * len(arguments))})", arguments)
            else:
                cursor.execute(sql, arguments)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def _prepared_on(self, connection, cursor, sql: str, count: int) -> bool:
        """Whether the query runs as the connection's prepared statement; prepared here the first
        time this connection (a new one after a reconnect) runs it."""
        settings = connection.settings_dict
        if connection.vendor != "postgresql" or settings.get("DISABLE_SERVER_SIDE_CURSORS"):
            return False
        if settings.get("CONN_MAX_AGE") == 0:  # a connection a request: nothing to prepare for
            return False
        if connection.connection not in self._prepared:
            if not self._name:
                self._name = f"compiled_query_{_queries.index(self)}_{next(_generations)}"
            numbered = sql % tuple(f"${n}" for n in range(1, count + 1))  # %s as $1, $2 …; %% as %
            cursor.execute(f"PREPARE {self._name} AS {numbered}")
            self._prepared.add(connection.connection)
        return True


@receiver(post_migrate)
def _drop_compiled(**kwargs) -> None:
    for query in _queries:
        query._compiled.clear()
        query._prepared = weakref.WeakSet()
        query._name = ""
