"""What the API fuzzing found, kept as plain tests: input the API used to store or choke on."""

import pytest
from django.core.cache import cache
from django.test import Client

from applications.constants import CaseStatus
from applications.models import Case, FactsVersion

from .world import build_world, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def applicant_api(world) -> Client:
    return client_for(world.applicant)


def post_json(client, path, data):
    return client.post(path, data, content_type="application/json")


@pytest.mark.parametrize(
    "data",
    [
        {"city": "qujing", "kind": "settlement"},  # a settlement names its pathway
        {"city": "qujing", "pathway": "死亡"},  # not a pathway
        {"city": "qujing", "kind": "residence_permit"},  # starts from a residence registration
        {"city": "qujing", "kind": "endorsement"},  # starts from a permit
    ],
)
def test_a_draft_with_no_or_an_unknown_pathway_or_the_wrong_kind_is_refused(applicant_api, world, data):
    before = Case.objects.count()
    response = post_json(applicant_api, "/api/v1/my/cases/", data)
    assert response.status_code == 400
    assert Case.objects.count() == before


def test_a_birth_registration_draft_keeps_no_pathway(applicant_api):
    data = {"city": "qujing", "kind": "newborn", "pathway": "residence"}
    response = post_json(applicant_api, "/api/v1/my/cases/", data)
    assert response.status_code == 201 and response.json()["pathway"] == ""


def test_facts_with_a_null_character_are_refused_not_a_server_error(applicant_api, world):
    facts = {"applicant": {"housing": {"kind": "owned\x00"}}, "\x00": 1}
    response = applicant_api.patch(
        f"/api/v1/my/cases/{world.draft.pk}/", {"facts": facts}, content_type="application/json"
    )
    assert response.status_code == 400 and "facts" in response.json()
    world.draft.refresh_from_db()
    assert world.draft.facts == {}


def test_a_correction_with_a_null_character_is_refused_not_a_server_error(world):
    clerk = client_for(world.clerk)
    post_json(clerk, f"/api/v1/cases/{world.submitted.pk}/take/", {})
    data = {"path": "applicant.housing.kind", "value": {"a": ["\x00"]}, "reason": "x"}
    response = post_json(clerk, f"/api/v1/cases/{world.submitted.pk}/correct/", data)
    assert response.status_code == 400
    assert not FactsVersion.objects.filter(case=world.submitted, number__gt=1).exists()
    assert Case.objects.get(pk=world.submitted.pk).status == CaseStatus.IN_REVIEW


def test_an_api_address_no_route_matches_answers_json(applicant_api):
    response = applicant_api.get("/api/v1/my/cases/1.5/")
    assert response.status_code == 404 and response.json() == {"detail": "未找到。"}
    page = applicant_api.get("/no/such/page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_draft_without_a_station_is_listed_with_a_null_station_as_the_schema_says(applicant_api, world):
    listing = applicant_api.get("/api/v1/my/cases/").json()["results"]
    assert {c["station"] for c in listing if c["id"] == world.draft.pk} == {None}
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["CaseList"]["properties"]["station"].get("nullable") is True


def test_a_null_relative_in_the_eligibility_check_is_a_bad_request_not_a_server_error(db):
    cache.clear()  # the public API's rate limit counts in the shared cache, across tests
    data = {"city": "qujing", "relatives": [None, {"relation": "spouse"}]}
    response = post_json(Client(), "/api/v1/eligibility/evaluate", data)
    assert response.status_code == 400 and "relatives" in response.json()["errors"]


def test_a_login_longer_than_any_account_is_refused_before_the_lockout_log_not_a_server_error(db):
    response = post_json(Client(), "/api/v1/auth/token/", {"username": "x" * 300, "password": "y"})
    assert response.status_code == 400 and "username" in response.json()
