import datetime

import pytest
from django.core.exceptions import ValidationError

from registers.constants import HouseholdKind, JoinReason, LeaveReason, Relation, Sex
from registers.models import Household, Membership, Person
from registers.services import household_create, membership_end, membership_start, person_create
from tests.factories import AddressFactory, HouseholdFactory, MembershipFactory, PersonFactory, id_number_for

pytestmark = pytest.mark.django_db

BORN = datetime.date(1988, 8, 8)
OPENED = datetime.date(2015, 3, 2)


def field_error_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- person_create ---------------------------------------------------------------------------


def test_person_create_registers_a_person():
    number = id_number_for("431002", BORN, 17)

    person = person_create(id_number=number, name="刘洋", sex=Sex.MALE, birth_date=BORN, ethnicity="瑶族")

    assert Person.objects.get(id_number=number) == person
    assert (person.name, person.ethnicity, person.converted_before_2016) == ("刘洋", "瑶族", False)


def test_person_create_stores_the_number_in_its_normal_form():
    number = next(n for s in range(1, 999, 2) if (n := id_number_for("431002", BORN, s)).endswith("X"))

    person = person_create(id_number=f" {number.lower()} ", name="刘洋", sex=Sex.MALE, birth_date=BORN)

    assert person.id_number == number


def test_person_create_refuses_a_wrong_check_digit_on_the_number():
    number = id_number_for("431002", BORN)
    wrong = number[:-1] + ("1" if number[-1] == "0" else "0")

    with pytest.raises(ValidationError) as caught:
        person_create(id_number=wrong, name="刘洋", sex=Sex.MALE, birth_date=BORN)

    assert field_error_codes(caught.value) == {"id_number": ["checksum"]}
    assert not Person.objects.exists()


def test_person_create_refuses_a_number_that_disagrees_with_the_birth_date():
    with pytest.raises(ValidationError) as caught:
        person_create(id_number=id_number_for("431002", BORN), name="刘洋", sex=Sex.MALE, birth_date=OPENED)

    assert field_error_codes(caught.value) == {"id_number": ["birth_date_mismatch"]}


def test_person_create_refuses_a_number_already_registered():
    existing = PersonFactory()

    with pytest.raises(ValidationError) as caught:
        person_create(id_number=existing.id_number, name="王芳", sex=Sex.MALE, birth_date=existing.birth_date)

    assert field_error_codes(caught.value) == {"id_number": ["unique"]}


def test_person_create_refuses_an_unknown_sex():
    with pytest.raises(ValidationError) as caught:
        person_create(id_number=id_number_for("431002", BORN), name="刘洋", sex="other", birth_date=BORN)

    assert field_error_codes(caught.value) == {"sex": ["invalid_choice"]}


# --- household_create ------------------------------------------------------------------------


def test_household_create_makes_the_head_its_first_member():
    address, head = AddressFactory(), PersonFactory()

    household = household_create(kind=HouseholdKind.FAMILY, address=address, head=head, created_on=OPENED)

    membership = Membership.objects.get(household=household)
    assert (membership.person, membership.relation, membership.since, membership.joined_by) == (
        head,
        Relation.HEAD,
        OPENED,
        JoinReason.MOVE_IN,
    )
    assert membership.is_current


def test_household_create_can_record_a_head_who_joined_by_birth():
    address, head = AddressFactory(), PersonFactory(birth_date=OPENED)

    household = household_create(
        kind=HouseholdKind.FAMILY,
        address=address,
        head=head,
        created_on=OPENED,
        head_joined_by=JoinReason.BIRTH,
    )

    assert household.memberships.get().joined_by == JoinReason.BIRTH


def test_household_create_numbers_households_in_the_stations_own_sequence():
    address = AddressFactory()
    station = address.station

    numbers = [
        household_create(
            kind=HouseholdKind.FAMILY, address=address, head=PersonFactory(), created_on=OPENED
        ).register_number
        for _ in range(3)
    ]

    assert numbers == [f"{station.code}000001", f"{station.code}000002", f"{station.code}000003"]


def test_household_create_continues_after_the_highest_number_of_the_station():
    address = AddressFactory()
    HouseholdFactory(address=address, register_number=f"{address.station.code}000041")
    HouseholdFactory(address=address, register_number="legacy-7")

    household = household_create(kind=HouseholdKind.FAMILY, address=address, head=PersonFactory(), created_on=OPENED)

    assert household.register_number == f"{address.station.code}000042"


def test_household_create_keeps_a_register_number_it_is_given():
    address = AddressFactory()

    household = household_create(
        kind=HouseholdKind.FAMILY,
        address=address,
        head=PersonFactory(),
        created_on=OPENED,
        register_number="530302001123456",
    )

    assert household.register_number == "530302001123456"


def test_household_create_opens_a_collective_household_without_a_head():
    address = AddressFactory()

    household = household_create(
        kind=HouseholdKind.COLLECTIVE,
        address=address,
        head=None,
        created_on=OPENED,
        name="潇湘社区集体户",
    )

    assert household.head is None
    assert not household.memberships.exists()


