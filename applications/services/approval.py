"""Decisions that change the register: approval of a move (with its certificate), completion of a
move from outside the portal's register, birth registration, death deregistration, correction."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activity.services import record_event, record_events
from common.db import locked_row
from common.errors import domain_errors
from notices.services import notices_gathered
from registers.constants import HouseholdKind, JoinReason, LeaveReason, Relation
from registers.history import register_change
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
    case_busy,
    lock_case,
    require_status,
)
from .consents import consented_relative_ids
from .materials import require_approvable
from .notify import notify_moved_in
from .papers import certificate_content, issue_certificate_content, issue_receipt
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


# What a decision reads of the case, in the one query that locks it and four that fetch its lists
# (the engine's facts, the checklist, the consents and the certificate all read them again).
DECISION_RELATED = ("region", "station__region__parent", "address__region", "address__station", "rule_set", "applicant")
DECISION_LISTS = ("relatives", "documents", "promises", "consents")


def lock_for_decision(case: Case | int) -> Case:
    """The case locked as lock_case does, with what a decision reads of it already loaded."""
    pk = case.pk if isinstance(case, Case) else case
    query = Case.objects.select_for_update(of=("self",)).select_related(*DECISION_RELATED)
    case = locked_row(lambda: query.get(pk=pk), conflict=case_busy)
    prefetch_related_objects([case], *DECISION_LISTS)
    return case


def register_reason(case: Case) -> str:
    """Why the register changes: the case that moved them (a correction: and its reason)."""
    reason = f"业务 {case.reference}（{case.get_kind_display()}）"
    correction = (case.facts.get("correction") or {}) if case.kind == CaseKind.CORRECTION else {}
    return f"{reason}：{correction['reason']}" if correction.get("reason") else reason


def records_register_change(decision):
    """The register's change records of ``decision`` name the clerk (in a batch: its starter) and
    the case (registers/history.py)."""

    @functools.wraps(decision)
    def decide(*, case: Case, clerk, **kwargs):
        with register_change(actor=clerk, reason=register_reason(case)):
            return decision(case=case, clerk=clerk, **kwargs)

    return decide


@domain_errors()  # a register rule the decision breaks (a birth date ahead, a name too long) is a message
@transaction.atomic
def case_approve(*, case: Case, clerk) -> Case:
    """Approve in one transaction: the decision, the certificate and — when everyone moving is in
    the portal's register — the register itself. A move from outside waits for the origin's
    迁移证 (公通字〔2021〕12号 第43、45条) and completes in case_complete_move_in."""
    case = lock_for_decision(case)
    require_staff_of(case, clerk)
    return approve_locked(case, clerk)


def approve_locked(case: Case, clerk, *, checklist=None, taken: bool = False) -> Case:
    """case_approve's work on a case the caller has locked (lock_for_decision) and checked the
    clerk of. The numbered papers come last, so the counters they claim are held for the least
    time. ``taken``: the case was taken in this transaction (batch review, take_locked's
    then_approved): the take's step goes in with the approval's and its 受理回执 before the
    certificate, as a clerk's take and approval would. The register's change records name the
    clerk (in a batch: its starter) and the case, however the decision came; what it tells the
    applicant (accepted, approved, moved in) is written together, at the end."""
    with register_change(actor=clerk, reason=register_reason(case)), notices_gathered():
        return _approve(case, clerk, checklist=checklist, taken=taken)


def _approve(case: Case, clerk, *, checklist, taken: bool) -> Case:
    require_status(case, CaseStatus.IN_REVIEW)
    if case.kind == CaseKind.SETTLEMENT and case.eligible is not True:
        raise CaseError(_("引擎判断不符合或事实不全：请先依据材料更正事实，或不予办理。"))
    require_approvable(case, checklist=checklist)
    today = timezone.localdate()
    case.decided_by, case.decided_at = clerk, timezone.now()
    certificate = None
    if case.kind == CaseKind.SETTLEMENT:
        movers = movers_of(case)
        current = _current_memberships(movers)
        case.origin_outside = len(current) < len(movers)
        certificate = certificate_content(case, clerk, movers, current)  # as the register stands before the move
        if not case.origin_outside:
            _move_in(case, movers, current, today)
        case.status = CaseStatus.APPROVED if case.origin_outside else CaseStatus.COMPLETED
    else:
        _decide_other(case, clerk, today)
        case.status = CaseStatus.COMPLETED
    case.save()
    events = [EventKind.APPROVED] + ([EventKind.COMPLETED] if case.status == CaseStatus.COMPLETED else [])
    record_events(case, [EventKind.TAKEN, *events] if taken else events, actor=clerk)
    if taken:
        issue_receipt(case, clerk)
    if certificate is not None:
        issue_certificate_content(case, clerk, certificate)
    if case.kind == CaseKind.SETTLEMENT and case.status == CaseStatus.COMPLETED:
        notify_moved_in(case)  # registered here now; a move from outside is told in case_complete_move_in
    return case


def _decide_other(case: Case, clerk, today: datetime.date) -> None:
    if case.kind == CaseKind.NEWBORN:
        _register_birth(case, today)
    elif case.kind == CaseKind.DEATH:
        _register_death(case, today)
    elif case.kind in APPROVAL_STEPS:  # a kind another app owns (residence permits, endorsements)
        APPROVAL_STEPS[case.kind](case=case, clerk=clerk, day=today)
    else:
        _apply_correction(case)


@domain_errors()
@records_register_change
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
    _move_in(case, movers, _current_memberships(movers), today)
    case.status = CaseStatus.COMPLETED
    case.save(update_fields=["status", "updated_at"])
    record_event(case, EventKind.COMPLETED, actor=clerk)
    notify_moved_in(case)
    return case


def _current_memberships(movers: list[Mover]) -> dict[str, Membership]:
    """The movers' current memberships in the portal's register, by identity number (locked for
    the move, with the person and the household's address as the certificate prints them)."""
    numbers = [m.id_number for m in movers]
    current = (
        Membership.objects.select_for_update(of=("self", "person"))
        .filter(person__id_number__in=numbers, until__isnull=True)
        .select_related("person", "household__address__region")
    )
    return {m.person.id_number: m for m in current}


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


def _move_in(case: Case, movers: list[Mover], current: dict[str, Membership], day: datetime.date) -> Household:
    """Each mover leaves their household (a mover from outside is registered first) and joins the
    destination: the applicant's new household, the chosen one, or the community's collective."""
    destination = case.target_household
    note = f"{case.reference}"
    persons = {}
    for mover in movers:
        membership = current.get(mover.id_number)
        if membership is None:
            persons[mover.id_number] = _person_from_outside(mover)
            continue
        persons[mover.id_number] = membership.person
        _move_out(membership, day, f"迁往{case.address or case.station}（{note}）")
    applicant = persons[case.id_number]
    if destination is None and settles_into_community_collective(case):
        destination = _community_collective(case, day)
    if destination is None:
        destination = household_create(kind=HouseholdKind.FAMILY, address=case.address, head=applicant, created_on=day)
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


def _move_out(membership: Membership, day: datetime.date, note: str) -> None:
    """End the (locked) current membership; a head who leaves hands the household to their spouse,
    or else to the eldest member who stays."""
    membership_end(membership=membership, until=day, left_by=LeaveReason.MOVE_OUT, note=note, locked=True)
    household = membership.household
    if household.head_id == membership.person_id:
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
