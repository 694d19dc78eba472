"""What the real process needs before a case can be decided, for tests that build cases through the
services: the applicant's account verified as the person it applies for, each document checked by
a clerk against its original, everyone coming along consenting from their own verified account."""

from accounts.models import IdentityMethod, User, VerifiedIdentity
from applications.constants import ConsentStatus
from applications.services import consent_answer, document_check
from tests.factories import UserFactory


def verify(user: User, person=None, *, name: str = "", id_number: str = "") -> User:
    """Record ``user`` as verified at the counter for ``person`` (or the name and number given)."""
    VerifiedIdentity.objects.create(
        user=user,
        name=name or person.name,
        id_number=id_number or person.id_number,
        method=IdentityMethod.COUNTER,
    )
    return user


def account_for(person, preferred: User | None = None) -> User:
    """An applicant account verified as ``person``: ``preferred`` when it is (or can become) theirs,
    else a new account — one person, one account."""
    if preferred is not None:
        identity = VerifiedIdentity.objects.filter(user=preferred).first()
        if identity is None and not VerifiedIdentity.objects.filter(id_number=person.id_number).exists():
            return verify(preferred, person)
        if identity is not None and identity.id_number == person.id_number:
            return preferred
    existing = VerifiedIdentity.objects.filter(id_number=person.id_number).select_related("user").first()
    if existing is not None:
        return existing.user
    return verify(UserFactory(email_verified=True), person)


def check_documents(case, clerk) -> None:
    """The clerk finds every uploaded document matching its original."""
    for document in case.documents.filter(check_result="unchecked"):
        document_check(document=document, clerk=clerk, passed=True)


def consent_everyone(case) -> None:
    """Each person asked agrees from their own verified account."""
    for consent in case.consents.filter(status=ConsentStatus.PENDING):
        identity = VerifiedIdentity.objects.filter(id_number=consent.id_number).first()
        user = identity.user if identity else verify(UserFactory(email_verified=True), consent)
        consent_answer(consent=consent, user=user, accept=True)


def complete_and_check(case, clerk) -> None:
    """Every checklist item of the case gets a document, the clerk checks them all, and everyone
    asked consents: the case may then be approved."""
    from applications.selectors import case_checklist
    from tests.factories import DocumentFactory

    for line in case_checklist(case):
        if not line.documents and not line.auto_passed and line.promise is None:
            DocumentFactory(case=case, kind=line.item.document)
    check_documents(case, clerk)
    consent_everyone(case)
