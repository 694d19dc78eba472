"""Staff sign in with a password and then a code (django-otp TOTP); until the code, no staff page,
no admin page and no staff API answers them."""

import time

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import STAFF_ROLES, Role
from accounts.services import enrolment_code_issue
from tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory, sign_in_verified, totp_code

from .helpers import STATION_ROLES, password_step, signed_in_as, staff_user, wrong_code

pytestmark = pytest.mark.django_db

ROLES = sorted(STAFF_ROLES)


def staff_doors(client) -> dict[str, int]:
    """The status of the queue, the admin and the staff API for the client."""
    return {
        "queue": client.get("/station/queue/").status_code,
        "admin": client.get("/admin/").status_code,
        "api": client.get("/api/v1/cases/").status_code,
    }


@pytest.mark.parametrize("role", ROLES)
def test_a_staff_member_with_a_password_only_session_is_refused_everywhere_until_verified(client, role):
    user = staff_user(role)
    client.force_login(user)  # signed in, but no device has verified the session

    refused = staff_doors(client)
    sign_in_verified(client, user)
    let_in = staff_doors(client)

    assert refused["queue"] in (302, 403) and refused["admin"] == 302 and refused["api"] == 403
    assert let_in["admin"] == 200
    if role in STATION_ROLES:
        assert let_in["queue"] == 200 and let_in["api"] == 200
    else:
        assert let_in["queue"] == 403 and let_in["api"] == 403  # not their pages, verified or not


