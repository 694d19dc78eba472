import pytest
from django.urls import reverse

from accounts.constants import Role
from accounts.models import User
from accounts.services import user_create
from tests.factories import PASSWORD, PoliceStationFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_form(**fields) -> dict[str, str]:
    return {"username": "new_clerk", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD, **fields}


def change_form(user: User, **fields) -> dict[str, str]:
    return {
        "username": user.username,
        "role": user.role,
        "city": user.city,
        "station": user.station_id or "",
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        **fields,
    }


def test_the_change_form_shows_role_station_city_and_phone(admin_client):
    user = UserFactory(clerk=True)

    form = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"].form

    assert {"role", "station", "city", "phone"} <= set(form.fields)


def test_the_add_form_asks_for_role_station_city_and_phone(admin_client):
    form = admin_client.get(reverse("admin:accounts_user_add")).context["adminform"].form

    assert {"role", "station", "city", "phone"} <= set(form.fields)


def test_a_clerk_added_in_the_admin_is_in_the_clerk_group(admin_client):
    station = PoliceStationFactory()

    response = admin_client.post(
        reverse("admin:accounts_user_add"), add_form(role=Role.CLERK, station=station.pk, city="qujing")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new_clerk")
    assert (user.role, user.station) == (Role.CLERK, station)
    assert list(user.groups.values_list("name", flat=True)) == [Role.CLERK]


def test_the_admin_refuses_a_clerk_without_a_station(admin_client):
    response = admin_client.post(reverse("admin:accounts_user_add"), add_form(role=Role.CLERK))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not User.objects.filter(username="new_clerk").exists()


def test_changing_the_role_in_the_admin_moves_the_user_to_the_new_roles_group(admin_client):
    user = user_create(
        username="clerk_to_be_promoted", password=PASSWORD, role=Role.CLERK, station=PoliceStationFactory()
    )

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), change_form(user, role=Role.SUPERVISOR, station="")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.groups.values_list("name", flat=True)) == [Role.SUPERVISOR]


def test_the_user_list_can_be_filtered_by_role(admin_client):
    clerk, applicant = UserFactory(clerk=True), UserFactory()

    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"role": Role.CLERK})

    assert list(response.context["cl"].result_list) == [clerk]
    assert applicant.username not in response.content.decode()


def test_the_user_list_does_a_bounded_number_of_queries(admin_client, django_assert_max_num_queries):
    UserFactory.create_batch(10, clerk=True)

    # 7: one of them is the second factor's device, which django-otp loads once per request.
    with django_assert_max_num_queries(7):
        response = admin_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
