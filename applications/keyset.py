"""Keyset ("seek") pagination: a page starts after (or before) the keys of a row, never at an
OFFSET, so page 50 costs what page 1 costs; the database walks an index in the page's order.

A cursor is the sort keys of the row a page continues from, with the page's number (for "第 N
页"), as URL-safe text; a cursor that does not decode is simply the first page."""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass, field

from django.db.models import BooleanField, F, Func, QuerySet, Value


class RowCompare(Func):
    """``(a, b, c) > (x, y, z)`` (or ``<``): PostgreSQL and SQLite compare rows in order and
    PostgreSQL answers it from an index on (a, b, c)."""

    output_field = BooleanField()

    def __init__(self, names: tuple[str, ...], values: list, descending: bool):
        self.width = len(names)
        self.operator = "<" if descending else ">"
        super().__init__(*(F(n) for n in names), *(Value(v) for v in values))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, part_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(part_params)
        left, right = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"(({left}) {self.operator} ({right}))", params


def _plain(value):
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _typed(value):
    if isinstance(value, dict) and "t" in value:
        return datetime.datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and "d" in value:
        return datetime.date.fromisoformat(value["d"])
    if value is None or isinstance(value, (int, str)):
        return value
    raise ValueError(value)


def encode_cursor(keys: list, number: int, backwards: bool = False) -> str:
    text = json.dumps({"k": [_plain(k) for k in keys], "n": number, "b": backwards}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@dataclass(frozen=True)
class Cursor:
    keys: list
    number: int
    backwards: bool


def decode_cursor(text: str | None, width: int) -> Cursor | None:
    """The cursor, or None for no cursor or one that does not decode into ``width`` keys."""
    if not text:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        keys = [_typed(k) for k in data["k"]]
        number, backwards = int(data["n"]), bool(data["b"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if len(keys) != width or number < 1 or any(k is None for k in keys):
        return None
    return Cursor(keys, number, backwards)


@dataclass
class KeysetPage:
    """One page of rows and the cursors of the pages either side (None where there is none)."""

    rows: list
    number: int
    next_cursor: str | None = None
    previous_cursor: str | None = None
    keys: tuple[str, ...] = field(default=())

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


def keyset_page(
    queryset: QuerySet, keys: tuple[str, ...], *, descending: bool, cursor: Cursor | None, size: int
) -> KeysetPage:
    """The page of ``queryset`` ordered by ``keys`` (all ascending or all descending; the last key
    unique) that follows — or, for a backwards cursor, precedes — the cursor's row."""
    backwards = cursor is not None and cursor.backwards
    walk_descending = descending != backwards
    ordered = queryset.order_by(*(f"-{k}" if walk_descending else k for k in keys))
    if cursor is not None:
        ordered = ordered.filter(RowCompare(keys, cursor.keys, walk_descending))
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    number = 1 if cursor is None else cursor.number
    page = KeysetPage(rows, number, keys=keys)
    if not rows:
        return page
    first, last = _keys(rows[0], keys), _keys(rows[-1], keys)
    has_next = more if not backwards else True
    has_previous = (cursor is not None) if not backwards else more
    if has_next:
        page.next_cursor = encode_cursor(last, number + 1)
    if has_previous:
        page.previous_cursor = encode_cursor(first, max(number - 1, 1), backwards=True)
    return page


def _keys(row, keys: tuple[str, ...]) -> list:
    return [getattr(row, k) for k in keys]
