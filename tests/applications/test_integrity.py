"""Uploads, access across stations, bounded queries, and two clerks acting at once."""

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from applications.constants import CaseStatus
from applications.models import Case, Document
from applications.services import (
    CaseError,
    case_approve,
    case_draft_create,
    case_take,
    document_upload,
)
from registers.models import DataAccess, Household, Membership
from tests.factories import (
    AddressFactory,
    CaseFactory,
    DocumentFactory,
    HouseholdFactory,
    PersonFactory,
    UserFactory,
    sign_in_verified,
)
from tests.process import complete_and_check


def scanned(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (64, 48), 255).save(buffer, image_format)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = scanned("PNG")  # real images: an upload's header is read for its size (common/uploads.py)
JPEG = scanned("JPEG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


# --- Uploads ---------------------------------------------------------------------------------


@pytest.fixture
def draft(applicant_user, station_address):
    return case_draft_create(applicant=applicant_user, city="qujing", pathway="residence")


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "mime"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")])
def test_it_keeps_pdf_png_and_jpeg_recognised_by_content(draft, applicant_user, content, mime):
    document = document_upload(
        case=draft, actor=applicant_user, kind="id_card", upload=SimpleUploadedFile("scan.bin", content)
    )
    assert document.content_type == mime and document.size == len(content) and len(document.sha256) == 64
    assert document.file.name.startswith(f"documents/{draft.pk}/") and "scan" not in document.file.name
    with document.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", EXE, "只接受 PDF、JPEG、PNG"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "超过 10 MB"),
        ("empty.pdf", b"", "文件为空"),
        ("notes.txt.pdf", "这不是PDF".encode(), "只接受 PDF、JPEG、PNG"),
    ],
)
def test_it_refuses_disguised_oversized_and_empty_files(draft, applicant_user, name, content, message):
    with pytest.raises(CaseError, match=message):
        document_upload(case=draft, actor=applicant_user, kind="id_card", upload=SimpleUploadedFile(name, content))
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_says_what_is_wrong_and_keeps_the_draft(client, draft, applicant_user):
    applicant_user.email_verified = True
    applicant_user.save()
    client.force_login(applicant_user)
    response = client.post(
        f"/my/cases/{draft.pk}/documents/", {"kind": "id_card", "file": SimpleUploadedFile("virus.pdf", EXE)}
    )
    assert response.status_code == 200 and "只接受 PDF、JPEG、PNG" in response.content.decode()
    assert Case.objects.filter(pk=draft.pk, status=CaseStatus.DRAFT).exists()


# --- Who may see what ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_clerk_of_another_station_gets_404_everywhere(client, applicant_user, station_address, other_clerk):
    case = CaseFactory(submitted=True, bare=True, applicant=applicant_user, address=station_address)
    document = DocumentFactory(case=case)
    sign_in_verified(client, other_clerk)
    assert case.reference not in client.get("/station/queue/").content.decode()
    for url in (
        f"/station/cases/{case.pk}/",
        f"/station/cases/{case.pk}/documents/{document.pk}/",
        f"/station/cases/{case.pk}/certificate.pdf",
    ):
        assert client.get(url).status_code == 404, url
    for action in ("take", "approve", "refuse", "request", "correct", "extend", "move-in"):
        assert client.post(f"/station/cases/{case.pk}/{action}/").status_code == 404, action
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


@pytest.mark.django_db
def test_a_supervisor_sees_the_whole_city_but_not_another(client, applicant_user, station_address):
    case = CaseFactory(submitted=True, bare=True, applicant=applicant_user, address=station_address)
    sign_in_verified(client, UserFactory(supervisor=True, city="qujing"))
    assert client.get(f"/station/cases/{case.pk}/").status_code == 200
    sign_in_verified(client, UserFactory(supervisor=True, city="jilin"))
    assert client.get(f"/station/cases/{case.pk}/").status_code == 404


@pytest.mark.django_db
def test_another_applicant_gets_404(client, applicant_user, station_address):
    case = CaseFactory(submitted=True, bare=True, applicant=applicant_user, address=station_address)
    someone = UserFactory(email_verified=True)
    client.force_login(someone)
    assert client.get(f"/my/cases/{case.pk}/").status_code == 404
    assert client.post(f"/my/cases/{case.pk}/withdraw/").status_code == 404


