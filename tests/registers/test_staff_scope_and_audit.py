"""Staff find in the admin only the register of their own station (a supervisor: city); each
opening of a person's data is recorded, and auditors read the record."""

import pytest

from accounts.constants import Role
from accounts.services import user_create
from registers.models import DataAccess, Region
from tests.factories import PASSWORD, HouseholdFactory, PoliceStationFactory, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_stations():
    mine = HouseholdFactory()
    elsewhere_in_city = HouseholdFactory()
    other_city = HouseholdFactory(
        address__station=PoliceStationFactory(region=Region.objects.get(code="220202")),  # 昌邑区, Jilin
    )
    return mine, elsewhere_in_city, other_city


def staff(client, role, **where):
    user = user_create(username=f"{role}-x", password=PASSWORD, role=role, **where)
    sign_in_verified(client, user)
    return user


def test_a_clerk_finds_only_the_people_of_their_station(client, two_stations):
    mine, elsewhere, _ = two_stations
    staff(client, Role.CLERK, station=mine.station)
    listing = client.get("/admin/registers/person/").content.decode()
    assert mine.head.masked_id_number in listing
    assert elsewhere.head.masked_id_number not in listing
    assert client.get(f"/admin/registers/person/{mine.head.pk}/change/").status_code == 200
    # Another station's person does not exist for them: the admin sends them back.
    assert client.get(f"/admin/registers/person/{elsewhere.head.pk}/change/").status_code == 302


def test_a_supervisor_finds_the_whole_city_and_no_other(client, two_stations):
    mine, elsewhere, other_city = two_stations
    staff(client, Role.SUPERVISOR, city="qujing")
    listing = client.get("/admin/registers/household/").content.decode()
    assert mine.register_number in listing and elsewhere.register_number in listing
    assert other_city.register_number not in listing


def test_opening_a_person_or_a_household_is_recorded_for_each_person_shown(client, two_stations):
    mine, _, _ = two_stations
    clerk = staff(client, Role.CLERK, station=mine.station)
    client.get(f"/admin/registers/person/{mine.head.pk}/change/")
    client.get(f"/admin/registers/household/{mine.pk}/change/")
    records = DataAccess.objects.filter(user=clerk, person=mine.head, action=DataAccess.Action.VIEW)
    assert records.count() == 2
    assert {r.subject.split(" ")[0] for r in records} == {"人员", "户"}


def test_a_list_page_records_nothing_and_shows_numbers_masked(client, two_stations):
    mine, _, _ = two_stations
    staff(client, Role.CLERK, station=mine.station)
    listing = client.get("/admin/registers/person/").content.decode()
    assert mine.head.id_number not in listing
    assert not DataAccess.objects.exists()


def test_the_auditor_reads_who_looked_at_whom_with_numbers_masked(client, two_stations):
    mine, _, _ = two_stations
    staff(client, Role.CLERK, station=mine.station)
    client.get(f"/admin/registers/person/{mine.head.pk}/change/")
    staff(client, Role.AUDITOR)
    page = client.get("/admin/registers/dataaccess/").content.decode()
    assert "clerk-x" in page and mine.head.masked_id_number in page
    assert mine.head.id_number not in page
    found = client.get("/admin/registers/dataaccess/", {"q": mine.head.id_number}).content.decode()
    assert "clerk-x" in found


def test_nobody_can_edit_or_delete_the_access_record(client, two_stations):
    mine, _, _ = two_stations
    staff(client, Role.CLERK, station=mine.station)
    client.get(f"/admin/registers/person/{mine.head.pk}/change/")
    record = DataAccess.objects.get()
    staff(client, Role.AUDITOR)
    client.post(f"/admin/registers/dataaccess/{record.pk}/delete/", {"post": "yes"})
    assert DataAccess.objects.filter(pk=record.pk).exists()
