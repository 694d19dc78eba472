"""Issue 15, the texts read again: the three new facts through the HTTP door and its schema, the
reading written beside each parameter, the clauses each city cites, and the figures no text gives."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from eligibility.models import Clause, Parameter, RuleSet
from eligibility.parameters import SPECS

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility/evaluate"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def v1(city):
    return RuleSet.objects.get(city=city, version=1)


def test_the_new_facts_decide_through_the_http_door(client):
    permit = {
        "city": "dehong",
        "county": "533102",
        "as_of": "2026-11-22",
        "pathway": "residence_permit",
        "applicant": {"hukou_city": "dehong", "residence_since": "2025-01-01", "employment": {"stable": True}},
    }
    elsewhere = post(client, {**permit, "applicant": {**permit["applicant"], "hukou_county": "533103"}}).json()
    same = post(client, {**permit, "applicant": {**permit["applicant"], "hukou_county": "533102"}}).json()
    assert elsewhere["eligible_pathways"] == ["residence_permit"] and same["eligible_pathways"] == []
    left = next(c for c in same["results"][0]["conditions"] if c["key"] == "left_hukou")
    assert left["met"] is False and left["clause"] == "德政办发〔2016〕142号 第（十二）条"

    collective = post(
        client,
        {
            "city": "qujing",
            "zone": "rural",
            "as_of": "2026-11-22",
            "pathway": "residence",
            "applicant": {"settle_into": "community_collective", "housing": {"kind": "rented"}},
        },
    ).json()["results"][0]
    assert collective["eligible"] is True
    assert {c["clause"] for c in collective["conditions"]} == {"曲政发〔2015〕82号 第（十一）条"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"city": "qujing", "county": 530302}, "county"),
        ({"city": "qujing", "county": "5303"}, "county"),
        ({"city": "qujing", "county": "530300"}, "county"),
        ({"city": "qujing", "county": "533102"}, "county"),
        ({"city": "qujing", "applicant": {"hukou_county": "53030x"}}, "applicant"),
        ({"city": "qujing", "applicant": {"hukou_city": "lincang", "hukou_county": "530302"}}, "applicant"),
        ({"city": "qujing", "applicant": {"hukou_city": "other", "hukou_county": "220204"}}, "applicant"),
        ({"city": "qujing", "applicant": {"settle_into": "unit"}}, "applicant"),
    ],
)
def test_a_wrong_new_fact_is_a_400_naming_it_in_chinese(client, body, field):
    response = post(client, body)
    assert response.status_code == 400 and field in response.json()["errors"]
    assert re.search(r"[\u4e00-\u9fff]", json.dumps(response.json()["errors"], ensure_ascii=False))


def test_a_county_outside_the_five_cities_is_accepted_for_a_hukou_elsewhere(client):
    body = {
        "city": "jilin",
        "pathway": "residence_permit",
        "applicant": {"hukou_city": "other", "hukou_county": "110105"},
    }
    assert post(client, body).status_code == 200


def test_the_openapi_schema_documents_the_new_facts(client):
    schema = client.get("/api/schema/?format=json").content.decode()
    for name in ("settle_into", "community_collective", "hukou_county", "GB/T 2260 code of the destination"):
        assert name in schema


def test_every_reading_of_the_issue_is_written_beside_its_parameter():
    keys = [
        "residence.rental_requires_actual_residence",
        "residence.collective_zones",
        "residence.relatives",
        "residence.strict_relatives",
        "residence_permit.zones",
        "residence_permit.left_hukou_level",
        "processing.time_limit_working_days",
        "processing.extension_working_days",
        "family_reunion.area_standard_m2",
    ]
    for rule_set in RuleSet.objects.filter(version=1):
        notes = dict(rule_set.parameters.filter(key__in=keys).values_list("key", "note"))
        assert sorted(notes) == sorted(keys) and all(notes.values()), rule_set.city
    assert "三代以内" in Parameter.objects.get(rule_set=v1("qujing"), key="family_reunion.relations").note
    assert "举轻以明重" in Parameter.objects.get(rule_set=v1("lincang"), key="residence.owned_zones").note
    assert "村" in Parameter.objects.get(rule_set=v1("qujing"), key="residence.collective_zones").note
    for city, word in (("jilin", "2015-01-01"), ("lincang", "10 月 8日印发")):
        assert word in v1(city).notes


def test_figures_no_text_gives_are_local_settings_citing_no_clause():
    for rule_set in RuleSet.objects.filter(version=1):
        for key in ("processing.time_limit_working_days", "processing.extension_working_days"):
            parameter = rule_set.parameters.get(key=key)
            assert parameter.is_local and parameter.clause is None and "非文件原文" in parameter.note
    for city in ("lincang", "dehong"):
        area = Parameter.objects.get(rule_set=v1(city), key="family_reunion.area_standard_m2")
        assert area.value == "15" and area.is_local and "未给数字" in area.note


def test_each_city_cites_its_own_clause_or_names_the_national_rule():
    citation = {
        (c.rule_set.city, c.key): c for c in Clause.objects.filter(rule_set__version=1).select_related("rule_set")
    }
    assert citation[("qujing", "newborn")].citation == "曲政发〔2015〕82号 第（九）条、附件第（七）条"
    assert citation[("chenzhou", "newborn")].citation == "郴政发〔2016〕1号 四（一）"
    for city in ("lincang", "dehong", "jilin"):
        assert citation[(city, "newborn")].citation.startswith("国家规定：公安部")
    assert (
        citation[("jilin", "unregistered")].citation.startswith("国家规定：")
        and "96号" in citation[("jilin", "unregistered")].citation
    )
    assert "国家规定：《居住证暂行条例》" in citation[("chenzhou", "residence_permit")].citation
    assert ("dehong", "cross_border") not in citation  # Lincang 13's procedure is not Dehong's
    assert citation[("lincang", "cross_border")].citation.endswith("第13条")
    assert "要坚持公开、公平、公正，坚持依法行政，简化审批手续" in citation[("chenzhou", "processing")].text
    assert {("lincang", "processing"), ("dehong", "processing"), ("jilin", "processing")}.isdisjoint(citation)
    assert all(len(c.citation) <= 120 for c in citation.values())


def test_the_new_parameters_are_in_every_rule_set_and_refuse_wrong_values():
    for rule_set in RuleSet.objects.all():
        assert set(SPECS) <= set(rule_set.parameters.values_list("key", flat=True)), rule_set.city
    with pytest.raises(ValidationError):
        SPECS["residence_permit.left_hukou_level"].clean("province")
    assert SPECS["residence_permit.left_hukou_level"].clean("street") == "street"
    with pytest.raises(ValidationError):
        SPECS["residence.collective_zones"].clean(["village"])
