"""Rule sets in time: drafts, publishing, versions that never rewrite the past."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from eligibility.constants import RuleSetStatus
from eligibility.facts import parse_facts
from eligibility.models import Parameter, RuleSet
from eligibility.services import (
    NoRulesInForce,
    RuleSetError,
    eligibility_evaluate,
    parameter_update,
    rule_set_copy_as_draft,
    rule_set_preview,
    rule_set_publish,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def jilin_v1():
    return RuleSet.objects.get(city="jilin", version=1)


def renter(as_of, lease_since="2025-01-01"):
    return parse_facts(
        {
            "city": "jilin",
            "zone": "central_urban",
            "as_of": as_of,
            "pathway": "residence",
            "applicant": {
                "housing": {"kind": "rented", "lease_since": lease_since},
                "employment": {"stable": True},
                "social_insurance_months": {"pension": 24, "medical": 24, "unemployment": 24},
            },
        }
    )


NEXT_YEAR = D(2027, 1, 1)


def draft_with_lease_months(months, effective_from=NEXT_YEAR):
    draft = rule_set_copy_as_draft(rule_set=jilin_v1(), effective_from=effective_from)
    parameter_update(parameter=draft.parameters.get(key="residence.strict_min_lease_months"), value=months)
    return draft


def test_every_city_ships_a_published_version_one_from_its_texts_issue_date():
    expected = {
        "qujing": ("曲政发〔2015〕82号", D(2015, 11, 2)),
        "lincang": ("临沧市进一步推进户籍制度改革方案", D(2015, 9, 30)),
        "dehong": ("德政办发〔2016〕142号", D(2016, 12, 5)),
        "chenzhou": ("郴政发〔2016〕1号", D(2016, 1, 6)),
        "jilin": ("吉市政发〔2015〕5号", D(2015, 1, 1)),
    }
    shipped = {
        r.city: (r.document, r.effective_from)
        for r in RuleSet.objects.filter(version=1, status=RuleSetStatus.PUBLISHED)
    }
    assert shipped == expected


def test_a_copy_is_a_draft_with_every_parameter_and_clause():
    v1 = jilin_v1()
    draft = rule_set_copy_as_draft(rule_set=v1, effective_from=D(2027, 1, 1))
    assert draft.status == RuleSetStatus.DRAFT and draft.version == 2 and draft.based_on == v1
    assert dict(draft.parameters.values_list("key", "value")) == dict(v1.parameters.values_list("key", "value"))
    assert set(draft.clauses.values_list("key", "citation")) == set(v1.clauses.values_list("key", "citation"))
    # Every parameter cites a clause of its own version, or is a local setting naming its source
    # (本地规定，非文件原文: the processing time limits cite no clause that does not say them).
    for parameter in draft.parameters.select_related("clause"):
        assert parameter.clause.rule_set_id == draft.pk if parameter.clause else parameter.is_local, parameter.key
    assert dict(draft.parameters.values_list("key", "note")) == dict(v1.parameters.values_list("key", "note"))
    assert dict(draft.parameters.values_list("key", "local_source")) == dict(
        v1.parameters.values_list("key", "local_source")
    )


def test_a_new_version_changes_answers_from_its_effective_date_and_not_before():
    rule_set_publish(rule_set=draft_with_lease_months(12), actor=UserFactory())
    # A 14-month lease: not enough under v1 (24 months), enough under v2 (12 months).
    before = eligibility_evaluate(facts=renter("2026-12-31", lease_since="2025-10-31"))
    after = eligibility_evaluate(facts=renter("2027-01-01", lease_since="2025-11-01"))
    assert before.book.version == 1 and not before.result("residence").eligible
    assert after.book.version == 2 and after.result("residence").eligible
    assert jilin_v1().effective_to == D(2026, 12, 31)


def test_publishing_closes_the_open_ended_predecessor_the_day_before():
    v2 = rule_set_publish(rule_set=draft_with_lease_months(18, effective_from=D(2027, 3, 1)), actor=UserFactory())
    assert jilin_v1().effective_to == D(2027, 2, 28)
    assert v2.effective_to is None and v2.published_at is not None


def test_it_refuses_to_publish_a_version_that_overlaps_a_closed_one():
    rule_set_publish(rule_set=draft_with_lease_months(12, effective_from=D(2027, 1, 1)), actor=UserFactory())
    clash = draft_with_lease_months(6, effective_from=D(2020, 1, 1))
    clash.effective_to = D(2021, 1, 1)
    clash.save()
    with pytest.raises(RuleSetError, match="重叠"):
        rule_set_publish(rule_set=clash, actor=UserFactory())
    clash.refresh_from_db()
    assert clash.status == RuleSetStatus.DRAFT


def test_the_database_refuses_overlapping_published_versions_whatever_the_code_does():
    v1 = jilin_v1()
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.create(
            city="jilin", document=v1.document, version=9, effective_from=D(2030, 1, 1), status=RuleSetStatus.PUBLISHED
        )


def test_the_database_allows_adjacent_versions_and_other_cities():
    v1 = jilin_v1()
    v1.effective_to = D(2029, 12, 31)
    v1.save()
    RuleSet.objects.create(city="jilin", document="x", version=9, effective_from=D(2030, 1, 1), status="published")
    RuleSet.objects.create(city="jilin", document="x", version=10, effective_from=D(2015, 1, 1), status="draft")
    assert RuleSet.objects.filter(city="jilin", status="published").count() == 2


def test_a_published_version_is_never_edited():
    parameter = jilin_v1().parameters.get(key="residence.strict_min_lease_months")
    with pytest.raises(RuleSetError):
        parameter_update(parameter=parameter, value=1)
    parameter.refresh_from_db()
    assert parameter.value == 24


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("residence.strict_min_lease_months", -1),
        ("residence.strict_min_lease_months", "24"),
        ("residence.strict_min_lease_months", 24.5),
        ("residence.strict_min_lease_months", True),
        ("residence.strict_min_lease_months", None),
        ("residence.rental_requires_registration", "yes"),
        ("residence.owned_zones", ["downtown"]),
        ("residence.strict_insurance_kinds", "pension"),
        ("family_reunion.area_standard_m2", "lots"),
        ("family_reunion.area_standard_m2", -3),
    ],
)
def test_a_parameter_refuses_a_wrong_value_when_saved(key, value):
    draft = rule_set_copy_as_draft(rule_set=jilin_v1())
    with pytest.raises(ValidationError):
        parameter_update(parameter=draft.parameters.get(key=key), value=value)
    assert draft.parameters.get(key=key).value == jilin_v1().parameters.get(key=key).value


def test_a_parameter_keeps_a_right_value_in_its_stored_form():
    draft = rule_set_copy_as_draft(rule_set=RuleSet.objects.get(city="dehong", version=1))
    parameter = parameter_update(parameter=draft.parameters.get(key="family_reunion.area_standard_m2"), value=18.5)
    assert parameter.value == "18.5"
    zones = parameter_update(
        parameter=draft.parameters.get(key="residence.owned_zones"),
        value=["designated_town", "central_urban", "central_urban"],
    )
    assert zones.value == ["central_urban", "designated_town"]


def test_a_draft_with_a_parameter_missing_cannot_be_published():
    draft = draft_with_lease_months(12)
    Parameter.objects.filter(rule_set=draft, key="talent.kinds").delete()
    with pytest.raises(RuleSetError, match="可凭证书落户的人才类别"):
        rule_set_publish(rule_set=draft, actor=UserFactory())


def test_a_draft_is_never_used_for_real_answers_but_can_be_previewed():
    draft = draft_with_lease_months(6, effective_from=D(2015, 1, 1))
    facts = renter("2026-11-22", lease_since="2026-01-01")
    assert not eligibility_evaluate(facts=facts).result("residence").eligible
    assert rule_set_preview(rule_set=draft, facts=facts).result("residence").eligible


def test_no_rules_before_the_first_version():
    with pytest.raises(NoRulesInForce):
        eligibility_evaluate(facts=renter("2014-12-31"))
