"""Moving an app's own event table into the one log (and back), for the migrations that retire
applications.CaseEvent and residence_permits.PermitEvent.

On PostgreSQL each table is one ``INSERT … SELECT`` on the server: the benchmark database has 4.7
million case events, which row by row through Python would take the better part of an hour. The
rows keep their order: an event's new id is its old id plus the highest id already in the log
(none on the first copy: the case events keep their ids), so (at, id) reads each timeline as before.
When the copy is large, the log's foreign keys and indexes are set aside during the INSERT and
made again once over the loaded rows (PostgreSQL's "Populating a Database": one index build and one
validating join instead of a B-tree insertion and a deferred foreign-key check queued per row per
key). Other databases (SQLite, which ``make run`` uses) copy through the ORM in chunks.
"""

from __future__ import annotations

from django.db.models import Max

LOG_TABLE = "activity_event"
CHUNK = 2000
SET_ASIDE_FROM = 50_000  # rows to copy from which dropping and rebuilding the keys and indexes pays
# The log's NOT NULL columns a source may lack, and what they read then (Django's defaults live in
# Python, not in the table).
FILLED = {"actor_role": "''", "message": "''", "data": "'{}'::jsonb"}


def copy_into_log(
    apps, schema_editor, *, source: tuple[str, str], subject: str, fields: list[str], in_sql: bool | None = None
) -> None:
    """Copy every row of the model ``source`` (app label, model name) into the log: ``subject`` is
    the source's foreign key to the row it is about (its model is the log's subject), ``fields``
    the columns both tables share (same names). ``in_sql``: on the server (PostgreSQL's default)
    or through the ORM (every other database's; a test runs it on PostgreSQL too)."""
    Source = apps.get_model(*source)
    Event = apps.get_model("activity", "Event")
    content_type = _content_type(apps, Source._meta.get_field(subject).related_model)
    if schema_editor.connection.vendor == "postgresql" if in_sql is None else in_sql:
        _copy_sql(schema_editor, Source, content_type.pk, subject, fields)
        return
    offset = Event.objects.aggregate(top=Max("id"))["top"] or 0
    rows = Source.objects.order_by("id").values("id", f"{subject}_id", *fields).iterator(chunk_size=CHUNK)
    _bulk(
        Event,
        (
            Event(id=offset + row.pop("id"), content_type_id=content_type.pk, object_id=row.pop(f"{subject}_id"), **row)
            for row in rows
        ),
    )


def copy_out_of_log(
    apps, schema_editor, *, target: tuple[str, str], subject: str, fields: list[str], back: dict | None = None
) -> None:
    """The reverse: the log's rows about ``target``'s subjects back into ``target`` (new ids in the
    same order), then out of the log. ``back``: a column's SQL expression where it is not copied as is."""
    Target = apps.get_model(*target)
    Event = apps.get_model("activity", "Event")
    content_type = _content_type(apps, Target._meta.get_field(subject).related_model)
    if schema_editor.connection.vendor == "postgresql":
        quote, back = schema_editor.quote_name, back or {}
        table = Target._meta.db_table
        columns = ", ".join(quote(f) for f in fields)
        values = ", ".join(back.get(f, quote(f)) for f in fields)
        schema_editor.execute(
            f"INSERT INTO {quote(table)} (id, {quote(subject + '_id')}, {columns})"
            f" SELECT row_number() OVER (ORDER BY id), object_id, {values} FROM {LOG_TABLE}"
            " WHERE content_type_id = %s",
            [content_type.pk],
        )
        schema_editor.execute(_reset_sequence(table))
    else:
        rows = Event.objects.filter(content_type_id=content_type.pk).order_by("id")
        _bulk(
            Target,
            (Target(**{f"{subject}_id": row.pop("object_id")}, **row) for row in rows.values("object_id", *fields)),
        )
    Event.objects.filter(content_type_id=content_type.pk).delete()


def _copy_sql(schema_editor, Source, content_type_id: int, subject: str, fields: list[str]) -> None:
    quote, table = schema_editor.quote_name, Source._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")
        (count,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {LOG_TABLE}")
        present, offset = cursor.fetchone()
    if not count:
        return
    set_aside = count >= max(SET_ASIDE_FROM, present)
    rebuild = _set_aside(schema_editor) if set_aside else []
    filled = {column: value for column, value in FILLED.items() if column not in fields}
    columns = ", ".join(quote(f) for f in [*fields, *filled])
    values = ", ".join([*(quote(f) for f in fields), *filled.values()])
    schema_editor.execute(
        f"INSERT INTO {LOG_TABLE} (id, content_type_id, object_id, {columns})"
        f" SELECT %s + id, %s, {quote(subject + '_id')}, {values} FROM {quote(table)}",
        [offset, content_type_id],
    )
    for statement in rebuild:
        schema_editor.execute(statement)
    schema_editor.execute(_reset_sequence(LOG_TABLE))


def _set_aside(schema_editor) -> list[str]:
    """Drop the log's foreign keys and plain indexes; return the statements that make them again."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
            " AND contype = 'f'",
            [LOG_TABLE],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [LOG_TABLE],
        )
        indexes = cursor.fetchall()
    quote = schema_editor.quote_name
    for name, _definition in keys:
        schema_editor.execute(f"ALTER TABLE {LOG_TABLE} DROP CONSTRAINT {quote(name)}")
    for name, _definition in indexes:
        schema_editor.execute(f"DROP INDEX {quote(name)}")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {LOG_TABLE} ADD CONSTRAINT {quote(name)} {definition}" for name, definition in keys
    ]


def _reset_sequence(table: str) -> str:
    """The id sequence goes on after the highest id copied (ids were given explicitly)."""
    return f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING max(id) IS NOT NULL"


def _content_type(apps, model):
    """The subject model's content type; on a fresh database it is made here, before post_migrate would."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=model._meta.app_label, model=model._meta.model_name)[0]


def _bulk(model, objects) -> None:
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) == CHUNK:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
