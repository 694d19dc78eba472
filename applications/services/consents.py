"""Nobody moves without their recorded consent (or their guardian's).

On submission each adult coming along, and the head of the household the case would join, is
asked: from their own verified account (a confirmation request they accept or decline), or by a
signed 授权委托书 the applicant uploads and a clerk checks against the original. The applicant's own
minor children are consented for by the applicant as their guardian. A relative who declines stays
where they are; a household head who declines stops the move into that household."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activity.services import record_event
from registers.constants import HouseholdKind
from registers.identity import birth_date_of

from ..constants import OPEN_STATUSES, CaseKind, ConsentMethod, ConsentRole, ConsentStatus, EventKind
from ..models import Case, Consent
from .common import CaseError, lock_case, require_status

ADULT_AGE = 18


def is_minor(id_number: str, on: datetime.date) -> bool:
    born = birth_date_of(id_number)
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < ADULT_AGE


def consents_create(case: Case, actor, day: datetime.date) -> list[Consent]:
    """Ask everyone whose consent the move needs (called once, when the case is submitted)."""
    if case.kind != CaseKind.SETTLEMENT:
        return []
    consents = []
    for relative in case.relatives.all():
        consent = Consent(case=case, role=ConsentRole.RELATIVE, relative=relative, name=relative.name)
        consent.id_number = relative.id_number
        if relative.relation == "child" and is_minor(relative.id_number, day):
            consent.status, consent.method = ConsentStatus.GIVEN, ConsentMethod.GUARDIAN
            consent.answered_by, consent.answered_at = actor, timezone.now()
        consents.append(consent)
    head = _head_to_ask(case)
    if head is not None:
        consents.append(Consent(case=case, role=ConsentRole.HOUSEHOLD_HEAD, name=head.name, id_number=head.id_number))
    return Consent.objects.bulk_create(consents)


def _head_to_ask(case: Case):
    household = case.target_household
    if household is None or household.kind != HouseholdKind.FAMILY or household.head_id is None:
        return None
    head = household.head
    moving = {case.id_number, *(r.id_number for r in case.relatives.all())}
    return None if head.id_number in moving else head


def consents_for_account(user):
    """The requests waiting for this account's person (its verified identity) to answer."""
    identity = getattr(user, "verified_identity", None)
    if identity is None:
        return Consent.objects.none()
    return (
        Consent.objects.filter(id_number=identity.id_number, case__status__in=OPEN_STATUSES)
        .select_related("case", "case__station", "case__address__region", "relative")  # the address names its region
        .order_by("-created_at")
    )


@transaction.atomic
def consent_answer(*, consent: Consent, user, accept: bool) -> Consent:
    """The person asked answers from their own verified account."""
    identity = getattr(user, "verified_identity", None)
    if identity is None or identity.id_number != consent.id_number:
        raise CaseError(_("只有被征求意见的本人（已实名核验的账户）可以答复。"))
    case = lock_case(consent.case_id)
    require_status(case, *OPEN_STATUSES)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.status != ConsentStatus.PENDING:
        raise CaseError(_("您已答复过该请求。"))
    _answer(consent, user, ConsentStatus.GIVEN if accept else ConsentStatus.DECLINED, ConsentMethod.ACCOUNT)
    record_event(
        case,
        EventKind.CONSENT_ANSWERED,
        actor=user,
        message=_consent_message(consent),
        consent=consent.pk,
        status=consent.status,
    )
    return consent


def consent_by_power_of_attorney(consent: Consent, clerk) -> None:
    """A clerk found the signed 授权委托书 matching the original: the consent is on record."""
    if consent.status == ConsentStatus.PENDING:
        _answer(consent, clerk, ConsentStatus.GIVEN, ConsentMethod.POWER_OF_ATTORNEY)


def _answer(consent: Consent, user, status: str, method: str) -> None:
    consent.status, consent.method = status, method
    consent.answered_by, consent.answered_at = user, timezone.now()
    consent.save(update_fields=["status", "method", "answered_by", "answered_at"])


def _consent_message(consent: Consent) -> str:
    word = "同意" if consent.status == ConsentStatus.GIVEN else "不同意"
    role = "迁入户户主" if consent.role == ConsentRole.HOUSEHOLD_HEAD else "随迁人"
    return f"{role}{consent.name}{word}"


def consent_problems(case: Case) -> list[str]:
    """Whose consent approval still waits for, in words."""
    problems = []
    for consent in case.consents.all():
        if consent.role == ConsentRole.HOUSEHOLD_HEAD and consent.status == ConsentStatus.DECLINED:
            problems.append(_("迁入户户主%(name)s不同意迁入其户") % {"name": consent.name})
        elif consent.status == ConsentStatus.PENDING:
            problems.append(
                _("尚待%(name)s本人同意（本人账户确认，或提交本人签字的授权委托书）") % {"name": consent.name}
            )
    return problems


def consented_relative_ids(case: Case) -> set[int]:
    return {
        c.relative_id for c in case.consents.all() if c.role == ConsentRole.RELATIVE and c.status == ConsentStatus.GIVEN
    }
