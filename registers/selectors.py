"""Reads of the register, scoped to what a staff member may see."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from common.roles import Role
from common.staff import staff_scope

from .constants import HouseholdKind
from .models import DataAccess, Household, Membership, Person


def households_visible_to(user, households: QuerySet[Household] | None = None) -> QuerySet[Household]:
    """A clerk sees the households of their station, a supervisor those of their city, an auditor
    (or a superuser) all of them; anyone else none."""
    households = Household.objects.all() if households is None else households
    return staff_scope(user, households, city="station__region__city", auditors=True)


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
    return person.memberships.select_related("household__address__region", "household__station").order_by("since", "pk")


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
            station_id=address.station_id,
            address__region_id=address.region_id,
            address__locality=address.locality,
            address__community=address.community,
        )
        .order_by("pk")
        .first()
    )
