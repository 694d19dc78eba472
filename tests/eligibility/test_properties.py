"""Invariants of the engine over generated facts (hypothesis)."""

import datetime
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.engine import evaluate
from eligibility.selectors import rulebook_in_force

from .strategies import facts, with_applicant

pytestmark = pytest.mark.django_db
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def book_for(f):
    return rulebook_in_force(city=f.city, as_of=f.as_of)


def verdicts(f, *, explain=True):
    return [
        (r.pathway, r.available, r.eligible, r.missing, [x["eligible"] for x in r.relatives or []])
        for r in evaluate(f, book_for(f), explain=explain).results
    ]


@PROPERTY
@given(facts, st.booleans())
def test_keeping_rural_rights_never_changes_any_answer(f, keeps):
    book = book_for(f)
    baseline = evaluate(with_applicant(f, keeps_rural_rights=None), book).as_dict()
    assert evaluate(with_applicant(f, keeps_rural_rights=keeps), book).as_dict() == baseline


@PROPERTY
@given(facts)
def test_where_the_hukou_and_the_county_are_matters_to_the_residence_permit_only(f):
    """The counties are read by the residence-permit rules (离开户籍所在地) and by nothing else."""
    book = book_for(f)
    without = replace(with_applicant(f, hukou_county=None), county=None)
    others = [r for r in verdicts(f) if r[0] != "residence_permit"]
    assert others == [r for r in verdicts(without) if r[0] != "residence_permit"]
    assert (
        evaluate(f, book).result("residence_permit").eligible
        >= evaluate(without, book).result("residence_permit").eligible
        or f.applicant.hukou_county == f.county
    )


@PROPERTY
@given(facts, st.booleans())
def test_the_collective_household_needs_no_owner_consent_and_opens_only_in_qujing(f, consent):
    """曲政发〔2015〕82号（十一）: renters settle into the community's collective household, whatever the
    owner says; no other city's text has that door."""
    f = with_applicant(f, settle_into="community_collective")
    book = book_for(f)
    result = evaluate(f, book).result("residence")
    asked = replace(f, applicant=replace(f.applicant, housing=replace(f.applicant.housing, owner_consent=consent)))
    assert evaluate(asked, book).result("residence").eligible == result.eligible
    if f.city != "qujing":
        assert not result.eligible


@PROPERTY
@given(facts)
def test_every_result_rests_on_at_least_one_condition_with_a_clause(f):
    for result in evaluate(f, book_for(f)).results:
        assert result.conditions
        assert all(c.clause and c.text for c in result.conditions)


@PROPERTY
@given(facts)
def test_batch_mode_gives_the_same_verdicts_as_explained_mode(f):
    assert verdicts(f, explain=False) == verdicts(f, explain=True)


def eligible_pathways(f):
    return {r.pathway for r in evaluate(f, book_for(f), explain=False).results if r.eligible}


@PROPERTY
@given(facts, st.integers(1, 60))
def test_more_insurance_months_never_turn_eligible_into_not_eligible(f, extra):
    paid = f.applicant.insurance
    more = replace(
        paid,
        **{
            k: (getattr(paid, k) or 0) + extra
            for k in ("pension", "medical", "unemployment")
            if getattr(paid, k) is not None
        },
    )
    assert eligible_pathways(f) <= eligible_pathways(with_applicant(f, insurance=more))


@PROPERTY
@given(facts, st.integers(1, 900))
def test_a_longer_lease_never_turns_eligible_into_not_eligible(f, days):
    housing = f.applicant.housing
    if housing.lease_since is None:
        return
    longer = replace(housing, lease_since=housing.lease_since - datetime.timedelta(days=days))
    assert eligible_pathways(f) <= eligible_pathways(with_applicant(f, housing=longer))


@PROPERTY
@given(facts, st.integers(1, 200))
def test_a_bigger_home_never_turns_eligible_into_not_eligible(f, extra_m2):
    housing = f.applicant.housing
    if housing.area_m2 is None:
        return
    bigger = replace(housing, area_m2=housing.area_m2 + extra_m2)
    assert eligible_pathways(f) <= eligible_pathways(with_applicant(f, housing=bigger))


@PROPERTY
@given(facts, st.integers(1, 900))
def test_living_there_longer_never_turns_eligible_into_not_eligible(f, days):
    since = f.applicant.residence_since
    if since is None:
        return
    longer = with_applicant(f, residence_since=since - datetime.timedelta(days=days))
    assert eligible_pathways(f) <= eligible_pathways(longer)
