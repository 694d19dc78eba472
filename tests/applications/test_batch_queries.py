"""One batch approval's queries: a fixed number, whatever the size of the register and the number
of people moving (what batch review at a million cases depends on)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.constants import BatchItemStatus
from applications.services.batches import batch_process_item, batch_start
from tests.factories import CaseFactory, HouseholdFactory
from tests.process import consent_everyone

pytestmark = pytest.mark.django_db

# 119 before the decision read the case once and numbered its papers last; 53 then, and 3 more
# since the register keeps its history (a historical row of the household and each membership);
# 53 since each of its three notices reads the applicant's preferences once, not twice; 44 since
# the three are written together (one read of the preferences and wordings, one INSERT), the take
# is saved and recorded with the approval, and a published rule set's parameters come from its
# cached rule book; 45 since the starter is read by its own key, not joined to the item's claim
# (PostgreSQL merged that join with a scan of every account: 3 ms an approval at 1M cases).
MOST = 45


def _queries_of_one_approval(clerk, item) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert batch_process_item(item_id=item.pk) == BatchItemStatus.APPROVED
    return [q["sql"] for q in queries.captured_queries]


def test_one_batch_approval_makes_a_bounded_number_of_queries(applicant_user, station_address, clerk):
    cases = [CaseFactory(submitted=True, applicant=applicant_user, address=station_address) for _ in range(2)]
    batch = batch_start(starter=clerk, case_ids=[c.pk for c in cases])
    first, second = batch.items.order_by("pk")
    _queries_of_one_approval(clerk, first)  # the first claims of each counter create its row

    queries = _queries_of_one_approval(clerk, second)

    assert len(queries) <= MOST, "\n".join(queries)
    assert not any('registers_household"."register_number" AS' in q for q in queries)  # no max+1 scan
    station_locks = [q for q in queries if q.startswith('SELECT "registers_policestation"') and "FOR UPDATE" in q]
    assert not station_locks  # workers do not queue on a station's row
    claim = next(q for q in queries if q.startswith('SELECT "applications_batchitem"') and "FOR UPDATE" in q)
    assert "accounts_user" not in claim  # the claim locks the item by its key, joined to no account


def test_a_spouse_coming_along_adds_no_query_per_list(applicant_user, station_address, clerk):
    alone = CaseFactory(submitted=True, applicant=applicant_user, address=station_address)
    household = HouseholdFactory()
    spouse = household.head
    together = CaseFactory(submitted=True, applicant=applicant_user, address=station_address, spouse=spouse)
    consent_everyone(together)
    batch = batch_start(starter=clerk, case_ids=[alone.pk, together.pk])
    items = {item.case_id: item for item in batch.items.all()}

    one = _queries_of_one_approval(clerk, items[alone.pk])
    two = _queries_of_one_approval(clerk, items[together.pk])

    # the second person moves out and in (their membership ended, a new one started): a few
    # writes more, and no more reads of the case's lists
    assert len(two) - len(one) <= 8, "\n".join(two)