def test_an_unverified_clerk_is_sent_to_sign_in_again_from_a_staff_page(client):
    clerk = staff_user(Role.CLERK)
    client.force_login(clerk)

    response = client.get("/station/queue/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/station/queue/"


def test_the_residence_permit_staff_pages_and_api_ask_for_the_code_too(client):
    client.force_login(staff_user(Role.CLERK))

    assert client.get("/station/residence/").status_code == 302
    assert client.get("/api/v1/residence-permits/").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_each_staff_role_signs_in_with_the_password_then_the_code(client, role, no_code_throttle):
    user = staff_user(role)
    device = TOTPDeviceFactory(user=user)

    password = password_step(client, user.username)
    between = staff_doors(client)
    wrong = client.post("/accounts/otp/", {"otp_token": wrong_code(device)})
    still_between = signed_in_as(client)
    good = client.post("/accounts/otp/", {"otp_token": totp_code(device)})

    assert password.status_code == 302 and password.url == "/accounts/otp/"
    assert between["queue"] == 302 and between["admin"] == 302 and between["api"] == 403
    assert wrong.status_code == 200 and "动态口令不正确" in wrong.content.decode()
    assert still_between is None
    assert good.status_code == 302 and signed_in_as(client) == str(user.pk)
    assert staff_doors(client)["admin"] == 200


def test_after_the_code_the_clerk_lands_where_they_were_going(client):
    clerk = staff_user(Role.CLERK)
    device = TOTPDeviceFactory(user=clerk)

    password_step(client, clerk.username, next_url="/station/batches/")
    response = client.post("/accounts/otp/", {"otp_token": totp_code(device)})

    assert response.url == "/station/batches/"
    assert client.get("/station/batches/").status_code == 200


def test_the_password_step_alone_does_not_sign_the_session_in(client):
    clerk = staff_user(Role.CLERK)
    TOTPDeviceFactory(user=clerk)

    password_step(client, clerk.username)

    assert signed_in_as(client) is None


def test_a_wrong_password_never_reaches_the_code_page(client):
    clerk = staff_user(Role.CLERK)
    TOTPDeviceFactory(user=clerk)

    response = password_step(client, clerk.username, password="not-the-password")

    assert response.status_code == 200 and "账号或密码不正确" in response.content.decode()
    assert client.get("/accounts/otp/").url == "/accounts/login/"


def test_a_code_is_good_once(no_code_throttle):
    clerk = staff_user(Role.CLERK)
    device = TOTPDeviceFactory(user=clerk)
    code = totp_code(device)
    first, second = Client(), Client()

    password_step(first, clerk.username)
    password_step(second, clerk.username)
    first.post("/accounts/otp/", {"otp_token": code})
    replayed = second.post("/accounts/otp/", {"otp_token": code})

    assert signed_in_as(first) == str(clerk.pk)
    assert replayed.status_code == 200 and signed_in_as(second) is None


def test_after_a_wrong_code_the_device_makes_them_wait(client):
    clerk = staff_user(Role.CLERK)
    device = TOTPDeviceFactory(user=clerk)
    password_step(client, clerk.username)

    client.post("/accounts/otp/", {"otp_token": "12345x"})  # not even digits: the form refuses it
    client.post("/accounts/otp/", {"otp_token": wrong_code(device)})
    at_once = client.post("/accounts/otp/", {"otp_token": totp_code(device)})

    assert "错误次数过多" in at_once.content.decode()
    assert signed_in_as(client) is None


def test_the_code_page_times_out(client, settings):
    settings.SIGN_IN_CODE_TIMEOUT = 60
    clerk = staff_user(Role.CLERK)
    device = TOTPDeviceFactory(user=clerk)
    password_step(client, clerk.username)
    session = client.session
    session["accounts.sign_in_pending"]["at"] = time.time() - 61
    session.save()

    response = client.post("/accounts/otp/", {"otp_token": totp_code(device)}, follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "已超时" in response.content.decode()
    assert signed_in_as(client) is None


def enrolled(client, user):
    """The password step and the enrolment code an administrator issued (test_staff_enrolment.py)."""
    code, _record = enrolment_code_issue(user=user, issued_by=None)
    password = password_step(client, user.username)
    client.post("/accounts/otp/set-up/", {"enrolment_code": code})
    return password


@pytest.mark.parametrize("role", ROLES)
def test_staff_without_an_authenticator_set_one_up_before_they_are_signed_in(client, role):
    user = staff_user(role)

    password = enrolled(client, user)
    page = client.get(password.url)
    reloaded = client.get(password.url)
    device = TOTPDevice.objects.get(user=user)
    confirmed = client.post(password.url, {"otp_token": totp_code(device)})

    assert password.url == "/accounts/otp/set-up/"
    html = page.content.decode()
    assert "<svg" in html and "<img" not in html  # the QR code is inline markup, no image request
    key = " ".join(page.context["key"].split())
    assert key and key in " ".join(html.split())
    assert reloaded.context["key"] == page.context["key"]  # reloading does not change what was scanned
    assert confirmed.status_code == 302 and signed_in_as(client) == str(user.pk)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_first_code_leaves_the_new_authenticator_unconfirmed(client, no_code_throttle):
    clerk = staff_user(Role.CLERK)
    enrolled(client, clerk)
    client.get("/accounts/otp/set-up/")
    device = TOTPDevice.objects.get(user=clerk)

    wrong = client.post("/accounts/otp/set-up/", {"otp_token": wrong_code(device)})

    assert wrong.status_code == 200 and "动态口令不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=clerk).confirmed and signed_in_as(client) is None


def test_someone_with_an_authenticator_cannot_set_up_another_from_the_password_step(client):
    clerk = staff_user(Role.CLERK)
    TOTPDeviceFactory(user=clerk)
    password_step(client, clerk.username)

    response = client.get("/accounts/otp/set-up/")

    assert response.url == "/accounts/otp/"
    assert TOTPDevice.objects.filter(user=clerk).count() == 1


def test_a_superuser_needs_the_code_too(client):
    boss = UserFactory(is_staff=True, is_superuser=True)

    response = password_step(client, boss.username)

    assert response.url == "/accounts/otp/set-up/" and signed_in_as(client) is None


def test_the_admin_sign_in_page_is_the_portals_with_the_code_step(client):
    clerk = staff_user(Role.CLERK)
    page = client.get("/admin/login/?next=/admin/registers/person/")
    assert page.status_code == 200
    assert 'name="next" value="/admin/registers/person/"' in page.content.decode()

    response = client.post(
        "/admin/login/", {"username": clerk.username, "password": PASSWORD, "next": "/admin/registers/person/"}
    )

    assert response.status_code == 302 and response.url.startswith("/accounts/otp/")
    assert signed_in_as(client) is None


def test_staff_cannot_turn_their_code_off(client):
    clerk = staff_user(Role.CLERK)
    sign_in_verified(client, clerk)
    device = TOTPDevice.objects.get(user=clerk)

    page = client.get("/accounts/security/").content.decode()
    response = client.post("/accounts/security/", {"otp_token": totp_code(device)})

    assert "必须使用动态口令" in page
    assert "不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=clerk, confirmed=True).exists()
