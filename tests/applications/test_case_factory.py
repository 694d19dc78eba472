"""CaseFactory reaches every state through the services, so each case is one the portal could
have made: its applicant verified, its history recorded, its documents and consents as the state
needs them."""

import pytest

from accounts.models import VerifiedIdentity
from applications.constants import CaseStatus, ConsentStatus, EventKind
from applications.models import PaperKind
from registers.models import Membership, Person
from tests.factories import STATES, CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

EVENTS = {
    CaseStatus.DRAFT: [],
    CaseStatus.SUBMITTED: [EventKind.SUBMITTED],
    CaseStatus.IN_REVIEW: [EventKind.SUBMITTED, EventKind.TAKEN],
    CaseStatus.AWAITING_DOCUMENTS: [EventKind.SUBMITTED, EventKind.TAKEN, EventKind.DOCUMENTS_REQUESTED],
    CaseStatus.APPROVED: [EventKind.SUBMITTED, EventKind.TAKEN, EventKind.APPROVED],
    CaseStatus.COMPLETED: [EventKind.SUBMITTED, EventKind.TAKEN, EventKind.APPROVED, EventKind.COMPLETED],
    CaseStatus.REFUSED: [EventKind.SUBMITTED, EventKind.TAKEN, EventKind.REFUSED],
    CaseStatus.WITHDRAWN: [EventKind.SUBMITTED, EventKind.WITHDRAWN],
}
OTHERS = [EventKind.DOCUMENTS_REQUESTED, EventKind.REFUSED, EventKind.WITHDRAWN]


@pytest.mark.parametrize("state", STATES)
def test_each_trait_reaches_its_state_through_the_services(state):
    case = CaseFactory(**({} if state == CaseStatus.DRAFT else {state: True}))

    assert case.status == state
    transitions = [e.kind for e in case.events.order_by("pk") if e.kind in EVENTS[CaseStatus.COMPLETED] + OTHERS]
    assert transitions == EVENTS[state]
    identity = VerifiedIdentity.objects.get(user=case.applicant)
    assert (identity.id_number, identity.name) == (case.id_number, case.name)
    assert bool(case.reference) == (state != CaseStatus.DRAFT)


def test_a_decided_case_has_every_document_checked_and_its_papers():
    completed, approved, refused = (CaseFactory(**{s: True}) for s in ("completed", "approved", "refused"))

    for case in (completed, approved):
        assert not case.documents.exclude(check_result="passed").exists()
        assert case.papers.filter(kind=PaperKind.CERTIFICATE).exists()
    assert refused.papers.filter(kind=PaperKind.REFUSAL).exists()
    assert approved.origin_outside and not Person.objects.filter(id_number=approved.id_number).exists()
    assert Membership.objects.get(person__id_number=completed.id_number, until__isnull=True).household.address == (
        completed.address
    )


def test_a_spouse_is_asked_on_submission_and_consents_before_the_decision(family):
    _household, head, spouse = family
    submitted = CaseFactory(submitted=True, spouse=PersonFactory(female=True))
    completed = CaseFactory(completed=True, person=head, spouse=spouse)

    assert list(submitted.consents.values_list("status", flat=True)) == [ConsentStatus.PENDING]
    assert list(completed.consents.values_list("status", flat=True)) == [ConsentStatus.GIVEN]
    moved = Membership.objects.filter(household__address=completed.address, until__isnull=True)
    assert moved.count() == 2


def test_a_correction_case_corrects_the_register_when_completed():
    case = CaseFactory(completed=True, correction={"field": "name", "value": "张卫", "reason": "户口簿登记有误"})

    assert case.kind == "correction" and Person.objects.get(id_number=case.id_number).name == "张卫"


def test_a_case_is_never_built_past_the_services():
    with pytest.raises(NotImplementedError):
        CaseFactory.build(completed=True)
