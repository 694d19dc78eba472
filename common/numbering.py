"""The one numbering service: every number the portal gives out (case references, papers,
residence permits, household register numbers) is the next value of a named counter.

A claim is one ``UPDATE … SET value = value + 1 … RETURNING value``: the counter's row stays
locked until the caller's transaction ends, so two transactions never get the same number and a
rolled-back one gives its number back. Claim as late as possible in a transaction: the row lock
is what concurrent claimers of the same key wait on. The unique constraints on the numbered
columns stay the last word."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from .models import Counter


def next_number(key: str, *, start: Callable[[], int] | None = None) -> int:
    """The next number under ``key``. A key used for the first time starts after ``start()``
    (the highest number already given out some other way), or at 1."""
    number = _claim(key)
    if number is None:
        Counter.objects.bulk_create([Counter(key=key, value=start() if start else 0)], ignore_conflicts=True)
        number = _claim(key)
    return number


def counter_raise(key: str, at_least: int) -> None:
    """A number under ``key`` was given out by hand (an import, a register number typed in):
    the counter never hands it out again."""
    Counter.objects.bulk_create([Counter(key=key, value=0)], ignore_conflicts=True)
    Counter.objects.filter(key=key, value__lt=at_least).update(value=at_least)


def _claim(key: str) -> int | None:
    table, key_column, value = (connection.ops.quote_name(n) for n in (Counter._meta.db_table, "key", "value"))
    sql = f"UPDATE {table} SET {value} = {value} + 1 WHERE {key_column} = %s RETURNING {value}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    return None if row is None else row[0]
