import datetime

import pytest

from registers.constants import Zone
from tests.factories import AddressFactory, HouseholdFactory, MembershipFactory, PersonFactory, UserFactory


@pytest.fixture
def station_address(db):
    """A central urban address in 麒麟区, Qujing, and its station."""
    return AddressFactory(zone=Zone.CENTRAL_URBAN)


@pytest.fixture
def clerk(station_address):
    return UserFactory(clerk=True, station=station_address.station)


@pytest.fixture
def other_clerk(db):
    return UserFactory(clerk=True)


@pytest.fixture
def applicant_user(db):
    return UserFactory()


@pytest.fixture
def family(db):
    """A household elsewhere in Qujing with a head and a spouse: the applicant and a relative."""
    household = HouseholdFactory(address=AddressFactory(zone=Zone.COUNTY_TOWN))
    spouse = PersonFactory(female=True, birth_date=datetime.date(1985, 3, 4))
    MembershipFactory(person=spouse, household=household, relation="spouse")
    return household, household.head, spouse
