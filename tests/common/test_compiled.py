"""common.compiled: a query compiled once, and on PostgreSQL a prepared statement of each
connection, gives what its queryset gives, on a new connection too, and never takes a value for SQL."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from common.compiled import CompiledQuery
from common.models import Counter

VALUE_OF = CompiledQuery(lambda key: Counter.objects.filter(key=key).values_list("key", "value"), arguments=1)

pytestmark = pytest.mark.django_db


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'compiled_query_%%'")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def counters():
    Counter.objects.bulk_create([Counter(key="QJ-ZQ-2026", value=7), Counter(key="50%s' OR '1'='1", value=9)])


def test_it_answers_as_its_queryset_does_and_is_prepared_once_on_the_connection(counters):
    with CaptureQueriesContext(connection) as queries:
        first = VALUE_OF.rows("QJ-ZQ-2026")
        again = VALUE_OF.rows("QJ-ZQ-2026")

    assert first == again == list(Counter.objects.filter(key="QJ-ZQ-2026").values_list("key", "value"))
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["PREPARE", "EXECUTE", "EXECUTE"]
    assert len([s for s in _prepared() if "common_counter" in s]) == 1


def test_a_value_is_only_ever_a_value(counters):
    assert VALUE_OF.rows("50%s' OR '1'='1") == [("50%s' OR '1'='1", 9)]
    assert VALUE_OF.rows("' OR '1'='1") == []
    assert VALUE_OF.rows("%") == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a connection closed outside a transaction
def test_a_new_connection_prepares_it_again(counters):
    VALUE_OF.rows("QJ-ZQ-2026")
    connection.close()

    assert VALUE_OF.rows("QJ-ZQ-2026") == [("QJ-ZQ-2026", 7)]
    assert any("common_counter" in s for s in _prepared())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "setting, value",
    [("DISABLE_SERVER_SIDE_CURSORS", True), ("CONN_MAX_AGE", 0)],
    ids=["behind a pooler in transaction mode", "a connection per request"],
)
def test_where_a_connection_keeps_nothing_it_is_sent_whole(counters, monkeypatch, setting, value):
    monkeypatch.setitem(connection.settings_dict, setting, value)
    connection.close()  # a new connection, with nothing prepared on it

    with CaptureQueriesContext(connection) as queries:
        assert VALUE_OF.rows("QJ-ZQ-2026") == [("QJ-ZQ-2026", 7)]

    assert queries.captured_queries[-1]["sql"].startswith("SELECT")
    assert not any("common_counter" in s for s in _prepared())


def test_after_migrate_it_is_compiled_and_prepared_again_under_another_name(counters):
    VALUE_OF.rows("QJ-ZQ-2026")
    before = VALUE_OF._name
    common = apps.get_app_config("common")
    post_migrate.send(sender=common, app_config=common, verbosity=0, interactive=False, using="default")

    assert VALUE_OF.rows("QJ-ZQ-2026") == [("QJ-ZQ-2026", 7)]
    assert VALUE_OF._name != before
