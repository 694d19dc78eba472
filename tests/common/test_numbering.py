"""The one numbering service (common.numbering) on the real PostgreSQL: distinct numbers under
concurrency, numbers given back on rollback, and the migrations that carry the old counters."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from common.models import Counter
from common.numbering import counter_raise, next_number
from registers.constants import HouseholdKind
from registers.services import household_create
from tests.factories import AddressFactory, HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db
OPENED = datetime.date(2020, 1, 1)


def test_each_key_counts_from_one_on_its_own():
    assert [next_number("QJ-ZQ-2026") for _ in range(3)] == [1, 2, 3]
    assert next_number("KM-ZQ-2026") == 1
    assert Counter.objects.get(key="QJ-ZQ-2026").value == 3


def test_a_new_key_starts_after_what_was_given_out_before_and_asks_only_once():
    asked = []

    def start():
        asked.append(1)
        return 41

    assert next_number("household:x", start=start) == 42
    assert next_number("household:x", start=start) == 43
    assert asked == [1]


def test_a_number_given_out_by_hand_is_never_handed_out_again():
    next_number("k")
    counter_raise("k", 10)
    counter_raise("k", 5)  # never lowers it
    assert next_number("k") == 11
    counter_raise("fresh", 7)
    assert next_number("fresh") == 8


def test_a_rolled_back_claim_gives_its_number_back():
    next_number("k")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("k") == 2
        raise RuntimeError
    assert next_number("k") == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_claims_on_separate_connections_never_get_the_same_number():
    next_number("QJ-SL-2026")  # the row exists: both threads race on the UPDATE itself
    claims: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def claim(name):
        try:
            barrier.wait()
            for _ in range(100):
                with transaction.atomic():
                    claims[name].append(next_number("QJ-SL-2026"))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(name,)) for name in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = claims["a"] + claims["b"]
    assert len(numbers) == 200 and sorted(numbers) == list(range(2, 202))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_first_use_raced_by_two_connections_still_gives_two_numbers():
    got, barrier = [], threading.Barrier(2)

    def claim():
        try:
            barrier.wait()
            got.append(next_number("brand-new"))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == [1, 2]


def test_household_numbers_continue_after_one_typed_in_for_the_station():
    address = AddressFactory()
    station = address.station

    def create(**kwargs):
        head = PersonFactory()
        return household_create(
            kind=HouseholdKind.FAMILY, address=address, head=head, created_on=OPENED, **kwargs
        ).register_number

    assert create() == f"{station.code}000001"
    assert create(register_number=f"{station.code}000500") == f"{station.code}000500"
    assert create() == f"{station.code}000501"


BEFORE = [("applications", "0007_ratings_and_follow_ups"), ("registers", "0004_data_access_denied")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migrations_carry_the_old_counters_and_seed_the_stations():
    address = AddressFactory()
    code = address.station.code
    HouseholdFactory(address=address, register_number=f"{code}000077")
    HouseholdFactory(address=address, register_number=f"{code}000009")
    HouseholdFactory(address=address, register_number=f"{code}-legacy")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        Sequence = executor.loader.project_state(BEFORE).apps.get_model("applications", "Sequence")
        Sequence.objects.create(name="QJ-ZQ-2026", value=1234)
        Sequence.objects.create(name="QJ-2026", value=56)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    assert next_number("QJ-ZQ-2026") == 1235
    assert next_number("QJ-2026") == 57
    household = household_create(kind=HouseholdKind.FAMILY, address=address, head=PersonFactory(), created_on=OPENED)
    assert household.register_number == f"{code}000078"
    assert Counter.objects.get(key=f"household:{code}").value == 78
