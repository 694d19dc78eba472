"""Submitted cases ready for a batch: likely eligible under Qujing's residence door (an owner in
a central urban district), documents complete and checked by a clerk against the originals,
pre-screened — CaseFactory(submitted=True), each by the account verified as its applicant."""

from applications.models import Case
from tests.factories import READY_DOCUMENTS, SPOUSE_DOCUMENTS, CaseFactory

__all__ = ["READY_DOCUMENTS", "SPOUSE_DOCUMENTS", "ready_case"]


def ready_case(applicant, address, *, person=None, spouse=None, screen: bool = True, checked: bool = True) -> Case:
    """``spouse`` (a Person) comes along, with the marriage and kinship papers; their consent is
    asked on submission and not yet given."""
    extra = {} if person is None else {"person": person}
    return CaseFactory(
        submitted=True, applicant=applicant, address=address, spouse=spouse, screen=screen, checked=checked, **extra
    )
