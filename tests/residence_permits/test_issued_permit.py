"""A really issued permit: its number and validity, the PDF card with its QR code, the public check."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eligibility.dates import add_months
from registers.models import DataAccess
from residence_permits.constants import PermitEventKind
from tests.applications.test_public import pdf_text
from tests.factories import CaseFactory, ResidencePermitFactory, ResidenceRegistrationFactory

from .helpers import clerk_of, signed_in

pytestmark = pytest.mark.django_db


def issue(registration):
    """Apply, submit and approve through the services (CaseFactory): a permit as the station issues it."""
    clerk = clerk_of(registration.station)
    return CaseFactory(completed=True, registration=registration, clerk=clerk).residence_permit, clerk


def test_approval_issues_a_numbered_permit_valid_for_the_citys_term(holder):
    registration = ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=45)
    permit, clerk = issue(registration)
    today = timezone.localdate()
    assert permit.number == f"QJ-JZ-{today.year}-000001" and len(permit.code) == 12
    assert (permit.name, permit.id_number, permit.address) == (
        registration.name,
        registration.id_number,
        registration.address,
    )
    assert permit.issued_on == today and permit.valid_until == add_months(today, 12)
    assert permit.residence_since == registration.counted_since and permit.registration == registration
    assert [e.kind for e in permit.events.all()] == [PermitEventKind.ISSUED]
    second, _ = issue(ResidenceRegistrationFactory(days_ago=45))
    assert second.number == f"QJ-JZ-{today.year}-000002"


def test_the_card_is_a_pdf_with_the_holder_and_the_verification_address(holder, holder_client):
    permit, clerk = issue(ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=45))
    response = holder_client.get(f"/my/residence/permits/{permit.pk}/card.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert permit.number in text and permit.id_number in text and permit.name in text
    assert f"/verify/{permit.code}/" in text and "有效期至" in text
    assert f"{permit.valid_until.year}年{permit.valid_until.month}月{permit.valid_until.day}日" in text
    assert len(re.findall(rb"/Type /Page\b(?!s)", response.content)) == 1  # one card

    staff = signed_in(clerk).get(f"/station/residence/permits/{permit.pk}/card.pdf")
    assert staff.status_code == 200
    assert DataAccess.objects.filter(user=clerk, action="download", id_number=permit.id_number).exists()


def test_the_public_check_shows_masked_essentials_of_a_real_permit(client, holder):
    permit, _ = issue(ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=45))
    page = client.get(f"/verify/{permit.code}/")
    text = page.content.decode()
    assert page.status_code == 200 and permit.number in text and "当前有效" in text
    assert permit.masked_id_number in text and permit.id_number not in text
    assert permit.address.detail not in text
    spaced = " ".join(permit.code[i : i + 4] for i in range(0, 12, 4)).lower()
    assert permit.number in client.get("/verify/", {"code": spaced}).content.decode()
    assert client.get("/verify/ABCDEFGHJKLM/").status_code == 404


def test_the_public_check_tells_a_suspended_or_cancelled_permit(client):
    suspended, cancelled = ResidencePermitFactory(suspended=True), ResidencePermitFactory(cancelled=True)
    assert "使用功能中止" in client.get(f"/verify/{suspended.code}/").content.decode()
    assert "已注销" in client.get(f"/verify/{cancelled.code}/").content.decode()


def test_the_permit_checks_first_address_printed_on_older_cards_leads_to_the_one_check(client):
    permit = ResidencePermitFactory()
    moved = client.get(f"/residence-permits/verify/{permit.code}/")
    assert moved.status_code == 301 and moved["Location"] == f"/verify/{permit.code}/"
    typed = client.get("/residence-permits/verify/", {"code": permit.code})
    assert typed.status_code == 301 and typed["Location"] == f"/verify/?code={permit.code}"
    assert permit.number in client.get(typed["Location"]).content.decode()


def test_a_holder_sees_only_their_own_permit_and_staff_only_their_stations(holder_client):
    other = ResidencePermitFactory()
    assert holder_client.get(f"/my/residence/permits/{other.pk}/").status_code == 404
    assert holder_client.get(f"/my/residence/permits/{other.pk}/card.pdf").status_code == 404
    stranger = signed_in(clerk_of(ResidencePermitFactory().station))
    assert stranger.get(f"/station/residence/permits/{other.pk}/").status_code == 404


def test_a_clerk_opening_a_permit_is_recorded(holder):
    permit = ResidencePermitFactory()
    clerk = clerk_of(permit.station)
    page = signed_in(clerk).get(f"/station/residence/permits/{permit.pk}/").content.decode()
    assert permit.id_number in page
    assert DataAccess.objects.filter(user=clerk, action="view", subject=f"居住证 {permit.number}").count() == 1
    listing = signed_in(clerk).get("/station/residence/").content.decode()
    assert permit.masked_id_number in listing and permit.id_number not in listing


def test_the_stations_permit_list_costs_the_same_queries_however_long(django_assert_max_num_queries):
    first = ResidencePermitFactory()
    clerk = signed_in(clerk_of(first.station))
    for _ in range(6):
        ResidencePermitFactory(case__address=first.address)
    with django_assert_max_num_queries(12):
        assert clerk.get("/station/residence/").status_code == 200


def test_the_holders_page_costs_the_same_queries_however_many_permits(holder):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/my/residence/").status_code == 200
        return len(captured)

    client = signed_in(holder)
    ResidencePermitFactory(case__applicant=holder, in_window=True)
    queries()  # the city's rule book is now in the process cache
    one = queries()
    ResidencePermitFactory.create_batch(3, case__applicant=holder, in_window=True)
    assert queries() == one
