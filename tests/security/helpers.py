"""Helpers of the security tests: a user of each staff role, the password step of signing in."""

from accounts.constants import Role
from accounts.services import user_create
from tests.factories import PASSWORD, PoliceStationFactory, totp_code

# What each staff role needs besides its name: clerks a station, supervisors a city.
ROLE_FIELDS = {
    Role.CLERK: lambda: {"station": PoliceStationFactory()},
    Role.SUPERVISOR: lambda: {"city": "qujing"},
    Role.RULE_ADMIN: dict,
    Role.AUDITOR: dict,
}
STATION_ROLES = {Role.CLERK, Role.SUPERVISOR}  # the queue and the staff API are theirs


def staff_user(role: str, username: str = ""):
    return user_create(username=username or f"{role}-1", password=PASSWORD, role=role, **ROLE_FIELDS[role]())


def password_step(client, login: str, password: str = PASSWORD, *, next_url: str = "", **headers):
    data = {"username": login, "password": password, **({"next": next_url} if next_url else {})}
    return client.post("/accounts/login/", data, **headers)


def signed_in_as(client):
    """The primary key of the user the client's session is signed in as, or None."""
    return client.session.get("_auth_user_id")


def wrong_code(device) -> str:
    """Six digits far from the code the device shows now (and from its neighbours in time)."""
    return f"{(int(totp_code(device)) + 500000) % 1000000:06d}"
