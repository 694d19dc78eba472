"""Content-Security-Policy (django-csp) on every response, and pages that need no exception to it:
no inline script, no event-handler attribute, no inline style, nothing loaded from elsewhere."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.constants import Role
from tests.factories import UserFactory, sign_in_verified

from .helpers import staff_user

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
ELSEWHERE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/sign-up/",
    "/eligibility/check/",
    "/eligibility/compare/",
    "/eligibility/check/?city=dehong",
    "/eligibility/guide/",
    "/eligibility/guide/lincang/residence/",
    "/status/",
    "/verify/",
]
APPLICANT_PAGES = ["/my/cases/", "/my/cases/new/", "/my/residence/", "/accounts/security/", "/accounts/otp/set-up/"]
STAFF_PAGES = ["/station/queue/", "/station/batches/", "/station/residence/", "/station/statistics/"]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def assert_needs_no_exception(response, url: str) -> None:
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), url
    assert not EVENT_HANDLER.search(html), url
    assert not STYLE_ATTRIBUTE.search(html), url
    assert "javascript:" not in html.lower(), url
    assert not ELSEWHERE.search(html), url


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere(client):
    directives = policy(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)


def test_the_api_answers_carry_the_policy_too(client):
    assert "Content-Security-Policy" in client.get("/api/schema/")


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_the_policy_and_need_no_exception(client, url):
    response = client.get(url)

    assert response.status_code == 200, url
    assert "'unsafe-inline'" not in policy(response)["script-src"]
    assert_needs_no_exception(response, url)


def test_applicant_pages_carry_the_policy_and_need_no_exception(client):
    client.force_login(UserFactory(email_verified=True))

    for url in APPLICANT_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src" in policy(response)
        assert_needs_no_exception(response, url)


def test_staff_pages_carry_the_policy_and_need_no_exception(client):
    sign_in_verified(client, staff_user(Role.SUPERVISOR))

    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src" in policy(response)
        assert_needs_no_exception(response, url)


def test_every_admin_list_add_and_change_page_works_under_the_policy(admin_client):
    staff_user(Role.CLERK)  # a user, a station, a region: something to open in the change forms
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls += [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))

    for url in urls:
        response = admin_client.get(url)
        assert response.status_code in (200, 403), url  # 403: an admin that adds nothing by hand
        assert "script-src" in policy(response)
        if response.status_code == 200:
            assert_needs_no_exception(response, url)
