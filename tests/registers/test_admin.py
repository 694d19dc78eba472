import datetime

import pytest
from django.urls import reverse

from registers.constants import Relation
from registers.models import Person, Region
from tests.factories import (
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    PoliceStationFactory,
    id_number_for,
)

pytestmark = pytest.mark.django_db

ROWS = 12


@pytest.fixture
def households():
    """Households with a head, a current member and a past one, spread over several stations."""
    households = HouseholdFactory.create_batch(ROWS)
    for household in households:
        MembershipFactory(household=household)
        MembershipFactory(household=household, ended=True)
    return households


def person_form(**overrides) -> dict[str, str]:
    born = datetime.date(1990, 5, 17)
    return {
        "id_number": id_number_for("530302", born, 35),
        "name": "张伟",
        "sex": "male",
        "birth_date": born.isoformat(),
        "ethnicity": "汉族",
        **overrides,
    }


@pytest.mark.parametrize("model", ["region", "policestation", "address", "person", "household", "membership"])
def test_the_list_page_does_a_bounded_number_of_queries(admin_client, households, django_assert_max_num_queries, model):
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse(f"admin:registers_{model}_changelist"))

    assert response.status_code == 200


def test_the_household_page_does_a_bounded_number_of_queries_however_many_members(
    admin_client, django_assert_max_num_queries
):
    household = HouseholdFactory()
    MembershipFactory.create_batch(ROWS, household=household)

    # 11 to show it, 2 to record who saw whom (one read of the members, one INSERT).
    with django_assert_max_num_queries(13):
        response = admin_client.get(reverse("admin:registers_household_change", args=[household.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["person", "household", "membership"])
def test_the_list_page_shows_identity_numbers_masked(admin_client, households, model):
    content = admin_client.get(reverse(f"admin:registers_{model}_changelist")).content.decode()

    shown = Person.objects.filter(memberships__isnull=False).distinct()
    assert any(person.masked_id_number in content for person in shown)
    for person in shown:
        assert person.id_number not in content


def test_the_person_page_shows_the_full_number(admin_client):
    person = PersonFactory()

    content = admin_client.get(reverse("admin:registers_person_change", args=[person.pk])).content.decode()

    assert person.id_number in content


@pytest.mark.parametrize("field", ["id_number", "name"])
def test_people_can_be_found_by_identity_number_or_name(admin_client, field):
    wanted, other = PersonFactory(name="欧阳修"), PersonFactory(name="王安石")

    response = admin_client.get(reverse("admin:registers_person_changelist"), {"q": getattr(wanted, field)})

    assert list(response.context["cl"].result_list) == [wanted]
    assert other.name not in response.content.decode()


@pytest.mark.parametrize(
    "term",
    [lambda h: h.register_number, lambda h: h.head.id_number, lambda h: h.head.name],
    ids=["register number", "head's identity number", "head's name"],
)
def test_households_can_be_found_by_register_number_or_by_their_head(admin_client, households, term):
    wanted = HouseholdFactory(head__name="欧阳修")

    response = admin_client.get(reverse("admin:registers_household_changelist"), {"q": term(wanted)})

    assert list(response.context["cl"].result_list) == [wanted]


def test_the_household_list_names_each_households_station_its_addresss(admin_client, households):
    page = admin_client.get(reverse("admin:registers_household_changelist")).content.decode()

    assert "登记派出所" in page
    assert all(household.address.station.name in page for household in households)


def test_the_household_page_shows_its_members_history_in_the_order_they_joined(admin_client):
    household = HouseholdFactory(created_on=datetime.date(2001, 1, 1))
    later = MembershipFactory(household=household, since=datetime.date(2015, 6, 1), relation=Relation.CHILD)
    earlier = MembershipFactory(household=household, since=datetime.date(2003, 2, 1), ended=True)

    response = admin_client.get(reverse("admin:registers_household_change", args=[household.pk]))

    inline = response.context["inline_admin_formsets"][0]
    assert [form.original for form in inline] == [household.memberships.get(relation="head"), earlier, later]
    assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission


def test_the_person_form_reports_a_number_that_disagrees_with_the_birth_date_on_the_number(admin_client):
    response = admin_client.post(reverse("admin:registers_person_add"), person_form(birth_date="1990-05-18"))

    form = response.context["adminform"].form
    assert [e.code for e in form.errors.as_data()["id_number"]] == ["birth_date_mismatch"]
    assert not form.non_field_errors()
    assert not Person.objects.exists()


def test_the_person_form_reports_the_mismatch_on_the_number_when_a_birth_date_is_changed(admin_client):
    person = PersonFactory()
    data = person_form(id_number=person.id_number, name=person.name, birth_date="1970-01-01")

    response = admin_client.post(reverse("admin:registers_person_change", args=[person.pk]), data)

    form = response.context["adminform"].form
    assert [e.code for e in form.errors.as_data()["id_number"]] == ["birth_date_mismatch"]
    assert not form.non_field_errors()
    person.refresh_from_db()
    assert person.birth_date != datetime.date(1970, 1, 1)


def test_the_person_form_reports_a_wrong_check_digit_once_on_the_number(admin_client):
    number = person_form()["id_number"]
    wrong = number[:-1] + ("1" if number[-1] == "0" else "0")

    response = admin_client.post(reverse("admin:registers_person_add"), person_form(id_number=wrong))

    form = response.context["adminform"].form
    assert [e.code for e in form.errors.as_data()["id_number"]] == ["checksum"]
    assert not form.non_field_errors()


def test_the_person_form_registers_a_valid_person_with_the_number_in_its_normal_form(admin_client):
    data = person_form(id_number=person_form()["id_number"].lower() + " ")

    response = admin_client.post(reverse("admin:registers_person_add"), data)

    assert response.status_code == 302
    assert Person.objects.get().id_number == person_form()["id_number"]


def test_stations_can_be_filtered_by_city(admin_client):
    qujing = PoliceStationFactory()
    jilin = PoliceStationFactory(region=Region.objects.get(code="220202"))

    response = admin_client.get(reverse("admin:registers_policestation_changelist"), {"region__city": "jilin"})

    assert list(response.context["cl"].result_list) == [jilin]
    assert qujing.name not in response.content.decode()


@pytest.mark.parametrize("model", ["household", "membership"])
def test_households_and_memberships_cannot_be_added_in_the_admin(admin_client, model):
    # They change only through registers.services, which keep the one-household rule.
    response = admin_client.get(reverse(f"admin:registers_{model}_add"))

    assert response.status_code == 403


def test_a_household_page_is_for_reading(admin_client, households):
    response = admin_client.get(reverse("admin:registers_household_change", args=[households[0].pk]))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
