"""Decisions that change the register: approval of a move (with its certificate), completion of a
move from outside the portal's register, birth registration, death deregistration, correction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.errors import domain_errors
from registers.constants import HouseholdKind, JoinReason, LeaveReason, Relation
from registers.identity import birth_date_of, sex_of
from registers.models import Household, Membership, Person
from registers.services import (
    community_collective_open,
    household_create,
    membership_end,
    membership_start,
    person_create,
)

from ..constants import CaseKind, CaseStatus, EventKind
from ..models import Case
from .common import (
    CaseError,
    lock_case,
    record_event,
    require_status,
)
from .consents import consented_relative_ids
from .materials import require_approvable
from .notify import notify_moved_in
from .papers import issue_certificate
from .review import require_staff_of

KIN_TO_HEAD = {
    "spouse": Relation.SPOUSE,
    "child": Relation.CHILD,
    "parent": Relation.PARENT,
    "grandparent": Relation.GRANDPARENT,
    "grandchild": Relation.GRANDCHILD,
    "sibling": Relation.SIBLING,
}

# What approving a case of a kind another app owns does — issuing a residence permit, endorsing
# one — in case_approve's transaction. Registered by the composition root (hukou_portal.apps),
# since those apps build on this one and this one imports none of them.
ApprovalStep = Callable[..., object]
APPROVAL_STEPS: dict[str, ApprovalStep] = {}


def approval_step_register(kind: str, step: ApprovalStep) -> None:
    APPROVAL_STEPS[kind] = step


@dataclass(frozen=True)
class Mover:
    id_number: str
    name: str
    relation: str  # to the applicant: "self", or the contract's relation words


def movers_of(case: Case) -> list[Mover]:
    """The applicant and each relative the engine let come along and who consented (or whose
    guardian did); the others stay where they are."""
    consented = consented_relative_ids(case)
    return [Mover(case.id_number, case.name, "self")] + [
        Mover(r.id_number, r.name, r.relation) for r in case.relatives.all() if r.eligible and r.pk in consented
    ]


@domain_errors()  # a register rule the decision breaks (a birth date ahead, a name too long) is a message
@transaction.atomic
def case_approve(*, case: Case, clerk) -> Case:
    """Approve in one transaction: the decision, the certificate and — when everyone moving is in
    the portal's register — the register itself. A move from outside waits for the origin's
    迁移证 (公通字〔2021〕12号 第43、45条) and completes in case_complete_move_in."""
    case = lock_case(case)
    require_staff_of(case, clerk)
    require_status(case, CaseStatus.IN_REVIEW)
    if case.kind == CaseKind.SETTLEMENT and case.eligible is not True:
        raise CaseError(_("引擎判断不符合或事实不全：请先依据材料更正事实，或不予办理。"))
    require_approvable(case)
    today = timezone.localdate()
    case.decided_by, case.decided_at = clerk, timezone.now()
    if case.kind == CaseKind.SETTLEMENT:
        movers = movers_of(case)
        in_register = {p.id_number: p for p in _persons_in_register(movers)}
        case.origin_outside = len(in_register) < len(movers)
        issue_certificate(case, clerk, movers)
        if not case.origin_outside:
            _move_in(case, movers, in_register, today)
        case.status = CaseStatus.APPROVED if case.origin_outside else CaseStatus.COMPLETED
    elif case.kind == CaseKind.NEWBORN:
        _register_birth(case, today)
        case.status = CaseStatus.COMPLETED
    elif case.kind == CaseKind.DEATH:
        _register_death(case, today)
        case.status = CaseStatus.COMPLETED
    elif case.kind in APPROVAL_STEPS:  # a kind another app owns (residence permits, endorsements)
        APPROVAL_STEPS[case.kind](case=case, clerk=clerk, day=today)
        case.status = CaseStatus.COMPLETED
    else:
        _apply_correction(case)
        case.status = CaseStatus.COMPLETED
    case.save()
    record_event(case, EventKind.APPROVED, actor=clerk)
    if case.status == CaseStatus.COMPLETED:
        record_event(case, EventKind.COMPLETED, actor=clerk)
    if case.kind == CaseKind.SETTLEMENT and case.status == CaseStatus.COMPLETED:
        notify_moved_in(case)  # registered here now; a move from outside is told in case_complete_move_in
    return case


@domain_errors()
@transaction.atomic
def case_complete_move_in(
    *, case: Case, clerk, migration_certificate: str, origin_authority: str, issued_on: datetime.date
) -> Case:
    """The origin has moved the persons out and sent the 迁移证: register them here."""
    case = lock_case(case)
    require_staff_of(case, clerk)
    require_status(case, CaseStatus.APPROVED)
    certificate = case.certificate
    if certificate is not None and certificate.expired:
        raise CaseError(
            _("准予迁入证明已过有效期（有效期至%(date)s），不能据此办理迁入。")
            % {"date": date_format(certificate.valid_until)}
        )
    if not migration_certificate.strip() or not origin_authority.strip():
        raise CaseError(_("请填写迁移证编号和签发机关。"))
    record_event(
        case,
        EventKind.MOVE_OUT_RECORDED,
        actor=clerk,
        migration_certificate=migration_certificate,
        origin_authority=origin_authority,
        issued_on=issued_on.isoformat(),
    )
    today = timezone.localdate()
    movers = movers_of(case)
    in_register = {p.id_number: p for p in _persons_in_register(movers)}
    for mover in movers:
        if mover.id_number not in in_register:
            in_register[mover.id_number] = _person_from_outside(mover)
    _move_in(case, movers, in_register, today)
    case.status = CaseStatus.COMPLETED
    case.save(update_fields=["status", "updated_at"])
    record_event(case, EventKind.COMPLETED, actor=clerk)
    notify_moved_in(case)
    return case


def _persons_in_register(movers: list[Mover]) -> list[Person]:
    """The movers who have a current household in the portal's register (locked for the move)."""
    numbers = [m.id_number for m in movers]
    current = Membership.objects.select_for_update().filter(person__id_number__in=numbers, until__isnull=True)
    return [m.person for m in current.select_related("person")]


