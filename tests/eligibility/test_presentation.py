"""Facts as a person reads them, and missing facts as questions (eligibility/presentation.py), and
the engine's trace: a condition the verdict does not need is not listed as still to be supplied."""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from eligibility.facts import FactsSerializer, parse_facts
from eligibility.pathways import PATHWAYS
from eligibility.presentation import FACTS, fact, fact_question, missing_questions, present_facts
from eligibility.services import eligibility_evaluate

# The contract as the product owner keeps it (../shared/contracts/), and the copy that travels with
# the code (a clean clone elsewhere has no ../shared); where both are there they must be the same.
SHARED_CONTRACT = Path(settings.BASE_DIR).parent / "shared" / "contracts" / "eligibility.md"
CONTRACT = Path(__file__).with_name("eligibility_contract.md")
CJK = re.compile(r"[\u3400-\u9fff]")


def _paths(node, prefix=""):
    """Every leaf fact of a nested example (the contract's YAML) as a contract path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for item in node:
            yield from _paths(item, f"{prefix}[]")
    else:
        yield prefix


def test_the_copy_of_the_contract_is_the_contract():
    if SHARED_CONTRACT.exists():  # on the machine that holds ../shared; a clean clone elsewhere has only the copy
        assert CONTRACT.read_text(encoding="utf-8") == SHARED_CONTRACT.read_text(encoding="utf-8")


def contract_facts() -> set[str]:
    """The facts the contract names: the YAML block under "Facts (the request)"."""
    assert CONTRACT.exists(), f"the eligibility contract is not at {CONTRACT}"
    text = CONTRACT.read_text(encoding="utf-8")
    block = re.search(r"## Facts \(the request\).*?```yaml\n(.*?)```", text, re.S).group(1)
    return set(_paths(yaml.safe_load(block)))


def serializer_facts(serializer=None, prefix="") -> set[str]:
    """The facts the API accepts, from its serializers (a fact added there without a label fails too)."""
    serializer = serializer or FactsSerializer()
    paths = set()
    for name, field in serializer.fields.items():
        path = f"{prefix}.{name}" if prefix else name
        child = getattr(field, "child", None)
        if hasattr(field, "fields"):
            paths |= serializer_facts(field, path)
        elif child is not None and hasattr(child, "fields"):
            paths |= serializer_facts(child, f"{path}[]")
        else:
            paths.add(path)
    return paths


def test_the_contract_and_the_api_name_the_same_facts_as_the_presentation():
    named = contract_facts()
    assert {"zone", "applicant.housing.kind", "relatives[].co_resident"} <= named  # the parse found the block
    assert named | serializer_facts() <= set(FACTS), sorted((named | serializer_facts()) - set(FACTS))


@pytest.mark.parametrize("path", sorted(contract_facts() | serializer_facts()))
def test_every_fact_has_a_label_and_a_question_in_both_languages(path):
    known = FACTS[path]
    with translation.override("zh-hans"):
        label, question = str(known.label), str(known.question)
        assert CJK.search(label) and question.endswith(("？", "）")), (label, question)
    with translation.override("en"):
        english = str(known.label), str(known.question)
    for text in english:
        assert text and not CJK.search(text.replace("随军", "")), f"{path}: {text!r} is not translated"
    assert english != (label, question)


def test_every_fact_a_pathway_reads_is_asked_as_a_question():
    for definition in PATHWAYS.values():
        for path in definition.facts:
            assert fact(path) is not None, path


def test_values_read_as_words_grouped_by_place_applicant_and_each_relative_by_name():
    facts = {
        "city": "qujing",
        "zone": "central_urban",
        "applicant": {
            "housing": {"kind": "rented", "lease_registered": True, "lease_since": "2026-12-01", "area_m2": 90.5},
            "employment": {"stable": False},
            "social_insurance_months": {"pension": 13},
            "studying": True,
        },
        "relatives": [{"relation": "spouse", "co_resident": True, "married": True}],
    }
    with translation.override("zh-hans"):
        groups = {g.title: dict(g.rows) for g in present_facts(facts, relative_names=["王芳"])}
    assert groups["落户地"] == {
        "拟落户城市": "曲靖市",
        "落户区域": "市辖区（中心城区）",
        "住所": "租赁住房",
        "租赁登记备案": "已办理租赁登记",
        "租住起始日": "2026年12月1日",
        "住房面积": "90.5 平方米",
    }
    assert groups["申请人"] == {
        "合法稳定就业": "无合法稳定就业",
        "养老保险缴费": "13 个月",
        "连续就读": "在当地连续就读",
    }
    assert groups["随迁亲属：王芳（配偶）"] == {"与申请人共同居住": "共同居住", "婚姻状况": "已婚"}
    with translation.override("en"):
        english = {g.title: dict(g.rows) for g in present_facts(facts, relative_names=["王芳"])}
    assert english["Place of settlement"]["Residence"] == "Rented home"
    assert english["Place of settlement"]["Lease registration"] == "Lease registered"
    assert english["Applicant"]["Pension insurance paid"] == "13 months"


def test_missing_facts_are_questions_and_a_relatives_name_the_relative():
    relatives = [{"relation": "spouse"}, {"relation": "child"}]
    with translation.override("zh-hans"):
        assert missing_questions(["zone", "applicant.employment.stable"]) == [
            "您准备落户的地方属于哪类区域？",
            "您在当地是否有合法稳定的就业？",
        ]
        assert fact_question("relatives[1].married", relatives=relatives) == "第 2 位随迁亲属（子女）是否已婚？"
        assert fact_question("relatives[0].co_resident", relatives=relatives, relative_names=["王芳"]) == (
            "王芳（配偶）是否与您共同居住？"
        )
    with translation.override("en"):
        assert missing_questions(["zone"]) == ["What kind of area is the place where you want to settle?"]
        married = fact_question("relatives[1].married", relatives=relatives)
        assert married == "Is relative 2 coming along (Child) married?"


# --- The engine's trace ---------------------------------------------------------------------------


def _evaluate(**facts):
    data = {"city": "qujing", "as_of": datetime.date(2026, 11, 22), "pathway": "residence", **facts}
    return eligibility_evaluate(facts=parse_facts(data)).result(data["pathway"])


@pytest.mark.django_db
def test_an_eligible_verdict_lists_no_fact_as_still_to_be_supplied():
    """An owned home in a Qujing county town is enough: the job is an alternative, not missing."""
    result = _evaluate(zone="county_town", applicant={"housing": {"kind": "owned"}})
    assert result.eligible and result.missing == ()
    assert [c.met for c in result.conditions] and all(c.met is not None for c in result.conditions)
    assert not any("applicant.employment.stable" in c.missing for c in result.conditions)


@pytest.mark.django_db
def test_an_undecided_verdict_asks_its_questions_in_the_trace():
    with translation.override("zh-hans"):
        result = _evaluate(zone="county_town")
    assert not result.eligible and result.missing == ("applicant.housing.kind", "applicant.employment.stable")
    undecided = [c for c in result.conditions if c.met is None]
    assert [c.detail for c in undecided] == [
        "待补充：您在当地的住所是自有住房、租赁住房，还是没有住所？",
        "待补充：您在当地是否有合法稳定的就业？",
    ]
    assert "applicant." not in " ".join(c.detail for c in result.conditions)


@pytest.mark.django_db
def test_a_relative_still_undecided_is_named_with_what_is_asked():
    with translation.override("zh-hans"):
        result = _evaluate(
            zone="county_town", applicant={"housing": {"kind": "owned"}}, relatives=[{"relation": "spouse"}]
        )
    (relative,) = result.relatives
    assert relative["missing"] == ["relatives[0].co_resident"]
    assert relative["detail"] == "待补充：第 1 位随迁亲属（配偶）是否与您共同居住？"


@pytest.mark.django_db
def test_the_zone_missing_is_asked_as_the_zone_question():
    with translation.override("zh-hans"):
        result = _evaluate(pathway="talent", city="jilin", applicant={"talent": ["graduate"]})
    assert result.missing == ("zone",)
    assert [c.detail for c in result.conditions if c.met is None] == ["待补充：您准备落户的地方属于哪类区域？"]
    with translation.override("en"):
        result = _evaluate(pathway="talent", city="jilin", applicant={"talent": ["graduate"]})
    assert [c.detail for c in result.conditions if c.met is None] == [
        "Still needed: What kind of area is the place where you want to settle?"
    ]


def test_the_self_check_s_choices_read_the_same_words_as_the_facts_presentation():
    """One vocabulary: a form's choice and the fact shown on the clerk's page say the same thing
    (a return to the village for another reason was once offered as 无住所, the housing's word)."""
    from eligibility.forms import FACT_FIELDS

    for path in ("applicant.rural_return.reason", "applicant.housing.kind", "applicant.student.destination"):
        for value, label in FACT_FIELDS[path]().choices:
            if value:
                assert label == fact(path).words[value], (path, value)
    assert dict(FACT_FIELDS["applicant.rural_return.reason"]().choices)["none"] == "其他"
