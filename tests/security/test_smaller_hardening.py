"""Issue 13, item 8: the smaller findings, one test each (the token endpoint's 429 is in
test_lockout.py, the certificate check's masking in tests/applications/test_public.py)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.views.defaults import server_error

from accounts.constants import Role
from applications.services import case_approve, case_draft_create, case_take
from registers.models import DataAccess
from tests.applications.test_integrity import PDF
from tests.factories import (
    AddressFactory,
    CaseFactory,
    HouseholdFactory,
    TOTPDeviceFactory,
    UserFactory,
    sign_in_verified,
    totp_code,
)
from tests.process import complete_and_check

from .helpers import password_step, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def station_case():
    address = AddressFactory(zone="central_urban")
    clerk = UserFactory(clerk=True, station=address.station)
    family = HouseholdFactory(address=AddressFactory(zone="county_town"))
    case = CaseFactory(
        submitted=True, bare=True, applicant=UserFactory(email_verified=True), address=address, person=family.head
    )
    return case, clerk


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"])
def test_the_upload_does_not_redirect_off_the_site(target, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = UserFactory(email_verified=True)
    case = case_draft_create(applicant=applicant, city="qujing", pathway="residence")
    browser = Client()
    browser.force_login(applicant)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")

    response = browser.post(f"/my/cases/{case.pk}/documents/", {"kind": "id_card", "file": upload, "next": target})

    assert response.status_code == 302 and response.url == f"/my/cases/{case.pk}/review/"


def test_the_upload_still_goes_back_to_a_page_of_the_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = UserFactory(email_verified=True)
    case = case_draft_create(applicant=applicant, city="qujing", pathway="residence")
    browser = Client()
    browser.force_login(applicant)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")

    response = browser.post(
        f"/my/cases/{case.pk}/documents/", {"kind": "id_card", "file": upload, "next": f"/my/cases/{case.pk}/"}
    )

    assert response.url == f"/my/cases/{case.pk}/"


def test_staff_pages_with_identity_numbers_are_never_stored(station_case):
    case, clerk = station_case
    browser = sign_in_verified(Client(), clerk)

    for url in ("/station/queue/", f"/station/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/"):
        response = browser.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], url


def test_a_staff_session_ends_after_the_idle_timeout_and_an_applicants_does_not(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    clerk = staff_user(Role.CLERK)
    device = TOTPDeviceFactory(user=clerk)
    password_step(client, clerk.username)
    client.post("/accounts/otp/", {"otp_token": totp_code(device)})
    applicant = Client()
    applicant.force_login(UserFactory(email_verified=True))

    assert client.session.get_expiry_age() == 30 * 60
    assert applicant.session.get_expiry_age() == settings.SESSION_COOKIE_AGE  # two weeks
    assert client.get("/station/queue/").status_code == 200
    idle = timezone.now() - datetime.timedelta(seconds=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=idle)
    assert client.get("/station/queue/").status_code == 302  # signed out: to the sign-in page


def test_the_clerks_certificate_download_is_recorded(station_case):
    case, clerk = station_case
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)
    case = case_approve(case=case, clerk=clerk)
    browser = sign_in_verified(Client(), clerk)

    response = browser.get(f"/station/cases/{case.pk}/certificate.pdf")

    assert response.status_code == 200
    downloads = DataAccess.objects.filter(user=clerk, action=DataAccess.Action.DOWNLOAD, id_number=case.id_number)
    assert downloads.filter(detail__contains=case.certificate.number).count() == 1


def test_a_refused_attempt_on_another_stations_case_is_recorded(station_case):
    case, _clerk = station_case
    stranger = UserFactory(clerk=True)
    browser = sign_in_verified(Client(), stranger)

    page = browser.get(f"/station/cases/{case.pk}/")
    api = browser.get(f"/api/v1/cases/{case.pk}/")
    nothing = browser.get("/station/cases/999999/")

    assert (page.status_code, api.status_code, nothing.status_code) == (404, 404, 404)
    denied = DataAccess.objects.filter(user=stranger, action=DataAccess.Action.DENIED)
    assert denied.filter(id_number=case.id_number).count() == 2  # the page and the API
    assert denied.count() == 2  # no record for a case that does not exist


def test_the_language_cookie_is_http_only_and_same_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    cookie = response.cookies["django_language"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"


def test_the_403_page_is_the_portals_in_chinese_and_in_english(client):
    client.force_login(UserFactory(email_verified=True))

    chinese = client.get("/station/queue/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/station/queue/")

    assert chinese.status_code == 403 and "无权访问" in chinese.content.decode()
    assert 'class="site-header"' in chinese.content.decode() and "Forbidden" not in chinese.content.decode()
    assert english.status_code == 403 and "Access denied" in english.content.decode()


def test_the_404_page_is_the_portals(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_the_500_page_is_the_portals_in_chinese_and_in_english():
    request = RequestFactory().get("/")

    chinese = server_error(request)
    with translation.override("en"):
        english = server_error(request)

    assert chinese.status_code == 500 and "服务暂时出错" in chinese.content.decode()
    assert 'class="site-header"' in chinese.content.decode() and "Server Error" not in chinese.content.decode()
    assert "Something went wrong" in english.content.decode()


def test_a_refused_attempt_on_another_stations_residence_permit_is_recorded():
    from tests.factories import ResidencePermitFactory

    permit = ResidencePermitFactory()
    stranger = UserFactory(clerk=True)
    browser = sign_in_verified(Client(), stranger)

    page = browser.get(f"/station/residence/permits/{permit.pk}/")
    api = browser.get(f"/api/v1/residence-permits/{permit.pk}/")

    assert (page.status_code, api.status_code) == (404, 404)
    denied = DataAccess.objects.filter(user=stranger, action=DataAccess.Action.DENIED, id_number=permit.id_number)
    assert denied.count() == 2
