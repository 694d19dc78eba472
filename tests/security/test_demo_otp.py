"""``manage.py demo_otp USERNAME``: the code a demo account's authenticator would show, so that
``make run`` users can sign in as staff; never in production."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.constants import Role
from hukou_portal.management.commands.seed_demo import DEMO_TOTP_KEY
from tests.factories import TOTPDeviceFactory

from .helpers import password_step, signed_in_as, staff_user

pytestmark = pytest.mark.django_db


def demo_otp(username: str) -> str:
    out = StringIO()
    call_command("demo_otp", username, stdout=out)
    return out.getvalue().strip()


def test_it_prints_the_current_code_and_the_code_signs_the_clerk_in(client):
    clerk = staff_user(Role.CLERK, username="clerk_demo")
    TOTPDeviceFactory(user=clerk, key=DEMO_TOTP_KEY)

    code = demo_otp("clerk_demo")
    password_step(client, "clerk_demo")
    response = client.post("/accounts/otp/", {"otp_token": code})

    assert len(code) == 6 and code.isdigit()
    assert response.status_code == 302 and signed_in_as(client) == str(clerk.pk)


def test_it_refuses_an_account_without_an_authenticator():
    staff_user(Role.AUDITOR, username="auditor_demo")

    with pytest.raises(CommandError, match="没有已设置的动态口令"):
        demo_otp("auditor_demo")


def test_it_refuses_in_production(settings):
    settings.PRODUCTION = True
    TOTPDeviceFactory(user=staff_user(Role.CLERK, username="clerk_demo"))

    with pytest.raises(CommandError, match="生产环境"):
        demo_otp("clerk_demo")
