"""The HTTP door of the eligibility contract: 200, 400 naming each field, 422 — never a 500."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility/evaluate"

JILIN_RENTER = {
    "city": "jilin",
    "zone": "central_urban",
    "as_of": "2026-11-22",
    "pathway": "residence",
    "applicant": {
        "housing": {"kind": "rented", "lease_since": "2024-01-01"},
        "employment": {"stable": True},
        "social_insurance_months": {"pension": 13, "medical": 13, "unemployment": 13},
    },
    "relatives": [{"relation": "parent", "co_resident": True}, {"relation": "grandparent", "co_resident": True}],
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def post(client, body, **extra):
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=payload, content_type="application/json", **extra)


def test_the_url_is_the_contracts():
    assert reverse("eligibility-evaluate") == URL


def test_it_answers_anonymous_callers_in_the_contracts_shape(client):
    response = post(client, JILIN_RENTER)
    assert response.status_code == 200
    body = response.json()
    assert body["city"] == "jilin" and body["as_of"] == "2026-11-22"
    assert body["rule_set"]["document"] == "吉市政发〔2015〕5号"
    assert body["rule_set"]["version"] == 1 and body["rule_set"]["effective_from"] == "2015-01-01"
    (result,) = body["results"]
    assert result["pathway"] == "residence" and result["available"] and result["eligible"]
    assert all(
        c["clause"].startswith("吉市政发〔2015〕5号") and c["text"] and c["detail"] for c in result["conditions"]
    )
    assert [r["eligible"] for r in result["relatives"]] == [True, False]
    assert [r["index"] for r in result["relatives"]] == [0, 1]
    assert body["eligible_pathways"] == ["residence"]


def test_it_explains_a_short_lease_with_the_figures(client):
    facts = {
        **JILIN_RENTER,
        "applicant": {**JILIN_RENTER["applicant"], "housing": {"kind": "rented", "lease_since": "2025-09-22"}},
    }
    result = post(client, facts).json()["results"][0]
    lease = next(c for c in result["conditions"] if c["key"] == "lease_months")
    assert lease["met"] is False
    assert lease["detail"] == "租赁满 14 个月，需满 24 个月"
    assert lease["clause"] == "吉市政发〔2015〕5号 第（十二）条"


def test_it_evaluates_every_pathway_when_none_is_named(client):
    body = post(client, {"city": "qujing", "zone": "county_town", "as_of": "2026-11-22"}).json()
    assert [r["pathway"] for r in body["results"]] == [
        "residence",
        "family_reunion",
        "student",
        "military_family",
        "rural_return",
        "marriage",
        "talent",
        "newborn",
        "unregistered",
        "residence_permit",
    ]
    talent = next(r for r in body["results"] if r["pathway"] == "talent")
    assert talent["available"] is False and talent["eligible"] is False and talent["conditions"]


def test_it_lists_missing_facts_instead_of_assuming_them(client):
    body = post(
        client,
        {
            "city": "jilin",
            "zone": "central_urban",
            "as_of": "2026-11-22",
            "pathway": "residence",
            "applicant": {"housing": {"kind": "owned"}},
        },
    ).json()
    result = body["results"][0]
    assert result["eligible"] is False
    assert result["missing"] == [
        "applicant.employment.stable",
        "applicant.social_insurance_months.pension",
        "applicant.social_insurance_months.medical",
        "applicant.social_insurance_months.unemployment",
    ]


def test_a_failed_condition_leaves_nothing_missing(client):
    body = post(
        client,
        {
            "city": "jilin",
            "zone": "central_urban",
            "as_of": "2026-11-22",
            "pathway": "residence",
            "applicant": {"housing": {"kind": "none"}},
        },
    ).json()
    assert body["results"][0]["missing"] == []


def test_a_met_alternative_leaves_the_other_not_missing(client):
    body = post(
        client,
        {
            "city": "qujing",
            "zone": "township",
            "as_of": "2026-11-22",
            "pathway": "residence",
            "applicant": {"employment": {"stable": True}},
        },
    ).json()
    assert body["results"][0]["eligible"] is True
    assert body["results"][0]["missing"] == []


def test_it_answers_422_when_no_rules_were_in_force(client):
    response = post(client, {"city": "dehong", "zone": "county_town", "as_of": "2016-06-01"})
    assert response.status_code == 422
    assert response.json()["error"] == "no_rules_in_force"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"city": "shanghai"}, "city"),
        ({"city": "jilin", "zone": "downtown"}, "zone"),
        ({"city": "jilin", "colour": "red"}, "colour"),
        ({"city": "jilin", "as_of": "2026-02-30"}, "as_of"),
        ({"city": "jilin", "as_of": "22/11/2026"}, "as_of"),
        ({"city": "jilin", "pathway": "lottery"}, "pathway"),
        ({"city": "jilin", "applicant": {"housing": {"area_m2": -5}}}, "applicant"),
        ({"city": "jilin", "applicant": {"housing": {"occupants": "three"}}}, "applicant"),
        ({"city": "jilin", "applicant": {"employment": {"stable": "yes"}}}, "applicant"),
        ({"city": "jilin", "applicant": {"social_insurance_months": {"pension": 12.5}}}, "applicant"),
        ({"city": "jilin", "applicant": {"talent": ["genius"]}}, "applicant"),
        ({"city": "jilin", "applicant": "me"}, "applicant"),
        ({"city": "jilin", "relatives": [{"relation": "cousin"}]}, "relatives"),
        ({"city": "jilin", "relatives": [{"co_resident": True}]}, "relatives"),
        ({}, "city"),
        ([], "non_field_errors"),
    ],
)
def test_it_refuses_malformed_facts_naming_the_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_nested_errors_name_the_nested_field(client):
    errors = post(client, {"city": "jilin", "applicant": {"housing": {"area_m2": -5}}}).json()["errors"]
    assert "area_m2" in errors["applicant"]["housing"]


@pytest.mark.parametrize("payload", ["", "{", "not json", b"\xff\xfe"])
def test_it_refuses_a_body_that_is_not_json_with_400(client, payload):
    response = post(client, payload)
    assert response.status_code == 400
    assert "errors" in response.json()


def test_keeps_rural_rights_is_accepted_and_changes_nothing(client):
    base = {
        "city": "qujing",
        "zone": "central_urban",
        "as_of": "2026-11-22",
        "applicant": {"housing": {"kind": "owned"}},
    }
    without = post(client, base).json()
    for keeps in (True, False):
        facts = {**base, "applicant": {**base["applicant"], "keeps_rural_rights": keeps}}
        assert post(client, facts).json()["results"] == without["results"]


def test_it_is_rate_limited(client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"eligibility": "3/min"})
    codes = [post(client, {"city": "jilin", "as_of": "2026-11-22"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_openapi_schema_documents_the_facts(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert "/api/v1/eligibility/evaluate" in schema["paths"]
    facts = schema["components"]["schemas"]["Facts"]
    assert {"city", "zone", "as_of", "pathway", "applicant", "relatives"} <= set(facts["properties"])
    assert facts["required"] == ["city"]
