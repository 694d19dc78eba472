"""The migrations that retire CaseEvent and PermitEvent keep every row: backwards (the log's rows
back into the two tables) and forwards again (one INSERT … SELECT per table on PostgreSQL; a copy
large enough sets the log's keys and indexes aside and rebuilds them), and the ORM path that
SQLite takes gives the same rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from activity.copying import copy_into_log
from activity.models import Event
from residence_permits.constants import CancelReason
from residence_permits.services import permit_cancel
from tests.factories import CaseFactory, ResidenceRegistrationFactory
from tests.residence_permits.test_issued_permit import issue

BEFORE = [
    ("applications", "0009_sequences_become_counters"),
    ("residence_permits", "0001_initial"),
    ("activity", "0001_initial"),
]
COLUMNS = ["object_id", "kind", "on", "at", "actor_id", "actor_role", "station_id", "message", "data"]
CASE_FIELDS = ["kind", "at", "actor_id", "actor_role", "station_id", "message", "data"]
PERMIT_FIELDS = ["kind", "on", "at", "actor_id", "message", "data"]
MANY = 60_000  # above activity.copying.SET_ASIDE_FROM


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps if targets else None


def timelines() -> dict[str, list[tuple]]:
    """Each subject model's events in id order, without the ids (a round trip renumbers them)."""
    rows = Event.objects.order_by("id").values_list("content_type__model", *COLUMNS)
    out: dict[str, list[tuple]] = {}
    for model, *row in rows:
        out.setdefault(model, []).append(tuple(row))
    return out


def old_rows(apps) -> dict[str, list[tuple]]:
    cases = apps.get_model("applications", "CaseEvent").objects.order_by("id")
    permits = apps.get_model("residence_permits", "PermitEvent").objects.order_by("id")
    return {
        "case": [(r[0], r[1], None, *r[2:]) for r in cases.values_list("case_id", *CASE_FIELDS)],
        "residencepermit": [
            (r[0], r[1], r[2], r[3], r[4], "", None, *r[5:]) for r in permits.values_list("permit_id", *PERMIT_FIELDS)
        ],
    }


def as_the_old_tables_keep_them(timelines: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """A permit event's role and station are the log's own: the old permit table had no place for them."""
    permits = [(*r[:5], "", None, *r[7:]) for r in timelines["residencepermit"]]
    return {**timelines, "residencepermit": permits}


def log_shape() -> tuple[set[str], int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'activity_event'")
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'activity_event'::regclass AND contype = 'f'"
        )
        return indexes, cursor.fetchone()[0]


# serialized_rollback: the flush after the test would otherwise take the regions and rule sets the
# migrations load, from the tests that run after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_event_rows_survive_the_migrations_both_ways_and_by_both_paths():
    CaseFactory(completed=True)
    permit, clerk = issue(ResidenceRegistrationFactory(days_ago=45))
    permit_cancel(permit=permit, actor=clerk, reason=CancelReason.SETTLED)
    before = timelines()
    assert len(before["case"]) > 10 and len(before["residencepermit"]) == 2
    assert before["residencepermit"][0][2] == timezone.localdate()  # a permit event's day
    shape = log_shape()
    assert "activity_event_subject" in shape[0] and shape[1] == 3

    try:
        apps = migrate(BEFORE)
        kept = as_the_old_tables_keep_them(before)
        assert kept != before and old_rows(apps) == kept  # backwards: every row back in its table, in order
        assert not Event.objects.exists()

        # The ORM path (SQLite's) gives the same rows; then the log is emptied for the SQL path.
        with connection.schema_editor() as editor:
            copy_into_log(
                apps, editor, source=("applications", "CaseEvent"), subject="case", fields=CASE_FIELDS, in_sql=False
            )
            copy_into_log(
                apps,
                editor,
                source=("residence_permits", "PermitEvent"),
                subject="permit",
                fields=PERMIT_FIELDS,
                in_sql=False,
            )
        assert timelines() == kept
        Event.objects.all().delete()

        # Enough case events that the SQL copy sets the keys and indexes aside.
        case_id, kind, _on, at, actor, role, station, message, data = before["case"][0]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO applications_caseevent"
                " (case_id, kind, at, actor_id, actor_role, station_id, message, data)"
                " SELECT %s, 'document_checked', %s + n * interval '1 second', %s, %s, %s, 'bulk ' || n, '{}'::jsonb"
                " FROM generate_series(1, %s) n",
                [case_id, at, actor, role, station, MANY],
            )
        expected = {**kept, "case": old_rows(apps)["case"]}
    finally:
        migrate(None)

    after = timelines()
    assert after == expected and len(after["case"]) == len(before["case"]) + MANY
    assert after["case"][: len(before["case"])] == before["case"]
    assert log_shape() == shape  # the index and the three foreign keys are back
    ids = list(Event.objects.order_by("id").values_list("id", flat=True))
    assert ids == list(range(1, len(ids) + 1))  # the case events first, with their ids, then the permits'
    event = Event.objects.create(content_type_id=Event.objects.first().content_type_id, object_id=1, kind="x")
    assert event.pk == len(ids) + 1  # the id sequence goes on after the copied rows
