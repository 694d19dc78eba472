"""Whole journeys through the views, as an applicant and a clerk use them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.constants import CaseStatus
from applications.models import Case, Consent
from applications.services import case_prescreen
from notices.models import Notice
from registers.models import Membership, Person
from tests.factories import HouseholdFactory, PersonFactory, UserFactory, sign_in_verified
from tests.process import complete_and_check, verify

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONFIRMED = {"confirmed": "1"}  # the second POST, from the confirmation page


@pytest.fixture
def applicant_client(client, applicant_user):
    applicant_user.email_verified = True
    applicant_user.save()
    client.force_login(applicant_user)
    return client


@pytest.fixture
def clerk_client(client_factory, clerk):
    c = sign_in_verified(client_factory(), clerk)
    c.session_user = clerk
    return c


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def verify_online(client, person):
    """The applicant verifies their account's identity online (the demo service reads the register)."""
    response = client.post("/accounts/identity/", {"name": person.name, "id_number": person.id_number})
    assert response.status_code == 302, response.content.decode()[-2000:]


def check_all(clerk_client, case):
    """The clerk compares each document with its original and finds it matching."""
    for document in case.documents.filter(check_result="unchecked"):
        response = clerk_client.post(f"/station/cases/{case.pk}/documents/{document.pk}/check/", {"result": "passed"})
        assert response.status_code == 302


def consent_as(client, person):
    """``person`` signs in to their own account, verifies it, and agrees to every request for them."""
    user = UserFactory(email_verified=True)
    client.force_login(user)
    verify_online(client, person)
    for consent in Consent.objects.filter(id_number=person.id_number, status="pending"):
        assert client.post(f"/my/consents/{consent.pk}/answer/", {"answer": "accept"}).status_code == 302
    return user


def upload(client, case, kind, content=PDF, name=None):
    return client.post(
        f"/my/cases/{case.pk}/documents/",
        {
            "kind": kind,
            "file": SimpleUploadedFile(name or f"{kind}.pdf", content, content_type="application/pdf"),
        },
    )


