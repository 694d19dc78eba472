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


def test_the_self_check_offers_only_the_pathways_of_the_city_s_rules(client):
    page = client.get("/eligibility/check/", {"city": "dehong"}).content.decode()
    offered = page.split('name="pathway"')[1].split("</select>")[0]
    assert 'value="residence"' in offered and 'value="talent"' not in offered
    withheld = page.split('id="withheld-heading"')[1]
    assert "人才落户" in withheld and "德政办发〔2016〕142号 第（十）条" in withheld
    jilin = client.get("/eligibility/check/", {"city": "jilin"}).content.decode()
    jilin = jilin.split('name="pathway"')[1].split("</select>")[0]
    assert 'value="talent"' in jilin and 'value="family_reunion"' not in jilin


def test_a_pathway_the_city_does_not_have_is_refused_with_its_clause(client):
    page = client.get("/eligibility/check/", {"city": "dehong", "pathway": "talent"}).content.decode()
    assert "未设此落户途径" in page and "德政办发〔2016〕142号 第（十）条" in page
    assert 'name="zone"' not in page  # no form to fill in for a door that is not there


def test_the_verdict_comes_before_the_form_and_takes_the_focus(client):
    url = "/eligibility/check/?city=qujing&pathway=residence"
    answers = {"zone": "county_town", "applicant__housing__kind": "owned", "relatives-TOTAL_FORMS": "0"}
    answers["relatives-INITIAL_FORMS"] = "0"
    page = client.post(url, answers).content.decode()
    assert page.index('id="verdict"') < page.index('name="zone"')
    assert 'id="verdict" tabindex="-1"' in page and "js/verdict-focus.js" in page
    assert 'action="?city=qujing&amp;pathway=residence#verdict"' in page
    assert "/eligibility/guide/qujing/residence/" in page


def test_the_self_check_is_filled_in_from_the_address(client):
    query = {"city": "lincang", "pathway": "residence", "zone": "county_town", "applicant__housing__kind": "rented"}
    page = client.get("/eligibility/check/", query).content.decode()
    assert '<option value="county_town" selected>' in page and '<option value="rented" selected>' in page


def test_each_comparison_cell_says_why_in_words_and_links_to_the_city_s_check(client):
    query = {"zone": "county_town", "applicant__housing__kind": "rented"}
    page = client.get("/eligibility/compare/", query).content.decode()
    residence = page.split('<tr><th scope="row">合法稳定住所/就业落户</th>')[1].split("</tr>")[0]
    assert "符合：" in residence  # Qujing: a rental in a county town
    assert "还需回答：租赁登记备案、产权人同意落户" in residence  # Lincang, Dehong
    assert "/eligibility/check/?city=lincang&amp;pathway=residence&amp;zone=county_town" in residence
    assert "applicant__housing__kind=rented" in residence
    talent = page.split('<tr><th scope="row">人才落户</th>')[1].split("</tr>")[0]
    assert "本市未设此途径（德政办发〔2016〕142号 第（十）条）" in talent


def test_the_comparison_asks_the_facts_that_decide_its_cells(client):
    query = {"zone": "county_town", "applicant__housing__kind": "rented"}
    page = client.get("/eligibility/compare/", query).content.decode()
    deciding = page.split('id="deciding"')[1].split("</form>")[0]
    for name in ("lease_registered", "owner_consent"):
        assert f'<select name="applicant__housing__{name}"' in deciding  # asked again, where it decides
    assert 'type="hidden" name="applicant__housing__kind" value="rented"' in deciding
    query |= {
        "applicant__housing__lease_registered": "true",
        "applicant__housing__owner_consent": "true",
        "applicant__residence_since": "2024-01-01",
    }
    page = client.get("/eligibility/compare/", query).content.decode()
    residence = page.split('<tr><th scope="row">合法稳定住所/就业落户</th>')[1].split("</tr>")[0]
    assert residence.count('class="cell-met"') >= 4 and "还需回答" not in residence


def test_the_comparison_asks_further_facts_under_the_table_and_keeps_them(client):
    query = {"zone": "central_urban", "applicant__housing__kind": "owned", "applicant__employment__stable": "true"}
    page = client.get("/eligibility/compare/", query).content.decode()
    deciding = page.split('id="deciding"')[1].split("</form>")[0]
    assert 'type="number" name="insurance_months"' not in deciding  # the urban districts ask each kind
    assert 'name="applicant__social_insurance_months__pension"' in deciding
    assert 'type="hidden" name="zone" value="central_urban"' in deciding
    query["applicant__social_insurance_months__pension"] = "13"
    page = client.get("/eligibility/compare/", query).content.decode()
    assert 'name="applicant__social_insurance_months__pension" value="13"' in page.split('id="deciding"')[0]


def test_the_comparison_covers_five_cities_and_every_pathway(client):
    query = {"zone": "county_town", "applicant__housing__kind": "owned"}
    page = client.get("/eligibility/compare/", query).content.decode()
    for city in ("曲靖市", "临沧市", "德宏傣族景颇族自治州", "郴州市", "吉林市"):
        assert city in page
    assert page.count('<tr><th scope="row">') == 10
    assert page.count('class="met"') >= 4  # an owned home in a county town: residence in four cities at least


def test_the_home_page_is_in_chinese_with_both_entrances(client):
    page = client.get("/").content.decode()
    assert 'lang="zh-Hans"' in page and "申请人入口" in page and "工作人员入口" in page and "/admin/" in page
