"""Reads: who may see which registration and permit, a permit's state, years and rights, the
permits due a reminder."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from common.staff import staff_scope
from eligibility.dates import add_months
from eligibility.engine import NoRulesInForce
from eligibility.rulebook import RuleBook
from eligibility.selectors import rulebook_in_force

from .constants import NotificationKind, PermitRight, PermitState
from .continuity import Continuity, continuity, state_on, window_opens
from .models import Endorsement, Notification, ResidencePermit, ResidenceRegistration

logger = logging.getLogger(__name__)

PERMIT_RELATED = ("address__region", "station")


# --- Who sees what --------------------------------------------------------------------------


def permits_visible_to_staff(user) -> QuerySet[ResidencePermit]:
    return staff_scope(user, ResidencePermit.objects.select_related(*PERMIT_RELATED))


def registrations_visible_to_staff(user) -> QuerySet[ResidenceRegistration]:
    return staff_scope(user, ResidenceRegistration.objects.select_related(*PERMIT_RELATED))


def permit_for_staff(user, pk) -> ResidencePermit:
    """The permit if this staff member may see it; otherwise 404."""
    try:
        return permits_visible_to_staff(user).select_related("case", "holder_account").get(pk=pk)
    except (ResidencePermit.DoesNotExist, ValueError):
        raise Http404 from None


def permit_for_staff_recorded(request, pk) -> ResidencePermit:
    """permit_for_staff for a request: an attempt on an existing permit the staff member may not
    see is still a 404, and is recorded for the auditors (访问被拒绝)."""
    try:
        return permit_for_staff(request.user, pk)
    except Http404:
        from registers.audit import record_access
        from registers.models import DataAccess

        permit = ResidencePermit.objects.filter(pk=pk).first() if str(pk).isdigit() else None
        if permit is not None:
            record_access(
                request=request,
                action=DataAccess.Action.DENIED,
                id_number=permit.id_number,
                person=permit.person,
                subject=f"居住证 {permit.number}",
            )
        raise


def permits_of_holder(user) -> QuerySet[ResidencePermit]:
    return ResidencePermit.objects.filter(holder_account=user).select_related(*PERMIT_RELATED)


def permit_for_holder(user, pk) -> ResidencePermit:
    try:
        return permits_of_holder(user).select_related("case").get(pk=pk)
    except (ResidencePermit.DoesNotExist, ValueError):
        raise Http404 from None


def registrations_of_applicant(user) -> QuerySet[ResidenceRegistration]:
    return ResidenceRegistration.objects.filter(applicant=user).select_related(*PERMIT_RELATED)


def registration_for_applicant(user, pk) -> ResidenceRegistration:
    try:
        return registrations_of_applicant(user).get(pk=pk)
    except (ResidenceRegistration.DoesNotExist, ValueError):
        raise Http404 from None


def permit_by_code(code: str) -> ResidencePermit | None:
    return ResidencePermit.objects.select_related("station").filter(code=code).first()


# --- A permit on a day ----------------------------------------------------------------------


@dataclass(frozen=True)
class GradedRight:
    label: str
    residence_years: int | None
    insurance_years: int | None
    strictly_more: bool
    note: str
    residence_reached: bool | None  # None: the departments set the condition, no figure yet


@dataclass(frozen=True)
class PermitStatus:
    state: str
    continuity: Continuity
    window_opens: datetime.date | None
    may_endorse: bool
    rights_now: list[str]
    rights_graded: list[GradedRight]

    @property
    def state_label(self) -> str:
        return PermitState(self.state).label


def with_endorsements(queryset: QuerySet[ResidencePermit]) -> QuerySet[ResidencePermit]:
    """Prefetch what permit_status reads, for lists."""
    return queryset.prefetch_related(
        Prefetch("endorsements", queryset=Endorsement.objects.filter(endorsed_on__isnull=False), to_attr="done")
    )


def permit_statuses(permits, *, as_of: datetime.date) -> list[tuple[ResidencePermit, PermitStatus]]:
    """Each permit with its status, the rules read once per city: a list costs the same few queries
    however long it is (prefetch the endorsements with with_endorsements)."""
    books: dict[str, RuleBook | None] = {}
    rows = []
    for permit in permits:
        if permit.city not in books:
            books[permit.city] = rulebook_or_none(permit.city, as_of)
        rows.append((permit, permit_status(permit, as_of=as_of, book=books[permit.city])))
    return rows


_UNSET = object()


def permit_status(permit: ResidencePermit, *, as_of: datetime.date, book=_UNSET) -> PermitStatus:
    """State, continuous years, the endorsement window and the rights, under the city's rules of
    the day (the rights lists are rule-set data: residence_permit.rights_now / rights_graded)."""
    done = getattr(permit, "done", None)
    if done is None:
        done = list(permit.endorsements.filter(endorsed_on__isnull=False))
    years = continuity(
        residence_since=permit.residence_since,
        late_endorsements=[e.endorsed_on for e in done if e.late],
        valid_until=permit.valid_until,
        cancelled_on=permit.cancelled_on,
        as_of=as_of,
    )
    state = state_on(as_of, valid_until=permit.valid_until, cancelled_on=permit.cancelled_on)
    book = rulebook_or_none(permit.city, as_of) if book is _UNSET else book
    opens = None
    if book is not None:
        opens = window_opens(
            permit.valid_until, window_months=book.params["residence_permit.endorsement_window_months"]
        )
    return PermitStatus(
        state=state,
        continuity=years,
        window_opens=opens,
        may_endorse=state != PermitState.CANCELLED and opens is not None and as_of >= opens,
        rights_now=_rights_now(book) if state == PermitState.VALID else [],
        rights_graded=_rights_graded(book, years),
    )


def rulebook_or_none(city: str, day: datetime.date) -> RuleBook | None:
    try:
        return rulebook_in_force(city=city, as_of=day)
    except NoRulesInForce:
        return None


def _label(key: str) -> str:
    return PermitRight(key).label if key in PermitRight.values else key


def _rights_now(book: RuleBook | None) -> list[str]:
    keys = book.params["residence_permit.rights_now"] if book else ()
    return [_label(k) for k in PermitRight.values if k in keys]


def _rights_graded(book: RuleBook | None, years: Continuity) -> list[GradedRight]:
    rows = book.params["residence_permit.rights_graded"] if book else ()
    return [
        GradedRight(
            label=_label(row["right"]),
            residence_years=row["residence_years"],
            insurance_years=row["insurance_years"],
            strictly_more=row["strictly_more"],
            note=row["note"],
            residence_reached=None
            if row["residence_years"] is None
            else years.reached(row["residence_years"], strictly_more=row["strictly_more"]),
        )
        for row in rows
    ]


# --- The reminder job -----------------------------------------------------------------------


def permits_entering_window(day: datetime.date) -> list[ResidencePermit]:
    """Live permits whose endorsement window is open on ``day`` and whose holder has not yet been
    reminded for this validity end. The window's length is each city's parameter of the day."""
    reminded = Notification.objects.filter(
        permit=OuterRef("pk"), kind=NotificationKind.ENDORSEMENT_DUE, due_on=OuterRef("valid_until")
    )
    live = ResidencePermit.objects.filter(cancelled_on__isnull=True, valid_until__gte=day).exclude(Exists(reminded))
    due = []
    for city in live.values_list("city", flat=True).distinct().order_by():
        book = rulebook_or_none(city, day)
        if book is None:
            logger.warning("no rules in force for %s on %s: no endorsement reminders there", city, day)
            continue
        months = book.params["residence_permit.endorsement_window_months"]
        # Month ends make the exact bound uneven (3-31 opens on 2-28): query a little wide, decide exactly.
        horizon = add_months(day, months) + datetime.timedelta(days=3)
        candidates = live.filter(city=city, valid_until__lte=horizon).select_related("station")
        due += [p for p in candidates if window_opens(p.valid_until, window_months=months) <= day]
    return due


def hukou_address_of(permit: ResidencePermit) -> str:
    """Where the holder's hukou is, if the portal's register has them (the card shows it)."""
    from registers.models import Membership

    membership = (
        Membership.objects.filter(person__id_number=permit.id_number, until__isnull=True)
        .select_related("household__address__region")
        .first()
    )
    return str(membership.household.address) if membership else ""


# --- The personal-data export's reads (composed in hukou_portal.export) ------------------------


def residence_about_person(person) -> tuple[QuerySet, QuerySet]:
    """The person's residence registrations and residence permits (with endorsements and history)."""
    about = Q(person=person) | Q(id_number=person.id_number)
    return _with_residence_records(ResidenceRegistration.objects.filter(about), ResidencePermit.objects.filter(about))


def residence_of_account(user) -> tuple[QuerySet, QuerySet]:

    return _with_residence_records(
        ResidenceRegistration.objects.filter(applicant=user), ResidencePermit.objects.filter(holder_account=user)
    )


def _with_residence_records(registrations, permits) -> tuple[QuerySet, QuerySet]:
    registrations = registrations.select_related("address__region", "station").order_by("registered_on", "pk")
    permits = (
        permits.select_related("address__region", "station", "case")
        .prefetch_related("endorsements__case", "events")
        .order_by("issued_on", "pk")
    )
    return registrations, permits
