"""The impact dry run's fast path (cases alike judged once, facts read as stored) gives the same
answers as the engine judging every case on its own."""

import datetime
import random

import pytest
from django.utils import timezone

from applications.constants import CaseStatus, Prescreen, RunStatus
from applications.models import Case, ImpactRun
from applications.services.impact import impact_dry_run
from eligibility.engine import evaluate_pathway
from eligibility.facts import facts_from_stored
from eligibility.models import RuleSet
from eligibility.rulebook import rulebook_from_rule_set
from eligibility.services import parameter_update, rule_set_copy_as_draft
from registers.constants import Zone
from tests.factories import AddressFactory, UserFactory, id_number_for

pytestmark = pytest.mark.django_db

FACTS = [
    {"applicant": {"housing": {"kind": "owned"}}},
    {"applicant": {"housing": {"kind": "owned", "area_m2": 42.5}}},
    {"applicant": {"housing": {"kind": "rented", "lease_since": "2024-03-01", "lease_registered": True}}},
    {"applicant": {"housing": {"kind": "rented", "lease_since": "2026-10-01", "lease_registered": True}}},
    {"applicant": {"housing": {"kind": "none"}, "employment_stable": True, "residence_since": "2020-01-01"}},
    {"applicant": {"housing": {"kind": "none"}}},
    {"applicant": {}},
]


def _sample_cases(count: int) -> list[Case]:
    rng = random.Random(12)
    applicant = UserFactory()
    rule_set = RuleSet.objects.get(city="qujing", version=1)
    addresses = [AddressFactory(zone=zone) for zone in (Zone.CENTRAL_URBAN, Zone.COUNTY_TOWN)]
    now = timezone.now()
    cases = []
    for i in range(count):
        address = rng.choice(addresses)
        cases.append(
            Case(
                reference=f"QJ-T-{i:06d}",
                kind="settlement",
                pathway="residence",
                status=rng.choice([CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.AWAITING_DOCUMENTS]),
                applicant=applicant,
                id_number=id_number_for("530302", datetime.date(1990, 1, 1), i),
                name=f"测试{i}",
                city="qujing",
                region_id=address.region_id,
                zone=rng.choice([address.zone, ""]),
                station_id=address.station_id,
                address=address,
                facts=rng.choice(FACTS),
                submitted_at=now - datetime.timedelta(days=rng.randrange(400), hours=rng.randrange(24)),
                rule_set=rule_set,
                prescreen=Prescreen.LIKELY_ELIGIBLE,
                eligible=rng.choice([True, False, None]),
            )
        )
    return Case.objects.bulk_create(cases)


def test_the_fast_dry_run_agrees_with_the_engine_case_by_case():
    cases = _sample_cases(300)
    v1 = RuleSet.objects.get(city="qujing", version=1)
    draft = rule_set_copy_as_draft(rule_set=v1, effective_from=timezone.localdate())
    owned = draft.parameters.get(key="residence.owned_zones")
    parameter_update(parameter=owned, value=[z for z in owned.value if z != "central_urban"])
    run = ImpactRun.objects.create(rule_set=draft, requested_by=UserFactory(supervisor=True))

    run = impact_dry_run(run_id=run.pk)

    book = rulebook_from_rule_set(draft)
    expected = []
    for case in cases:
        data = {
            "city": "qujing",
            "zone": case.zone or None,
            "as_of": timezone.localdate(case.submitted_at),
            **case.facts,
        }
        now = evaluate_pathway(facts_from_stored(data), book, case.pathway, explain=False).eligible
        if now != bool(case.eligible):
            expected.append(
                {
                    "id": case.pk,
                    "reference": case.reference,
                    "pathway": "residence",
                    "then": bool(case.eligible),
                    "now": now,
                }
            )
    assert run.status == RunStatus.DONE and run.cases_checked == 300
    shown = [{k: c[k] for k in ("id", "reference", "pathway", "then", "now")} for c in run.changed_cases]
    assert shown == sorted(expected, key=lambda c: c["id"])
    assert run.changed_count == len(expected)
    assert run.by_pathway == {
        "residence": {
            "checked": 300,
            "to_eligible": sum(c["now"] for c in expected),
            "to_ineligible": sum(not c["now"] for c in expected),
        }
    }
    assert 0 < len(expected) < 300  # the draft changes some verdicts and not others
