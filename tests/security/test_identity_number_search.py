"""Issue 13, item 3: a search by identity number matches only the whole number, in every admin
search (and the staff searches, which were exact already), so a hidden number cannot be recovered
one digit at a time from the result counts."""

import pytest
from django.test import Client

from accounts.constants import Role
from registers.models import DataAccess
from tests.factories import (
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    ResidencePermitFactory,
    ResidenceRegistrationFactory,
    UserFactory,
    sign_in_verified,
)

from .helpers import staff_user

pytestmark = pytest.mark.django_db


def searchable_numbers():
    """One row of each admin that searches identity numbers, and the number it holds."""
    person = PersonFactory()
    household = HouseholdFactory()
    membership = MembershipFactory()
    permit = ResidencePermitFactory()
    registration = ResidenceRegistrationFactory()
    access = DataAccess.objects.create(user=UserFactory(), action="view", id_number=PersonFactory().id_number)
    return {
        "/admin/registers/person/": person.id_number,
        "/admin/registers/household/": household.head.id_number,
        "/admin/registers/membership/": membership.person.id_number,
        "/admin/applications/case/": permit.case.id_number,
        "/admin/residence_permits/residencepermit/": permit.id_number,
        "/admin/residence_permits/residenceregistration/": registration.id_number,
        "/admin/registers/dataaccess/": access.id_number,
    }


def result_count(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def test_a_prefix_of_an_identity_number_finds_nothing_in_any_admin_search():
    numbers = searchable_numbers()
    auditor = sign_in_verified(Client(), staff_user(Role.AUDITOR))

    for url, number in numbers.items():
        assert result_count(auditor, url, number[:-1]) == 0, url
        assert result_count(auditor, url, number[:10]) == 0, url
        assert result_count(auditor, url, number) >= 1, url
        assert result_count(auditor, url, number.lower()) >= 1, url


def test_the_autocomplete_behind_the_admin_is_exact_too(admin_client):
    person = PersonFactory()

    prefix = admin_client.get(
        "/admin/autocomplete/",
        {"term": person.id_number[:-1], "app_label": "registers", "model_name": "household", "field_name": "head"},
    )
    whole = admin_client.get(
        "/admin/autocomplete/",
        {"term": person.id_number, "app_label": "registers", "model_name": "household", "field_name": "head"},
    )

    assert prefix.status_code == 200 and prefix.json()["results"] == []
    assert [r["id"] for r in whole.json()["results"]] == [str(person.pk)]