@pytest.mark.django_db
def test_every_staff_view_of_a_case_is_recorded(client, applicant_user, station_address, clerk):
    spouse = PersonFactory(female=True)
    case = CaseFactory(
        submitted=True,
        bare=True,
        applicant=applicant_user,
        address=station_address,
        relatives=[{"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}],
    )
    sign_in_verified(client, clerk)
    client.get(f"/station/cases/{case.pk}/")
    records = DataAccess.objects.filter(user=clerk, subject=f"业务 {case.reference}")
    assert sorted(records.values_list("id_number", flat=True)) == sorted([case.id_number, spouse.id_number])
    assert set(records.values_list("action", flat=True)) == {"view"}


# --- Bounded queries -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("cases", [2, 25])
def test_the_queue_runs_a_bounded_number_of_queries(
    client, applicant_user, station_address, clerk, cases, django_assert_max_num_queries
):
    for _ in range(cases):
        CaseFactory(submitted=True, bare=True, applicant=applicant_user, address=station_address)
    sign_in_verified(client, clerk)
    with django_assert_max_num_queries(8):
        response = client.get("/station/queue/")
    assert response.status_code == 200 and response.content.decode().count("/station/cases/") == cases


@pytest.mark.django_db
@pytest.mark.parametrize("documents", [1, 12])
def test_the_case_page_runs_a_bounded_number_of_queries(
    client, applicant_user, station_address, clerk, documents, django_assert_max_num_queries
):
    relatives = [
        {"name": p.name, "id_number": p.id_number, "relation": "child", "co_resident": True, "married": False}
        for p in PersonFactory.create_batch(documents % 5 + 1)
    ]
    case = CaseFactory(
        submitted=True, bare=True, applicant=applicant_user, address=station_address, relatives=relatives
    )
    DocumentFactory.create_batch(documents, case=case)
    sign_in_verified(client, clerk)
    with django_assert_max_num_queries(24):
        response = client.get(f"/station/cases/{case.pk}/")
    assert response.status_code == 200


# --- Two clerks at once ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_approving_at_once_move_the_register_once(station_address, clerk):
    applicant = UserFactory()
    second_clerk = UserFactory(clerk=True, station=station_address.station)
    family = HouseholdFactory(address=AddressFactory(zone="county_town"))
    case = CaseFactory(submitted=True, bare=True, applicant=applicant, address=station_address, person=family.head)
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve_as(user):
        try:
            barrier.wait(timeout=10)
            case_approve(case=Case.objects.get(pk=case.pk), clerk=user)
            outcomes.append("approved")
        except CaseError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_as, args=(user,)) for user in (clerk, second_clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[0] == "approved" and outcomes.count("approved") == 1
    assert "已办结" in [o for o in outcomes if o != "approved"][0]
    memberships = Membership.objects.filter(person=family.head)
    assert memberships.count() == 2 and memberships.filter(until__isnull=True).count() == 1
    assert Household.objects.filter(address=station_address).count() == 1


@pytest.mark.django_db
def test_cases_in_the_admin_are_scoped_and_every_opening_recorded(client, applicant_user, station_address):
    from accounts.services import user_create

    case = CaseFactory(submitted=True, bare=True, applicant=applicant_user, address=station_address)
    outsider = user_create(username="sup-jilin", password="x-Demo-2026", role="supervisor", city="jilin")
    sign_in_verified(client, outsider)
    assert case.reference not in client.get("/admin/applications/case/").content.decode()
    assert client.get(f"/admin/applications/case/{case.pk}/change/").status_code == 302

    supervisor = user_create(username="sup-qujing", password="x-Demo-2026", role="supervisor", city="qujing")
    sign_in_verified(client, supervisor)
    listing = client.get("/admin/applications/case/").content.decode()
    assert case.reference in listing and case.id_number not in listing
    assert client.get(f"/admin/applications/case/{case.pk}/change/").status_code == 200
    assert DataAccess.objects.filter(user=supervisor, id_number=case.id_number, detail="管理后台").count() == 1
    assert not DataAccess.objects.filter(user=outsider).exists()
