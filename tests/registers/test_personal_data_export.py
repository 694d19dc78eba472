"""The personal-data export: an auditor downloads what the portal holds about one person; an
applicant downloads what their own account holds. Every export is itself recorded."""

import datetime
import json

import pytest
from django.test import Client

from accounts.constants import Role
from accounts.services import user_create
from applications.constants import CaseStatus, EventKind
from applications.models import Case, CaseRelative, Certificate
from hukou_portal.export import person_data_export
from registers.models import DataAccess
from tests.factories import (
    PASSWORD,
    DocumentFactory,
    HouseholdFactory,
    MembershipFactory,
    ResidencePermitFactory,
    UserFactory,
    sign_in_verified,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    """The head of a household who once lived in another one."""
    household = HouseholdFactory()
    MembershipFactory(
        person=household.head,
        household=HouseholdFactory(),
        since=datetime.date(2000, 1, 1),
        until=datetime.date(2010, 4, 30),
        left_by="move_out",
    )
    return household.head


@pytest.fixture
def applicant():
    return UserFactory(email="li@example.cn", email_verified=True, first_name="李娜")


def decided_case(applicant, person, *, reference="QJ-2026-000777"):
    """A completed case with the person as applicant, a document and a certificate."""
    case = Case.objects.create(
        applicant=applicant,
        id_number=person.id_number,
        name=person.name,
        person=person,
        city="qujing",
        pathway="residence",
        status=CaseStatus.COMPLETED,
        reference=reference,
        station=person.memberships.first().household.station,
        submitted_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
        facts={"applicant": {"housing": {"kind": "owned"}}},
    )
    DocumentFactory(case=case, original_name="身份证.pdf", size=1234, sha256="a" * 64, uploaded_by=applicant)
    case.events.create(kind=EventKind.COMPLETED, actor=None, message="办结")
    Certificate.objects.create(
        case=case,
        number=reference.replace("QJ-", "QJ-ZQ-"),
        code=f"CODE{reference[-6:]}",
        title="准予迁入证明",
        issued_by=UserFactory(clerk=True),
        holders=[{"name": person.name, "id_number": person.masked_id_number}],
        destination="曲靖市麒麟区",
    )
    return case


def auditor_client():
    auditor = user_create(username="auditor-x", password=PASSWORD, role=Role.AUDITOR)
    return auditor, sign_in_verified(Client(), auditor)


def test_an_auditor_exports_everything_the_portal_holds_about_a_person(person, applicant):
    case = decided_case(applicant, person)
    other = Case.objects.create(applicant=UserFactory(), id_number="", name="王芳", city="qujing")
    CaseRelative.objects.create(case=other, position=1, name=person.name, id_number=person.id_number, relation="child")
    permit = ResidencePermitFactory(case__id_number=person.id_number, case__name=person.name)
    clerk = UserFactory(clerk=True, username="clerk-looked")
    DataAccess.objects.create(user=clerk, action="view", person=person, id_number=person.id_number, subject="人员 x")
    auditor, client = auditor_client()

    response = client.post(f"/admin/registers/person/{person.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["id_number"] == person.id_number and data["exported_by"] == "auditor-x"
    assert [m["current"] for m in data["memberships"]] == [False, True]
    roles = {c["reference"] or "draft": c["role"] for c in data["cases"]}
    assert roles == {case.reference: "applicant", permit.case.reference: "applicant", "draft": "relative"}
    mine = next(c for c in data["cases"] if c["reference"] == case.reference)
    assert mine["documents"][0]["original_name"] == "身份证.pdf" and mine["documents"][0]["size"] == 1234
    assert mine["certificate"]["number"] == "QJ-ZQ-2026-000777"
    assert (
        mine["facts"] == {"applicant": {"housing": {"kind": "owned"}}}
        and mine["filed_by_account"] == applicant.username
    )
    theirs = next(c for c in data["cases"] if c["role"] == "relative")
    assert theirs["facts"] is None and theirs["relatives"][0]["id_number"] == person.id_number
    assert [p["number"] for p in data["residence_permits"]] == [permit.number]
    assert [(a["user"], a["action"]) for a in data["access_records"]] == [("clerk-looked", "查看")]


def test_every_export_is_recorded_as_an_export_by_the_auditor(person):
    auditor, client = auditor_client()
    client.post(f"/admin/registers/person/{person.pk}/export/")
    client.post(f"/admin/registers/person/{person.pk}/export/")
    records = DataAccess.objects.filter(action=DataAccess.Action.EXPORT)
    assert records.count() == 2
    assert {(r.user, r.person, r.id_number) for r in records} == {(auditor, person, person.id_number)}
    # The second export lists the first one.
    data = json.loads(client.post(f"/admin/registers/person/{person.pk}/export/").content)
    assert [a["action"] for a in data["access_records"]] == ["导出", "导出"]


def test_the_person_page_offers_the_export_to_auditors_only(person):
    _, client = auditor_client()
    page = client.get(f"/admin/registers/person/{person.pk}/change/").content.decode()
    assert f"/admin/registers/person/{person.pk}/export/" in page
    clerk = user_create(
        username="clerk-x", password=PASSWORD, role=Role.CLERK, station=person.memberships.last().household.station
    )
    page = sign_in_verified(Client(), clerk).get(f"/admin/registers/person/{person.pk}/change/").content.decode()
    assert "/export/" not in page


def test_staff_other_than_auditors_may_not_export_and_nothing_is_recorded(person):
    clerk = user_create(
        username="clerk-x", password=PASSWORD, role=Role.CLERK, station=person.memberships.last().household.station
    )
    response = sign_in_verified(Client(), clerk).post(f"/admin/registers/person/{person.pk}/export/")
    assert response.status_code == 403
    assert not DataAccess.objects.filter(action=DataAccess.Action.EXPORT).exists()


def test_an_export_needs_a_post_and_an_unknown_person_is_a_404(person):
    _, client = auditor_client()
    assert client.get(f"/admin/registers/person/{person.pk}/export/").status_code == 405
    assert client.post("/admin/registers/person/999999999/export/").status_code == 404
    assert not DataAccess.objects.exists()


def test_an_applicant_downloads_their_own_accounts_data(person, applicant):
    case = decided_case(applicant, person)
    CaseRelative.objects.create(case=case, position=1, name="王芳", id_number="530302198503040028", relation="spouse")
    permit = ResidencePermitFactory(case__applicant=applicant)
    clerk = UserFactory(clerk=True, username="clerk-looked")
    DataAccess.objects.create(user=clerk, action="view", id_number=case.id_number, subject=f"业务 {case.reference}")
    DataAccess.objects.create(user=clerk, action="view", id_number=case.id_number, subject="人员 not about the account")
    decided_case(
        UserFactory(email_verified=True), HouseholdFactory().head, reference="QJ-2026-000999"
    )  # someone else's
    client = Client()
    client.force_login(applicant)

    assert 'action="/my/data.json"' in client.get("/my/cases/").content.decode()
    response = client.post("/my/data.json")

    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "li@example.cn"
    assert [c["reference"] for c in data["cases"]] == [case.reference, permit.case.reference]
    assert data["cases"][0]["relatives"][0]["id_number"] == "530302********0028"
    assert data["cases"][0]["certificate"]["number"] == "QJ-ZQ-2026-000777"
    assert [p["number"] for p in data["residence_permits"]] == [permit.number]
    # Who looked at their case: by role, never by name or address.
    assert data["access_records"] == [
        {
            "at": data["access_records"][0]["at"],
            "action": "查看",
            "by_role": "户籍民警",
            "subject": f"业务 {case.reference}",
            "detail": "",
        }
    ]
    assert "clerk-looked" not in response.content.decode()


def test_an_applicants_download_is_recorded_for_each_identity_it_discloses(person, applicant):
    decided_case(applicant, person)
    client = Client()
    client.force_login(applicant)
    client.post("/my/data.json")
    record = DataAccess.objects.get(action=DataAccess.Action.EXPORT)
    assert (record.user, record.person, record.id_number) == (applicant, person, person.id_number)
    assert record.subject == f"账户 {applicant.username}"


def test_an_account_with_nothing_yet_still_leaves_a_record(applicant):
    client = Client()
    client.force_login(applicant)
    data = json.loads(client.post("/my/data.json").content)
    assert data["cases"] == [] and data["residence_permits"] == []
    assert DataAccess.objects.get(action=DataAccess.Action.EXPORT).id_number == ""


def test_only_a_signed_in_applicant_downloads_and_only_with_a_post(applicant):
    assert Client().post("/my/data.json").status_code == 302
    client = Client()
    client.force_login(applicant)
    assert client.get("/my/data.json").status_code == 405
    assert sign_in_verified(Client(), UserFactory(clerk=True)).post("/my/data.json").status_code == 403
    assert not DataAccess.objects.exists()


def test_the_export_reads_a_bounded_number_of_queries_however_many_cases(
    person, applicant, django_assert_max_num_queries
):
    auditor, _ = auditor_client()
    for n in range(6):
        decided_case(applicant, person, reference=f"QJ-2026-00010{n}")
    with django_assert_max_num_queries(20):
        data = person_data_export(person=person, actor=auditor)
    assert len(data["cases"]) == 6
