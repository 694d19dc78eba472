"""The case API: applicants' own cases and the station's cases, scoped like the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications.constants import CaseStatus
from applications.models import Case
from tests.factories import PASSWORD, UserFactory, sign_in_verified
from tests.process import complete_and_check, verify

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def applicant_api(applicant_user):
    applicant_user.email_verified = True
    applicant_user.save()
    api = APIClient()
    api.force_authenticate(applicant_user)
    return api


def staff_api(user):
    # Staff use the API from a session verified with their code; tokens are not for them.
    return sign_in_verified(APIClient(), user)


def create_submitted(api, station_address, family):
    _, head, spouse = family
    verify(api.handler._force_user, head)
    case = api.post("/api/v1/my/cases/", {"city": "qujing", "pathway": "residence"}, format="json").json()
    response = api.patch(
        f"/api/v1/my/cases/{case['id']}/",
        {
            "name": head.name,
            "id_number": head.id_number,
            "address": station_address.pk,
            "facts": {"applicant": {"housing": {"kind": "owned"}}},
            "relatives": [
                {"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    upload = api.post(
        f"/api/v1/my/cases/{case['id']}/documents/",
        {"kind": "id_card", "file": SimpleUploadedFile("id.pdf", PDF)},
        format="multipart",
    )
    assert upload.status_code == 201 and upload.json()["content_type"] == "application/pdf"
    missing = api.post(f"/api/v1/my/cases/{case['id']}/submit/")
    assert missing.status_code == 409 and "尚未上传" in missing.json()["error"]  # asks before submitting
    first = api.post(f"/api/v1/my/cases/{case['id']}/submit/", {"confirm_missing": True}, format="json")
    second = api.post(f"/api/v1/my/cases/{case['id']}/submit/")
    assert first.status_code == 200 and second.json()["reference"] == first.json()["reference"]
    return first.json()


def test_an_applicant_applies_and_a_clerk_decides_over_the_api(applicant_api, station_address, family, clerk):
    case = create_submitted(applicant_api, station_address, family)
    assert case["status"] == "submitted" and case["id_number"].count("*") == 8
    clerk_api = staff_api(clerk)
    listing = clerk_api.get("/api/v1/cases/", {"status": "submitted"}).json()
    assert [c["reference"] for c in listing["results"]] == [case["reference"]]
    assert clerk_api.post(f"/api/v1/cases/{case['id']}/take/").json()["status"] == "in_review"
    detail = clerk_api.get(f"/api/v1/cases/{case['id']}/").json()
    assert len(detail["id_number"]) == 18 and detail["relatives"][0]["eligible"] is True
    refused = clerk_api.post(f"/api/v1/cases/{case['id']}/approve/")
    assert refused.status_code == 409 and "尚未核验原件" in refused.json()["error"]
    assert "身份证" in " ".join(detail["approval_problems"])
    id_card = detail["documents"][0]["id"]
    checked = clerk_api.post(
        f"/api/v1/cases/{case['id']}/documents/{id_card}/check/", {"result": "passed"}, format="json"
    )
    assert checked.status_code == 200 and checked.json()["documents"][0]["check_result"] == "passed"
    complete_and_check(Case.objects.get(pk=case["id"]), clerk)
    approved = clerk_api.post(f"/api/v1/cases/{case['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "completed"
    again = clerk_api.post(f"/api/v1/cases/{case['id']}/approve/")
    assert again.status_code == 409 and "已办结" in again.json()["error"]
    mine = applicant_api.get(f"/api/v1/my/cases/{case['id']}/").json()
    assert mine["certificate"]["number"] and all("*" in h["id_number"] for h in mine["certificate"]["holders"])


def test_the_api_refuses_bad_input_clearly(applicant_api, station_address, family, clerk):
    case = create_submitted(applicant_api, station_address, family)
    clerk_api = staff_api(clerk)
    clerk_api.post(f"/api/v1/cases/{case['id']}/take/")
    response = clerk_api.post(
        f"/api/v1/cases/{case['id']}/refuse/", {"clause": "no such clause", "text": "x"}, format="json"
    )
    assert response.status_code == 409 and "条款" in response.json()["error"]
    assert clerk_api.post(f"/api/v1/cases/{case['id']}/refuse/", {}, format="json").status_code == 400
    malformed = clerk_api.post(f"/api/v1/cases/{case['id']}/refuse/", data="{oops", content_type="application/json")
    assert malformed.status_code == 400
    assert Case.objects.get(pk=case["id"]).status == CaseStatus.IN_REVIEW


def test_other_stations_applicants_and_anonymous_callers_see_nothing(applicant_api, station_address, family):
    case = create_submitted(applicant_api, station_address, family)
    outsider = staff_api(UserFactory(clerk=True))
    assert outsider.get(f"/api/v1/cases/{case['id']}/").status_code == 404
    assert outsider.post(f"/api/v1/cases/{case['id']}/approve/").status_code == 404
    assert outsider.get("/api/v1/cases/").json()["count"] == 0
    stranger = APIClient()
    stranger.force_authenticate(UserFactory(email_verified=True))
    assert stranger.get(f"/api/v1/my/cases/{case['id']}/").status_code == 404
    assert APIClient().get("/api/v1/my/cases/").status_code in (401, 403)
    assert APIClient().get("/api/v1/cases/").status_code in (401, 403)


def test_the_case_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/my/cases/",
        "/api/v1/my/cases/{id}/submit/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/approve/",
        "/api/v1/cases/{id}/request-documents/",
    ):
        assert path in schema["paths"], path


def test_an_applicant_gets_a_token_with_the_e_mail_and_password_and_uses_it(applicant_user):
    applicant_user.email = "wang@example.cn"
    applicant_user.email_verified = True
    applicant_user.save()
    api = APIClient()
    refused = api.post("/api/v1/auth/token/", {"username": "wang@example.cn", "password": "wrong"}, format="json")
    assert refused.status_code == 400
    answer = api.post("/api/v1/auth/token/", {"username": "wang@example.cn", "password": PASSWORD}, format="json")
    assert answer.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    assert api.get("/api/v1/my/cases/").status_code == 200
    assert APIClient().get("/api/v1/my/cases/").status_code in (401, 403)
