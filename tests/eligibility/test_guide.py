"""办事指南: every city's guide to every pathway says what the engine does — the parameters the
rule reads with their values in words, the checklist, the time limits — and nothing else."""

import datetime
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.services import papers
from eligibility import guide
from eligibility.constants import KinRelation, Pathway
from eligibility.engine import evaluate_pathway
from eligibility.guide import condition_keys, rule_set_in_force
from eligibility.models import Parameter
from eligibility.parameters import SPECS
from eligibility.pathways.settlement import INSURANCE_NAMES
from eligibility.presentation import DESTINATION, HOLDINGS, TALENT
from eligibility.selectors import rulebook_in_force
from registers.constants import City, Zone
from registers.models import Region
from tests.factories import PoliceStationFactory

from .strategies import facts

pytestmark = pytest.mark.django_db
CITIES = City.values
PATHWAYS = Pathway.values
NAMES = {**dict(Zone.choices), **dict(KinRelation.choices), **INSURANCE_NAMES, **DESTINATION, **HOLDINGS, **TALENT}


def guide_page(client, city, pathway) -> str:
    response = client.get(f"/eligibility/guide/{city}/{pathway}/")
    assert response.status_code == 200
    return response.content.decode()


def row(page: str, key: str) -> str:
    """The guide's row (or line) for one parameter."""
    match = re.search(rf'<(tr|li) data-parameter="{re.escape(key)}">(.*?)</\1>', page, re.S)
    assert match, f"{key} is not on the guide"
    return match.group(2)


def words_expected(key: str, value) -> list[str]:
    """What the row must say, worked out here from the stored value and the names of its choices."""
    kind = SPECS[key].kind
    if value is None:
        return ["不设此条件"]
    if kind == "bool":
        return ["是" if value else "否"]
    if kind in ("int", "decimal"):
        return [f"{Decimal(str(value)).normalize():f}", str(SPECS[key].unit)]
    if kind == "set":
        return [str(NAMES[v]) for v in value] or ["无"]
    return [str(guide.LEFT_LEVELS[value])]


@pytest.mark.parametrize("city", CITIES)
def test_every_guide_shows_each_parameter_its_rule_reads_with_its_value_in_words(client, city):
    rule_set = rule_set_in_force(city=city, as_of=datetime.date.today())
    stored = {p.key: p for p in rule_set.parameters.select_related("clause")}
    for pathway in PATHWAYS:
        page = guide_page(client, city, pathway)
        if not stored[f"{pathway}.available"].value:
            continue
        shown = set(re.findall(r'data-parameter="([^"]+)"', page))
        assert shown <= {*condition_keys(pathway), *(k for k in stored if k.startswith("processing."))}
        for key in shown:
            parameter, text = stored[key], row(page, key)
            for words in words_expected(key, parameter.value):
                assert words in text, f"{city} {pathway}: {key} should say {words}: {text}"
            if parameter.clause_id and not parameter.local_source:
                assert parameter.clause.citation in text
            if parameter.local_source:
                assert "本地规定，非文件原文" in text


@pytest.mark.parametrize("city", CITIES)
def test_every_guide_lists_each_checklist_item_of_its_pathway(client, city):
    rule_set = rule_set_in_force(city=city, as_of=datetime.date.today())
    for pathway in PATHWAYS:
        if not rule_set.parameters.get(key=f"{pathway}.available").value:
            continue
        page = guide_page(client, city, pathway)
        materials = page.split('id="materials"')[1].split("</table>")[0]
        items = list(rule_set.checklist.filter(pathway=pathway))
        assert items, f"{city} {pathway} has no checklist"
        assert materials.count('<th scope="row">') == len(items)
        for item in items:
            line = re.search(rf"<th scope=\"row\">{item.get_document_display()}</th>(.*?)</tr>", materials, re.S)
            assert line, f"{city} {pathway}: {item.get_document_display()} missing"
            assert item.get_when_display() in line.group(1)
            assert ("可容缺" in line.group(1)) == item.deferrable
            assert ("必需" in line.group(1)) == item.required


class Reading(dict):
    """A rule book's parameters that note each key the engine reads."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


READ: dict[tuple[str, str], set[str]] = {}


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(facts, st.sampled_from(PATHWAYS))
def test_the_engine_reads_no_parameter_the_guide_leaves_out(client, f, pathway):
    """Whatever the facts, every parameter a verdict reads is on that city's guide (the guide
    leaves out only what the rule never reads under the city's other values)."""
    book = rulebook_in_force(city=f.city, as_of=datetime.date.today())
    if not book.params[f"{pathway}.available"]:
        return  # the guide says why not; the relatives are refused whatever the parameters
    params = Reading(book.params)
    evaluate_pathway(replace(f, as_of=datetime.date.today()), replace(book, params=params), pathway)
    read = {k for k in params.read if not k.endswith(".available") and k.startswith(f"{pathway}.")}
    key = (f.city, pathway)
    if key not in READ:
        READ[key] = set(re.findall(r'data-parameter="([^"]+)"', guide_page(client, f.city, pathway)))
    assert read <= READ[key], f"{f.city} {pathway}: read {read - READ[key]} not on the guide"


def test_a_pathway_a_city_does_not_have_is_explained_by_its_clause(client):
    page = guide_page(client, "dehong", "talent")
    clause = rule_set_in_force(city="dehong", as_of=datetime.date.today()).clauses.get(key="talent")
    assert "本市未设此落户途径" in page and clause.citation in page
    assert 'data-parameter="talent.kinds"' not in page and 'id="materials"' not in page


def test_the_guide_names_the_city_s_stations_the_limits_no_fee_and_the_appeal(client):
    PoliceStationFactory(name="临翔区测试派出所", region=Region.objects.get(code="530902"))
    page = guide_page(client, "lincang", "residence")
    assert "临翔区测试派出所" in page
    assert "受理或一次性告知补正的期限" in page and "5 工作日" in page and "《中华人民共和国行政许可法》第32条" in page
    assert "不收费" in page
    assert "60 日内" in page and "行政复议" in page and "6 个月内" in page and "行政诉讼" in page


def test_the_guide_s_appeal_route_is_the_refusal_paper_s():
    assert guide.RECONSIDERATION_DAYS == papers.RECONSIDERATION_DAYS
    assert guide.LITIGATION_MONTHS == papers.LITIGATION_MONTHS
    assert guide.RECONSIDERATION_LAW == papers.RECONSIDERATION_LAW
    assert guide.LITIGATION_LAW == papers.LITIGATION_LAW


def test_the_index_lists_every_city_and_pathway_and_links_each_guide(client):
    page = client.get("/eligibility/guide/").content.decode()
    for city in CITIES:
        book = rulebook_in_force(city=city, as_of=datetime.date.today())
        for pathway in PATHWAYS:
            assert f"/eligibility/guide/{city}/{pathway}/" in page
            if not book.params[f"{pathway}.available"]:
                assert book.clauses[pathway][0] in page


def test_a_guide_of_an_unknown_city_or_pathway_is_not_found(client):
    assert client.get("/eligibility/guide/beijing/residence/").status_code == 404
    assert client.get("/eligibility/guide/jilin/lottery/").status_code == 404


def test_the_guide_follows_the_parameter_the_rule_set_holds(client):
    """Change the stored value (a draft copy would do the same once published): the guide changes."""
    rule_set = rule_set_in_force(city="jilin", as_of=datetime.date.today())
    Parameter.objects.filter(rule_set=rule_set, key="residence.strict_min_lease_months").update(value=36)
    assert "36 月" in row(guide_page(client, "jilin", "residence"), "residence.strict_min_lease_months")
