import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.constants import ROLE_PERMISSIONS, STAFF_ROLES, Role
from accounts.models import User
from accounts.services import user_create
from tests.factories import PASSWORD, PoliceStationFactory

pytestmark = pytest.mark.django_db


def create(role: str, **kwargs) -> User:
    return user_create(username=f"demo_{role}", password=PASSWORD, role=role, **kwargs)


def test_every_role_is_a_group_after_migrate():
    assert set(Role.values) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.parametrize("role", Role.values)
def test_each_roles_group_carries_exactly_the_roles_permissions(role):
    group = Group.objects.get(name=role)

    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    assert granted == set(ROLE_PERMISSIONS[role])


# What each role needs besides a username and a password.
ROLE_NEEDS = {
    Role.APPLICANT: dict,
    Role.CLERK: lambda: {"station": PoliceStationFactory()},
    Role.SUPERVISOR: lambda: {"city": "jilin"},
    Role.RULE_ADMIN: dict,
    Role.AUDITOR: dict,
}


@pytest.mark.parametrize("role", Role.values)
def test_user_create_puts_the_user_in_their_roles_group(role):
    user = create(role, **ROLE_NEEDS[role]())

    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert user.is_staff == (role in STAFF_ROLES)
    assert user.check_password(PASSWORD)


def test_a_clerk_belongs_to_the_city_of_their_station():
    station = PoliceStationFactory()

    assert create(Role.CLERK, station=station).city == station.region.city == "qujing"


def test_user_create_refuses_a_clerk_without_a_station():
    with pytest.raises(ValidationError):
        create(Role.CLERK)

    assert not User.objects.exists()


def test_the_database_refuses_a_clerk_without_a_station():
    with pytest.raises(IntegrityError, match="clerk_has_station"), transaction.atomic():
        User.objects.create(username="clerk_nowhere", role=Role.CLERK)


def test_the_database_refuses_a_supervisor_without_a_city():
    with pytest.raises(IntegrityError, match="supervisor_has_city"), transaction.atomic():
        User.objects.create(username="supervisor_nowhere", role=Role.SUPERVISOR)


def test_the_database_accepts_staff_who_need_no_station_or_city():
    User.objects.create(username="auditor", role=Role.AUDITOR)
    User.objects.create(username="ruleadmin", role=Role.RULE_ADMIN)

    assert User.objects.count() == 2
