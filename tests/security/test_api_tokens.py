"""A token stands for a password alone, so accounts with a second factor get none and cannot use
one; staff use the staff API from a session verified with their code."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.constants import Role
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory, sign_in_verified, totp_code

from .helpers import staff_user

pytestmark = pytest.mark.django_db


def with_token(token: Token) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def ask_for_token(login: str):
    return APIClient().post("/api/v1/auth/token/", {"username": login, "password": PASSWORD}, format="json")


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_station_staff_get_no_token_and_a_token_made_for_them_is_refused(role):
    user = staff_user(role)

    asked = ask_for_token(user.username)
    refused = with_token(Token.objects.create(user=user)).get("/api/v1/cases/")

    assert asked.status_code == 403 and "动态口令" in asked.json()["detail"]
    assert refused.status_code in (401, 403) and "动态口令" in refused.json()["detail"]
    assert not Token.objects.filter(user=user, key=asked.json().get("token", "")).exists()


def test_station_staff_use_the_api_from_a_verified_session():
    clerk = staff_user(Role.CLERK)
    api = sign_in_verified(APIClient(), clerk)

    assert api.get("/api/v1/cases/").status_code == 200


def test_a_clerk_with_a_session_but_no_code_is_refused_by_the_api_with_the_reason():
    api = APIClient()
    api.force_login(staff_user(Role.CLERK))

    response = api.get("/api/v1/cases/")

    assert response.status_code == 403 and "动态口令" in response.json()["detail"]


def test_an_applicant_who_turns_the_code_on_loses_their_token_and_gets_no_new_one(client):
    applicant = UserFactory(email="li@example.cn", email_verified=True)
    token = Token.objects.create(user=applicant)
    assert with_token(token).get("/api/v1/my/cases/").status_code == 200
    device = TOTPDeviceFactory(user=applicant, unconfirmed=True)
    client.force_login(applicant)

    client.post("/accounts/otp/set-up/", {"otp_token": totp_code(device)})

    assert not Token.objects.filter(user=applicant).exists()
    assert with_token(token).get("/api/v1/my/cases/").status_code in (401, 403)
    assert ask_for_token("li@example.cn").status_code == 403


def test_a_token_made_by_hand_for_an_applicant_with_a_code_is_refused():
    applicant = UserFactory(email_verified=True)
    TOTPDeviceFactory(user=applicant)

    response = with_token(Token.objects.create(user=applicant)).get("/api/v1/my/cases/")

    assert response.status_code in (401, 403)
