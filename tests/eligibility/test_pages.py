"""The public self-check and comparison pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_self_check_asks_exactly_the_facts_the_pathway_reads(client):
    page = client.get("/eligibility/check/", {"city": "jilin", "pathway": "residence"}).content.decode()
    for name in (
        "zone",
        "applicant__housing__kind",
        "applicant__housing__lease_since",
        "applicant__employment__stable",
        "applicant__social_insurance_months__unemployment",
    ):
        assert f'name="{name}"' in page
    assert 'name="applicant__joining__relation"' not in page
    assert "relatives-TOTAL_FORMS" in page


def test_the_self_check_shows_each_condition_with_its_clause(client):
    data = {
        "zone": "central_urban",
        "applicant__housing__kind": "rented",
        "applicant__housing__lease_since": "2025-09-22",
        "applicant__employment__stable": "true",
        "applicant__social_insurance_months__pension": "13",
        "applicant__social_insurance_months__medical": "13",
        "applicant__social_insurance_months__unemployment": "13",
        "relatives-TOTAL_FORMS": "1",
        "relatives-INITIAL_FORMS": "0",
        "relatives-0-relation": "spouse",
        "relatives-0-co_resident": "true",
    }
    page = client.post("/eligibility/check/?city=jilin&pathway=residence", data).content.decode()
    assert "暂不符合落户条件" in page
    assert "吉市政发〔2015〕5号 第（十二）条" in page
    assert "租赁满" in page and "需满 24 个月" in page


def test_the_self_check_asks_for_what_is_missing(client):
    page = client.post("/eligibility/check/?city=qujing&pathway=family_reunion", {"zone": "county_town"}).content
    page = page.decode()
    assert "还需补充信息才能判断" in page and "您是被投靠亲属的什么人？" in page
    assert "applicant.joining.relation" not in page  # the question, never the fact's key


def test_the_comparison_covers_five_cities_and_every_pathway(client):
    page = client.get("/eligibility/compare/", {"zone": "county_town", "housing_kind": "owned"}).content.decode()
    for city in ("曲靖市", "临沧市", "德宏傣族景颇族自治州", "郴州市", "吉林市"):
        assert city in page
    assert page.count('<tr><th scope="row">') == 10
    assert page.count('class="met"') >= 4  # an owned home in a county town: residence in four cities at least


def test_the_home_page_is_in_chinese_with_both_entrances(client):
    page = client.get("/").content.decode()
    assert 'lang="zh-Hans"' in page and "申请人入口" in page and "工作人员入口" in page and "/admin/" in page