def _person_from_outside(mover: Mover) -> Person:
    existing = Person.objects.filter(id_number=mover.id_number).first()
    if existing is not None:
        return existing
    return person_create(
        id_number=mover.id_number,
        name=mover.name,
        sex=sex_of(mover.id_number),
        birth_date=birth_date_of(mover.id_number),
    )


def _move_in(case: Case, movers: list[Mover], persons: dict[str, Person], day: datetime.date) -> Household:
    destination = case.target_household
    applicant = persons[case.id_number]
    note = f"{case.reference}"
    for mover in movers:
        _move_out(persons[mover.id_number], day, f"迁往{case.address or case.station}（{note}）")
    if destination is None and settles_into_community_collective(case):
        destination = _community_collective(case, day)
    if destination is None:
        destination = household_create(
            kind=HouseholdKind.FAMILY, address=case.address, station=case.station, head=applicant, created_on=day
        )
        movers = movers[1:]
    try:
        for mover in movers:
            membership_start(
                person=persons[mover.id_number],
                household=destination,
                relation=_relation_to_head(destination, applicant, mover),
                since=day,
                joined_by=JoinReason.MOVE_IN,
                note=note,
            )
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from None
    return destination


def settles_into_community_collective(case: Case) -> bool:
    """The applicant chose the collective household of the community where the residence lies
    (the contract's applicant.settle_into)."""
    return (case.facts.get("applicant") or {}).get("settle_into") == "community_collective"


def _community_collective(case: Case, day: datetime.date) -> Household:
    try:
        return community_collective_open(address=case.address, created_on=day)
    except ValidationError as error:
        raise CaseError(" ".join(error.messages)) from None


def _relation_to_head(household: Household, applicant: Person, mover: Mover) -> str:
    if household.kind == HouseholdKind.COLLECTIVE:
        return Relation.COLLECTIVE_MEMBER
    if household.head_id == applicant.pk:
        return KIN_TO_HEAD.get(mover.relation, Relation.OTHER_RELATIVE)
    return Relation.OTHER_RELATIVE


def _move_out(person: Person, day: datetime.date, note: str) -> None:
    membership = Membership.objects.select_for_update().filter(person=person, until__isnull=True).first()
    if membership is None:
        return
    membership_end(membership=membership, until=day, left_by=LeaveReason.MOVE_OUT, note=note)
    household = membership.household
    if household.head_id == person.pk:
        remaining = (
            Membership.objects.filter(household=household, until__isnull=True)
            .select_related("person")
            .order_by("person__birth_date")
        )
        successor = next((m for m in remaining if m.relation == Relation.SPOUSE), None) or remaining.first()
        if successor is not None:
            household.head = successor.person
            household.save(update_fields=["head"])


def _register_birth(case: Case, day: datetime.date) -> Person:
    """出生登记: not tied to any extra condition (郴政发〔2016〕1号 四（一）)."""
    from registers.identity import id_number_assign

    baby = case.facts.get("newborn") or {}
    household = case.target_household
    if household is None:
        raise CaseError(_("请指定新生儿落户的户。"))
    birth_date = datetime.date.fromisoformat(baby["birth_date"])
    number = id_number_assign(region_code=household.address.region.code, birth_date=birth_date, sex=baby["sex"])
    person = person_create(id_number=number, name=baby["name"], sex=baby["sex"], birth_date=birth_date)
    membership_start(
        person=person,
        household=household,
        relation=Relation.CHILD,
        since=day,
        joined_by=JoinReason.BIRTH,
        note=case.reference,
    )
    case.person = person
    return person


def _register_death(case: Case, day: datetime.date) -> None:
    death = case.facts.get("death") or {}
    person = Person.objects.select_for_update().filter(id_number=death.get("id_number")).first()
    if person is None:
        raise CaseError(_("户籍库中没有该公民身份号码的人员。"))
    person.death_date = datetime.date.fromisoformat(death["date"])
    person.save(update_fields=["death_date"])
    membership = Membership.objects.select_for_update().filter(person=person, until__isnull=True).first()
    if membership is not None:
        membership_end(
            membership=membership,
            until=max(person.death_date, membership.since),
            left_by=LeaveReason.DEATH,
            note=case.reference,
        )
    case.person = person


CORRECTABLE = {"name", "ethnicity"}


def _apply_correction(case: Case) -> None:
    correction = case.facts.get("correction") or {}
    person = Person.objects.select_for_update().filter(id_number=correction.get("id_number")).first()
    if person is None or correction.get("field") not in CORRECTABLE:
        raise CaseError(_("只能更正户籍库中人员的姓名或民族。"))
    setattr(person, correction["field"], correction["value"])
    person.full_clean()
    person.save(update_fields=[correction["field"]])
    case.person = person
