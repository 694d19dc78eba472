"""The migration that made a household's station its address's: it drops the column only when no
household would change meaning, and going back fills the column from the addresses."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registers.models import Household
from tests.factories import AddressFactory, HouseholdFactory

BEFORE = [("registers", "0007_household_register_counters")]
AFTER = [("registers", "0008_household_station_is_the_address_s")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_household_at_another_station_than_its_address_stops_the_migration():
    agreeing, differing = HouseholdFactory(), HouseholdFactory()
    elsewhere = AddressFactory()
    old = migrate(BEFORE)
    try:
        OldHousehold = old.get_model("registers", "Household")
        assert OldHousehold.objects.get(pk=agreeing.pk).station_id == agreeing.address.station_id  # filled back
        OldHousehold.objects.filter(pk=differing.pk).update(station_id=elsewhere.station_id)

        with pytest.raises(RuntimeError, match=differing.register_number) as stopped:
            migrate(AFTER)
        assert agreeing.register_number not in str(stopped.value)

        OldHousehold.objects.filter(pk=differing.pk).update(station_id=differing.address.station_id)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert Household.objects.get(pk=differing.pk).station == differing.address.station