def apply_for_residence(client, station_address, head, spouse):
    verify_online(client, head)
    response = client.post("/my/cases/new/", {"kind": "settlement", "city": "qujing", "pathway": "residence"})
    case = Case.objects.latest("pk")
    assert response.url == f"/my/cases/{case.pk}/edit/"
    response = client.post(
        f"/my/cases/{case.pk}/edit/",
        {
            "name": head.name,
            "id_number": head.id_number,
            "address": station_address.pk,
            "household": "new",
            "applicant__housing__kind": "owned",
            "relatives-TOTAL_FORMS": "2",
            "relatives-INITIAL_FORMS": "0",
            "relatives-0-name": spouse.name,
            "relatives-0-id_number": spouse.id_number,
            "relatives-0-relation": "spouse",
            "relatives-0-co_resident": "true",
            "review": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Case.objects.get(pk=case.pk)


def test_the_whole_settlement_journey(applicant_client, clerk_client, client_factory, station_address, family):
    old_household, head, spouse = family
    case = apply_for_residence(applicant_client, station_address, head, spouse)
    for kind in ("id_card", "household_booklet", "property_certificate", "kinship_proof"):
        assert upload(applicant_client, case, kind).status_code == 302
    review = applicant_client.get(f"/my/cases/{case.pk}/review/").content.decode()
    assert "符合条件" in review and "曲政发〔2015〕82号 第（四）条" in review

    asked = applicant_client.post(f"/my/cases/{case.pk}/submit/").content.decode()
    assert "还缺必需材料" in asked and "结婚证" in asked  # what is missing, and what submitting now means
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    applicant_client.post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})
    applicant_client.post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})  # a double click
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and Case.objects.count() == 1
    case_prescreen(case_id=case.pk)  # what the Celery task does after the commit

    queue = clerk_client.get("/station/queue/").content.decode()
    assert case.reference in queue and head.id_number not in queue and case.masked_id_number in queue
    clerk_client.post(f"/station/cases/{case.pk}/take/")
    clerk_client.post(
        f"/station/cases/{case.pk}/request/",
        {"item_marriage_certificate": "on", "reason_marriage_certificate": "请补充结婚证"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DOCUMENTS

    detail = applicant_client.get(f"/my/cases/{case.pk}/").content.decode()
    assert "请补充结婚证" in detail and "户籍民警" in detail and "clerk" not in detail
    upload(applicant_client, case, "marriage_certificate")
    applicant_client.post(f"/my/cases/{case.pk}/answer/", {"answer": "已上传结婚证"})
    check_all(clerk_client, case)
    clerk_client.post(f"/station/cases/{case.pk}/approve/", CONFIRMED)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW  # the spouse has not consented yet
    consent_as(client_factory(), spouse)
    clerk_client.post(f"/station/cases/{case.pk}/approve/", CONFIRMED)
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED

    for person in (head, spouse):
        history = list(Membership.objects.filter(person=person).order_by("since", "pk"))
        assert [m.household == old_household for m in history] == [True, False]
        assert history[0].left_by == "move_out" and history[1].until is None
        assert history[1].household.address == station_address
    certificate = case.certificate
    pdf = applicant_client.get(f"/my/cases/{case.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    verified = applicant_client.get(f"/verify/{certificate.code}/").content.decode()
    assert certificate.number in verified and spouse.id_number not in verified


def test_a_refusal_journey_cites_the_clause(applicant_client, clerk_client, station_address, family):
    _, head, spouse = family
    case = apply_for_residence(applicant_client, station_address, head, spouse)
    applicant_client.post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})
    clerk_client.post(f"/station/cases/{case.pk}/take/")
    clause = "曲政发〔2015〕82号 第（四）条"
    clerk_client.post(f"/station/cases/{case.pk}/refuse/", {"clause": clause, "text": "房产证系伪造", **CONFIRMED})
    case.refresh_from_db()
    assert case.status == CaseStatus.REFUSED and case.decision_clause == clause
    detail = applicant_client.get(f"/my/cases/{case.pk}/").content.decode()
    assert clause in detail and "房产证系伪造" in detail
    assert Membership.objects.get(person=head, until__isnull=True).household == family[0]


def test_a_newborn_is_registered_in_the_parents_household(
    applicant_client, clerk_client, station_address, applicant_user
):
    household = HouseholdFactory(address=station_address)
    parent = household.head
    verify_online(applicant_client, parent)
    applicant_client.post("/my/cases/new/", {"kind": "newborn", "city": "qujing"})
    case = Case.objects.latest("pk")
    response = applicant_client.post(
        f"/my/cases/{case.pk}/edit/",
        {
            "name": parent.name,
            "id_number": parent.id_number,
            "child_name": "张小宝",
            "sex": "female",
            "birth_date": "2026-11-01",
            "born_in_china": "true",
            "has_birth_permit": "false",
            "register_number": household.register_number,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    for kind in ("medical_birth_certificate", "household_booklet", "id_card"):
        upload(applicant_client, case, kind)
    applicant_client.post(f"/my/cases/{case.pk}/submit/")
    clerk_client.post(f"/station/cases/{case.pk}/take/")
    check_all(clerk_client, case)
    asked = clerk_client.post(f"/station/cases/{case.pk}/approve/").content.decode()
    assert "新生儿 张小宝" in asked and household.register_number in asked
    assert not Person.objects.filter(name="张小宝").exists()
    clerk_client.post(f"/station/cases/{case.pk}/approve/", CONFIRMED)
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED
    baby = Person.objects.get(name="张小宝")
    assert baby.birth_date == datetime.date(2026, 11, 1) and baby.sex == "female"
    assert baby.id_number.startswith("53030220261101") and int(baby.id_number[16]) % 2 == 0  # a girl: even
    membership = Membership.objects.get(person=baby, until__isnull=True)
    assert membership.household == household and membership.joined_by == "birth"


def test_a_death_closes_the_membership(applicant_client, clerk_client, station_address):
    household = HouseholdFactory(address=station_address)
    deceased = PersonFactory(birth_date=datetime.date(1940, 2, 2))
    Membership.objects.create(
        person=deceased, household=household, relation="parent", since=datetime.date(2000, 1, 1), joined_by="move_in"
    )
    head = household.head
    verify_online(applicant_client, head)
    applicant_client.post("/my/cases/new/", {"kind": "death", "city": "qujing"})
    case = Case.objects.latest("pk")
    applicant_client.post(
        f"/my/cases/{case.pk}/edit/",
        {
            "name": head.name,
            "id_number": head.id_number,
            "deceased_id_number": deceased.id_number,
            "date": "2026-11-10",
            "register_number": household.register_number,
        },
    )
    for kind in ("death_certificate", "household_booklet"):
        upload(applicant_client, case, kind)
    applicant_client.post(f"/my/cases/{case.pk}/submit/")
    clerk_client.post(f"/station/cases/{case.pk}/take/")
    check_all(clerk_client, case)
    asked = clerk_client.post(f"/station/cases/{case.pk}/approve/").content.decode()
    assert f"将登记 {deceased.name} 死亡" in asked
    deceased.refresh_from_db()
    assert deceased.death_date is None
    clerk_client.post(f"/station/cases/{case.pk}/approve/", CONFIRMED)
    deceased.refresh_from_db()
    assert deceased.death_date == datetime.date(2026, 11, 10)
    closed = Membership.objects.get(person=deceased, household=household)
    assert closed.left_by == "death" and closed.until == datetime.date(2026, 11, 10)


def test_a_move_from_outside_waits_for_the_migration_certificate(
    applicant_client, applicant_user, clerk_client, station_address
):
    from tests.factories import id_number_for

    newcomer = id_number_for("110105", datetime.date(1990, 6, 1), 13)  # Beijing, not in the portal's register
    verify(applicant_user, name="外来人", id_number=newcomer)  # at the counter: not in the portal's register
    applicant_client.post("/my/cases/new/", {"kind": "settlement", "city": "qujing", "pathway": "residence"})
    case = Case.objects.latest("pk")
    applicant_client.post(
        f"/my/cases/{case.pk}/edit/",
        {
            "name": "外来人",
            "id_number": newcomer,
            "address": station_address.pk,
            "household": "new",
            "origin_address": "北京市西城区金融大街1号",
            "applicant__employment__stable": "true",
            "relatives-TOTAL_FORMS": "0",
            "relatives-INITIAL_FORMS": "0",
        },
    )
    applicant_client.post(f"/my/cases/{case.pk}/submit/", {"confirm_missing": "1"})
    clerk_client.post(f"/station/cases/{case.pk}/take/")
    case.refresh_from_db()
    complete_and_check(case, clerk_client.session_user)
    asked = clerk_client.post(f"/station/cases/{case.pk}/approve/").content.decode()
    assert "户口准迁证（电子）" in asked and "不在本平台户籍库" in asked
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_REVIEW
    clerk_client.post(f"/station/cases/{case.pk}/approve/", CONFIRMED)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.certificate.title == "户口准迁证（电子）"
    assert not Person.objects.filter(id_number=newcomer).exists()
    clerk_client.post(
        f"/station/cases/{case.pk}/move-in/",
        {
            "migration_certificate": "QY2026-0001",
            "origin_authority": "北京市公安局西城分局",
            "issued_on": "2026-11-20",
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED
    membership = Membership.objects.get(person__id_number=newcomer, until__isnull=True)
    assert membership.household.head.id_number == newcomer and membership.household.address == station_address
    # The applicant hears of each step in the portal, the move-in last.
    told = list(Notice.objects.filter(recipient=case.applicant, channel="portal").values_list("event", flat=True))
    assert told[0] == "moved_in" and {"submitted", "accepted", "approved"} <= set(told)


def test_an_unverified_or_staff_user_cannot_use_the_applicant_pages(client, clerk):
    client.force_login(clerk)
    assert client.get("/my/cases/").status_code in (302, 403)
    client.force_login(UserFactory())
    assert client.get("/my/cases/").status_code == 302
