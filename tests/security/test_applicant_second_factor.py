"""Applicants sign in with a password; they may turn a code on in their account, and off again."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TOTPDeviceFactory, UserFactory, totp_code

from .helpers import password_step, signed_in_as, wrong_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return UserFactory(email="wang@example.cn", email_verified=True)


def test_an_applicant_signs_in_with_the_password_alone_by_default(client, applicant):
    response = password_step(client, "wang@example.cn")

    assert response.status_code == 302 and response.url == "/"
    assert signed_in_as(client) == str(applicant.pk)
    assert "未开启" in client.get("/accounts/security/").content.decode()


def test_an_applicant_turns_the_code_on_and_then_signs_in_with_it(client, applicant):
    client.force_login(applicant)

    page = client.get("/accounts/otp/set-up/")
    device = TOTPDevice.objects.get(user=applicant)
    turned_on = client.post("/accounts/otp/set-up/", {"otp_token": totp_code(device)}, follow=True)
    client.post("/accounts/logout/")
    password = password_step(client, "wang@example.cn")
    between = signed_in_as(client)
    device.refresh_from_db()
    code = client.post("/accounts/otp/", {"otp_token": totp_code(device, steps_ahead=1)})

    assert "<svg" in page.content.decode()
    assert turned_on.redirect_chain[-1][0] == "/accounts/security/"
    assert "动态口令已开启" in turned_on.content.decode() and "已开启。" in turned_on.content.decode()
    assert password.url == "/accounts/otp/" and between is None
    assert code.status_code == 302 and signed_in_as(client) == str(applicant.pk)
    assert client.get("/my/cases/").status_code == 200


def test_an_applicant_turns_the_code_off_with_a_current_code(client, applicant, no_code_throttle):
    device = TOTPDeviceFactory(user=applicant)
    client.force_login(applicant)

    refused = client.post("/accounts/security/", {"otp_token": wrong_code(device)})
    still_on = TOTPDevice.objects.filter(user=applicant).exists()
    turned_off = client.post("/accounts/security/", {"otp_token": totp_code(device)}, follow=True)
    client.post("/accounts/logout/")
    password = password_step(client, "wang@example.cn")

    assert "动态口令不正确" in refused.content.decode() and still_on
    assert "动态口令已关闭" in turned_off.content.decode()
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    assert password.url == "/" and signed_in_as(client) == str(applicant.pk)


def test_the_set_up_page_needs_a_signed_in_account_or_a_password_just_given(client):
    response = client.get("/accounts/otp/set-up/")

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not TOTPDevice.objects.exists()