def test_household_create_refuses_a_family_household_without_a_head():
    address = AddressFactory()

    with pytest.raises(ValidationError) as caught:
        household_create(kind=HouseholdKind.FAMILY, address=address, head=None, created_on=OPENED)

    assert field_error_codes(caught.value) == {"head": ["head_required"]}


def test_household_create_refuses_a_collective_household_without_a_name():
    address = AddressFactory()

    with pytest.raises(ValidationError) as caught:
        household_create(kind=HouseholdKind.COLLECTIVE, address=address, head=None, created_on=OPENED)

    assert field_error_codes(caught.value) == {"name": ["name_required"]}


def test_a_household_is_registered_at_the_station_of_its_address():
    """No station is given: the household's is its address's, so the two cannot disagree."""
    address, elsewhere = AddressFactory(), AddressFactory()

    household = household_create(kind=HouseholdKind.FAMILY, address=address, head=PersonFactory(), created_on=OPENED)

    assert household.station == address.station != elsewhere.station
    assert household.register_number.startswith(address.station.code)  # numbered by that station
    household.address = elsewhere
    assert household.station == elsewhere.station


def test_household_create_leaves_nothing_behind_when_the_head_is_in_another_household():
    head = MembershipFactory().person
    address = AddressFactory()
    households_before = Household.objects.count()

    with pytest.raises(ValidationError) as caught:
        household_create(kind=HouseholdKind.FAMILY, address=address, head=head, created_on=OPENED)

    assert caught.value.code == "already_in_a_household"
    assert Household.objects.count() == households_before


# --- membership_start / membership_end -------------------------------------------------------


def test_membership_start_records_a_birth():
    household = HouseholdFactory()
    baby = PersonFactory(birth_date=datetime.date(2023, 4, 1))

    membership = membership_start(
        person=baby, household=household, relation=Relation.CHILD, since=baby.birth_date, joined_by=JoinReason.BIRTH
    )

    assert membership.is_current
    assert household.memberships.count() == 2


def test_membership_start_refuses_a_day_before_the_person_was_born():
    baby = PersonFactory(birth_date=datetime.date(2023, 4, 1))

    with pytest.raises(ValidationError) as caught:
        membership_start(
            person=baby,
            household=HouseholdFactory(),
            relation=Relation.CHILD,
            since=datetime.date(2023, 3, 31),
            joined_by=JoinReason.BIRTH,
        )

    assert field_error_codes(caught.value) == {"since": ["before_birth"]}


def test_membership_start_refuses_a_head_who_is_not_the_households_head():
    with pytest.raises(ValidationError) as caught:
        membership_start(
            person=PersonFactory(),
            household=HouseholdFactory(),
            relation=Relation.HEAD,
            since=OPENED,
            joined_by=JoinReason.MOVE_IN,
        )

    assert field_error_codes(caught.value) == {"relation": ["not_the_head"]}


def test_membership_start_refuses_a_deceased_person():
    with pytest.raises(ValidationError) as caught:
        membership_start(
            person=PersonFactory(deceased=True),
            household=HouseholdFactory(),
            relation=Relation.PARENT,
            since=OPENED,
            joined_by=JoinReason.MOVE_IN,
        )

    assert field_error_codes(caught.value) == {"person": ["deceased"]}


def test_membership_end_keeps_the_membership_as_history():
    membership = MembershipFactory()

    membership_end(
        membership=membership, until=datetime.date(2024, 1, 5), left_by=LeaveReason.MOVE_OUT, note="迁往昆明"
    )

    membership.refresh_from_db()
    assert (membership.until, membership.left_by, membership.note) == (
        datetime.date(2024, 1, 5),
        LeaveReason.MOVE_OUT,
        "迁往昆明",
    )
    assert not membership.is_current


def test_membership_end_refuses_a_membership_that_has_already_ended():
    membership = MembershipFactory(ended=True)

    with pytest.raises(ValidationError) as caught:
        membership_end(membership=membership, until=datetime.date(2024, 1, 5), left_by=LeaveReason.MOVE_OUT)

    assert caught.value.code == "already_ended"


def test_membership_end_refuses_a_day_before_the_person_joined():
    membership = MembershipFactory(since=datetime.date(2020, 1, 1))

    with pytest.raises(ValidationError) as caught:
        membership_end(membership=membership, until=datetime.date(2019, 12, 31), left_by=LeaveReason.MOVE_OUT)

    assert field_error_codes(caught.value) == {"until": ["until_before_since"]}


def test_membership_end_refuses_a_missing_reason():
    with pytest.raises(ValidationError) as caught:
        membership_end(membership=MembershipFactory(), until=datetime.date(2024, 1, 5), left_by="")

    assert field_error_codes(caught.value) == {"left_by": ["left_by_required"]}
