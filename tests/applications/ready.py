"""Submitted cases ready for a batch: likely eligible under Qujing's residence door (an owner in
a central urban district), documents complete, pre-screened — built through the services."""

from applications.models import Case
from applications.services import case_draft_create, case_draft_update, case_prescreen, case_submit
from tests.factories import AddressFactory, DocumentFactory, HouseholdFactory

READY_DOCUMENTS = ("id_card", "household_booklet", "property_certificate")


def ready_case(applicant, address, *, person=None, screen: bool = True) -> Case:
    person = person or HouseholdFactory(address=AddressFactory(zone="county_town")).head
    case = case_draft_create(
        applicant=applicant, city="qujing", pathway="residence", name=person.name, id_number=person.id_number
    )
    case_draft_update(case=case, actor=applicant, address=address, facts={"applicant": {"housing": {"kind": "owned"}}})
    for kind in READY_DOCUMENTS:
        DocumentFactory(case=case, kind=kind)
    case = case_submit(case=case, actor=applicant)
    if screen:
        case_prescreen(case_id=case.pk)
        case.refresh_from_db()
    return case
