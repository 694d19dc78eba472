"""Issue 13, item 2: a staff account's password alone does not let anyone set up an authenticator.
That takes a one-time enrolment code, issued by an administrator or the city's supervisor, shown
once, kept only as a digest, expiring; issuing a new one resets a lost device."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import Role
from accounts.models import EnrolmentCode
from accounts.services import enrolment_code_issue
from tests.factories import PoliceStationFactory, TOTPDeviceFactory, UserFactory, sign_in_verified, totp_code

from .helpers import password_step, signed_in_as, staff_user

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/otp/set-up/"
ISSUE = "/accounts/staff/enrolment/"


@pytest.fixture
def supervisor():
    user = staff_user(Role.SUPERVISOR, "supervisor-qujing")
    sign_in_verified(supervisor_client := Client(), user)
    user.client = supervisor_client
    return user


def clerk_in(region_code: str, username: str):
    from registers.models import Region

    station = PoliceStationFactory(region=Region.objects.get(code=region_code))
    return UserFactory(username=username, clerk=True, station=station)


def test_a_password_alone_shows_no_key_and_cannot_enrol_a_device(client):
    clerk = staff_user(Role.CLERK)

    password = password_step(client, clerk.username)
    page = client.get(SET_UP)
    forced = client.post(SET_UP, {"otp_token": "123456"})

    assert password.url == SET_UP
    assert page.status_code == 200 and "设置码" in page.content.decode()
    assert "<svg" not in page.content.decode() and "key" not in (page.context or {})
    assert forced.status_code == 200 and "<svg" not in forced.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists() and signed_in_as(client) is None


def test_with_the_enrolment_code_the_clerk_sets_up_the_authenticator_and_the_code_is_used_up(client):
    clerk = staff_user(Role.CLERK)
    code, record = enrolment_code_issue(user=clerk, issued_by=None)

    password_step(client, clerk.username)
    wrong = client.post(SET_UP, {"enrolment_code": "AAAA-BBBB-CCCC-DDDD"})
    right = client.post(SET_UP, {"enrolment_code": code.lower().replace("-", " ")})
    page = client.get(SET_UP)
    device = TOTPDevice.objects.get(user=clerk)
    confirmed = client.post(SET_UP, {"otp_token": totp_code(device)})

    assert wrong.status_code == 200 and "设置码无效" in wrong.content.decode()
    assert right.status_code == 302 and "<svg" in page.content.decode()
    assert confirmed.status_code == 302 and signed_in_as(client) == str(clerk.pk)
    record.refresh_from_db()
    assert record.used_at is not None
    # Stored as a digest only: the plain code is nowhere in the row.
    assert code.replace("-", "") not in record.digest and len(record.digest) == 64


def test_an_enrolment_code_works_once(client):
    clerk = staff_user(Role.CLERK)
    code, _record = enrolment_code_issue(user=clerk, issued_by=None)
    password_step(client, clerk.username)
    client.post(SET_UP, {"enrolment_code": code})
    client.get(SET_UP)
    client.post(SET_UP, {"otp_token": totp_code(TOTPDevice.objects.get(user=clerk))})
    TOTPDevice.objects.filter(user=clerk).delete()  # the phone is gone, but nobody issued a new code

    again = Client()
    password_step(again, clerk.username)
    replay = again.post(SET_UP, {"enrolment_code": code})

    assert "设置码无效" in replay.content.decode() and "<svg" not in replay.content.decode()


def test_an_enrolment_code_expires(client, settings):
    clerk = staff_user(Role.CLERK)
    code, record = enrolment_code_issue(user=clerk, issued_by=None)
    EnrolmentCode.objects.filter(pk=record.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    password_step(client, clerk.username)
    late = client.post(SET_UP, {"enrolment_code": code})

    assert late.status_code == 200 and "已过期" in late.content.decode()


def test_a_supervisor_issues_a_code_shown_once_for_a_clerk_of_their_city(supervisor):
    clerk = staff_user(Role.CLERK)

    listing = supervisor.client.get(ISSUE)
    issued = supervisor.client.post(ISSUE, {"user": clerk.pk})

    assert listing.status_code == 200 and clerk.username in listing.content.decode()
    code = issued.context["code"]
    assert issued.status_code == 200 and code in issued.content.decode()
    assert "no-store" in issued["Cache-Control"]
    assert EnrolmentCode.objects.get(user=clerk).issued_by == supervisor
    assert code not in supervisor.client.get(ISSUE).content.decode()  # shown once


def test_a_supervisor_cannot_issue_for_another_city_or_for_themself_and_a_clerk_cannot_at_all(supervisor):
    elsewhere = clerk_in("220202", "clerk-jilin")
    clerk = staff_user(Role.CLERK)
    clerk_client = sign_in_verified(Client(), clerk)

    other_city = supervisor.client.post(ISSUE, {"user": elsewhere.pk})
    themself = supervisor.client.post(ISSUE, {"user": supervisor.pk})
    by_a_clerk = clerk_client.post(ISSUE, {"user": elsewhere.pk})

    assert other_city.status_code == 404 and themself.status_code == 404 and by_a_clerk.status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_resetting_a_lost_device_issues_a_new_code_and_the_old_device_signs_nobody_in(supervisor):
    clerk = staff_user(Role.CLERK)
    old_device = TOTPDeviceFactory(user=clerk)
    lost_phone = sign_in_verified(Client(), clerk)
    assert lost_phone.get("/station/queue/").status_code == 200

    supervisor.client.post(ISSUE, {"user": clerk.pk})

    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert lost_phone.get("/station/queue/").status_code == 302  # that session is no longer verified
    assert EnrolmentCode.objects.filter(user=clerk, used_at__isnull=True).count() == 1


def test_an_administrator_issues_codes_and_the_first_one_comes_from_the_command_line(capsys):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)

    call_command("enrolment_code", "root")
    printed = capsys.readouterr().out

    assert printed.startswith("root: ") and EnrolmentCode.objects.filter(user=admin).count() == 1
    rule_admin = staff_user(Role.RULE_ADMIN)
    admin_client = sign_in_verified(Client(), admin)
    assert admin_client.post(ISSUE, {"user": rule_admin.pk}).status_code == 200


def test_the_demo_staff_still_sign_in_with_their_demo_device(client):
    clerk = staff_user(Role.CLERK)
    device = TOTPDeviceFactory(user=clerk)

    password = password_step(client, clerk.username)
    signed_in = client.post("/accounts/otp/", {"otp_token": totp_code(device)})

    assert password.url == "/accounts/otp/" and signed_in.status_code == 302
