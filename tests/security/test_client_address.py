"""Issue 13, item 4: the client's address behind the reverse proxy (common/client_address.py), in
both set-ups: no trusted proxy (the peer is the client, X-Forwarded-For is ignored), and a
trusted proxy (its X-Forwarded-For names the client). Lockout, the public lookup's allowance and
the access log all use it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from accounts.constants import Role
from common.client_address import client_ip
from registers.models import DataAccess
from tests.factories import PersonFactory, UserFactory, sign_in_verified

from .helpers import password_step, staff_user

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.5"
WRONG = "Wrong-password-1"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["172.18.0.0/16"]


def request_from(peer, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


def test_without_a_trusted_proxy_the_peer_is_the_client_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_hop_not_ours(behind_the_proxy):
    assert client_ip(request_from(PROXY, "203.0.113.7")) == "203.0.113.7"
    # What the client wrote itself comes first; the proxy appended the real peer.
    assert client_ip(request_from(PROXY, "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from(PROXY, "203.0.113.7, 172.18.0.9")) == "203.0.113.7"
    assert client_ip(request_from(PROXY, "[2001:db8::1]:4711")) == "2001:db8::1"
    assert client_ip(request_from(PROXY)) == PROXY


def test_a_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(behind_the_proxy):
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def fail_five_times(client, login, **extra):
    for _ in range(5):
        password_step(client, login, WRONG, **extra)


def test_behind_the_proxy_one_visitor_cannot_lock_a_clerk_out_for_everyone(client, behind_the_proxy):
    UserFactory(email="zhao@example.cn", email_verified=True)
    fail_five_times(client, "zhao@example.cn", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")

    attacker = password_step(client, "zhao@example.cn", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    owner = password_step(client, "zhao@example.cn", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert attacker.status_code == 429
    assert owner.status_code == 302


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lockout(client, settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(email="zhao@example.cn", email_verified=True)
    fail_five_times(client, "zhao@example.cn", REMOTE_ADDR="198.51.100.1")

    forged = password_step(client, "zhao@example.cn", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert forged.status_code == 429


def test_behind_the_proxy_the_lookup_allowance_is_per_visitor(client, behind_the_proxy):
    def lookup(n, visitor):
        data = {"reference": f"QJ-2026-9999{n:02d}", "id_last6": "000000"}
        return client.post("/status/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor).status_code

    first = [lookup(n, "198.51.100.1") for n in range(11)]

    assert first[-1] == 429
    assert lookup(0, "203.0.113.7") == 404


def test_the_access_log_keeps_the_clients_address(client, behind_the_proxy):

    sign_in_verified(client, staff_user(Role.AUDITOR))
    person = PersonFactory()

    client.get(f"/admin/registers/person/{person.pk}/change/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert DataAccess.objects.filter(person=person).values_list("ip", flat=True).first() == "203.0.113.7"
