"""Submitted cases ready for a batch: likely eligible under Qujing's residence door (an owner in
a central urban district), documents complete and checked by a clerk against the originals,
pre-screened — built through the services, each by the account verified as its applicant."""

from applications.models import Case
from applications.services import case_draft_create, case_draft_update, case_prescreen, case_submit
from tests.factories import AddressFactory, DocumentFactory, HouseholdFactory, UserFactory
from tests.process import account_for, check_documents

READY_DOCUMENTS = ("id_card", "household_booklet", "property_certificate")
SPOUSE_DOCUMENTS = ("marriage_certificate", "kinship_proof")


def ready_case(applicant, address, *, person=None, spouse=None, screen: bool = True, checked: bool = True) -> Case:
    """``spouse`` (a Person) comes along, with the marriage and kinship papers; their consent is
    asked on submission and not yet given."""
    person = person or HouseholdFactory(address=AddressFactory(zone="county_town")).head
    applicant = account_for(person, applicant)
    case = case_draft_create(
        applicant=applicant, city="qujing", pathway="residence", name=person.name, id_number=person.id_number
    )
    relatives = []
    if spouse is not None:
        relatives = [{"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}]
    case_draft_update(
        case=case,
        actor=applicant,
        address=address,
        facts={"applicant": {"housing": {"kind": "owned"}}},
        relatives=relatives,
    )
    for kind in READY_DOCUMENTS + (SPOUSE_DOCUMENTS if spouse is not None else ()):
        DocumentFactory(case=case, kind=kind)
    case = case_submit(case=case, actor=applicant)
    if checked:
        check_documents(case, UserFactory(clerk=True, station=address.station))
    if screen:
        case_prescreen(case_id=case.pk)
        case.refresh_from_db()
    return case
