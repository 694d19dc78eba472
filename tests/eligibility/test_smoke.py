import datetime

import pytest

from eligibility.facts import parse_facts
from eligibility.services import eligibility_evaluate

pytestmark = pytest.mark.django_db


def test_it_applies_the_contract_example():
    facts = parse_facts(
        {
            "city": "jilin",
            "zone": "central_urban",
            "as_of": datetime.date(2026, 11, 22),
            "pathway": "residence",
            "applicant": {
                "housing": {"kind": "rented", "lease_since": "2024-01-01"},
                "employment": {"stable": True},
                "social_insurance_months": {"pension": 13, "medical": 13, "unemployment": 13},
            },
            "relatives": [
                {"relation": "parent", "co_resident": True},
                {"relation": "grandparent", "co_resident": True},
            ],
        }
    )
    result = eligibility_evaluate(facts=facts).result("residence")
    assert result.eligible
    assert [r["eligible"] for r in result.relatives] == [True, False]
