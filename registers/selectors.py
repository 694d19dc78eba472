"""Reads of the register, scoped to what a staff member may see."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from common.roles import Role
from common.staff import staff_scope

from .constants import HouseholdKind
from .models import DataAccess, Household, Membership, Person


def households_visible_to(user, households: QuerySet[Household] | None = None) -> QuerySet[Household]:
    """A clerk sees the households of their station, a supervisor those of their city, an auditor
    (or a superuser) all of them; anyone else none."""
    households = Household.objects.all() if households is None else households
    return staff_scope(
        user, households, station="address__station_id", city="address__station__region__city", auditors=True
    )


def persons_visible_to(user, persons: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People who belong now, or once belonged, to a household the user may see."""
    persons = Person.objects.all() if persons is None else persons
    if user.is_superuser or user.role == Role.AUDITOR:
        return persons
    visible = households_visible_to(user)
    return persons.filter(Exists(Membership.objects.filter(person=OuterRef("pk"), household__in=visible)))


def memberships_visible_to(user, memberships: QuerySet[Membership] | None = None) -> QuerySet[Membership]:
    memberships = Membership.objects.all() if memberships is None else memberships
    if user.is_superuser or user.role == Role.AUDITOR:
        return memberships
    return memberships.filter(household__in=households_visible_to(user))


# --- What the portal holds about one person or one account (the data export) ----------------
# The other apps' models are imported in the functions: the register does not depend on them.


def may_export_personal_data(user) -> bool:
    """Exporting a person of the register is the auditors' (an applicant downloads their own
    account's data on their page instead)."""
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.AUDITOR))


def memberships_of_person(person: Person) -> QuerySet[Membership]:
    """Every household the person was ever in, the current one included, oldest first."""
    return person.memberships.select_related("household__address__region", "household__address__station").order_by(
        "since", "pk"
    )


def accesses_about_person(person: Person) -> QuerySet[DataAccess]:
    """Who viewed, changed, downloaded or exported the person's data, newest first."""
    return DataAccess.objects.filter(Q(person=person) | Q(id_number=person.id_number)).select_related("user")


def accesses_about_subjects(subjects: list[str]) -> QuerySet[DataAccess]:
    """The access records about these cases or permits (``业务 QJ-2026-000001``, ``居住证 …``)."""
    return DataAccess.objects.filter(subject__in=subjects).select_related("user")


def community_collective_of(address) -> Household | None:
    """The collective household (集体户) of the community or village committee where an address lies,
    if its station has opened one (曲政发〔2015〕82号 第（十一）条)."""
    if not address.community:
        return None
    return (
        Household.objects.filter(
            kind=HouseholdKind.COLLECTIVE,
            address__station_id=address.station_id,
            address__region_id=address.region_id,
            address__locality=address.locality,
            address__community=address.community,
        )
        .order_by("pk")
        .first()
    )


# --- The register as it was on a day -------------------------------------------------------


@dataclass(frozen=True)
class MemberAsOf:
    """One member of a household on a day, with the person's details as the register then read."""

    person_id: int
    name: str
    id_number: str
    sex: str
    birth_date: datetime.date
    ethnicity: str
    death_date: datetime.date | None
    relation: str
    since: datetime.date
    until: datetime.date | None
    joined_by: str


def household_as_of(household: Household, day: datetime.date) -> list[MemberAsOf]:
    """The household's members on ``day`` (入户 on or before it and not yet left) and their
    details as recorded at the end of that day — a name corrected later reads as it was then.

    Who belonged when is the register's own dates (入户日期, 离户日期: a person who left on a day is
    no longer a member that day), as last recorded by the end of the day — or, for a day before a
    membership's first record (kept before the history started, or entered later with an earlier
    入户日期), as the register holds them now. A person's details are their last record by the end
    of the day, or before their first record that first record: the earliest values known."""
    end_of_day = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    memberships = [
        m for m in _memberships_recorded(household, end_of_day) if m.since <= day and (m.until is None or m.until > day)
    ]
    people = _persons_as_of([m.person_id for m in memberships], end_of_day)
    return [_member(people[m.person_id], m) for m in memberships]


def _memberships_recorded(household: Household, end_of_day: datetime.datetime) -> list:
    """Each of the household's memberships as last recorded by then; one with no record by then
    (recorded later, or written around the history) by the register's dates as they are now."""
    records = Membership.history.filter(household_id=household.pk).order_by("id", "history_date", "history_id")
    memberships = _as_of(records, end_of_day, else_first=False)
    unrecorded = household.memberships.exclude(pk__in=list(memberships))
    return sorted([*memberships.values(), *unrecorded], key=lambda m: (m.since, m.id))


def _persons_as_of(person_ids: list[int], end_of_day: datetime.datetime) -> dict:
    records = Person.history.filter(id__in=person_ids).order_by("id", "history_date", "history_id")
    people = _as_of(records, end_of_day)
    unrecorded = set(person_ids) - set(people)  # written around the history (a bulk load): as they are
    return {**people, **Person.objects.in_bulk(unrecorded)} if unrecorded else people


def _as_of(records, end_of_day: datetime.datetime, *, else_first: bool = True) -> dict:
    """Per object, its last record before ``end_of_day``, else (``else_first``) its first one
    (records oldest first)."""
    chosen = {}
    for record in records:
        if record.history_date < end_of_day or (else_first and record.id not in chosen):
            chosen[record.id] = record
    return {pk: record for pk, record in chosen.items() if record.history_type != "-"}


def _member(person, membership) -> MemberAsOf:
    return MemberAsOf(
        person_id=person.id,
        name=person.name,
        id_number=person.id_number,
        sex=person.sex,
        birth_date=person.birth_date,
        ethnicity=person.ethnicity,
        death_date=person.death_date,
        relation=membership.relation,
        since=membership.since,
        until=membership.until,
        joined_by=membership.joined_by,
    )
