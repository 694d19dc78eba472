"""A person is in at most one household at a time: the database's rule, the service's message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registers.constants import JoinReason, LeaveReason, Relation
from registers.models import Membership
from registers.services import membership_end, membership_start
from tests.factories import HouseholdFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MOVED_ON = datetime.date(2024, 9, 1)


def second_membership(person, household):
    return Membership.objects.create(
        person=person, household=household, relation=Relation.SPOUSE, since=MOVED_ON, joined_by=JoinReason.MOVE_IN
    )


def test_the_database_refuses_a_second_current_household_for_a_person():
    first = MembershipFactory()
    other = HouseholdFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        second_membership(first.person, other)

    assert Membership.objects.filter(person=first.person).count() == 1


def test_the_database_allows_a_new_household_once_the_first_membership_has_ended():
    first = MembershipFactory()
    Membership.objects.filter(pk=first.pk).update(until=MOVED_ON, left_by=LeaveReason.MOVE_OUT)

    second_membership(first.person, HouseholdFactory())

    assert Membership.objects.filter(person=first.person, until__isnull=True).count() == 1
    assert Membership.objects.filter(person=first.person).count() == 2


def test_the_database_allows_any_number_of_past_households():
    person = MembershipFactory(ended=True).person
    MembershipFactory(person=person, ended=True)

    second_membership(person, HouseholdFactory())

    assert person.memberships.count() == 3


def test_the_service_refuses_a_second_household_with_a_clear_message():
    first = MembershipFactory()

    with pytest.raises(ValidationError) as caught:
        membership_start(
            person=first.person,
            household=HouseholdFactory(),
            relation=Relation.SPOUSE,
            since=MOVED_ON,
            joined_by=JoinReason.MOVE_IN,
        )

    assert caught.value.code == "already_in_a_household"
    message = caught.value.messages[0]
    assert first.household.register_number in message
    assert "一人只能在一个户内登记" in message
    assert first.person.id_number not in message  # masked, like everywhere else
    # The refusal was rolled back to a savepoint: the surrounding transaction still works.
    assert Membership.objects.filter(person=first.person).count() == 1


def test_the_service_moves_a_person_once_the_first_membership_has_ended():
    first = MembershipFactory()
    household = HouseholdFactory()

    membership_end(membership=first, until=MOVED_ON, left_by=LeaveReason.MOVE_OUT)
    moved = membership_start(
        person=first.person, household=household, relation=Relation.SPOUSE, since=MOVED_ON, joined_by=JoinReason.MOVE_IN
    )

    assert moved.is_current
    assert [m.household for m in first.person.memberships.order_by("since", "id")] == [first.household, household]
