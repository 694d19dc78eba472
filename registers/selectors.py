"""Reads of the register, scoped to what a staff member may see."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.constants import Role

from .models import Household, Membership, Person


def households_visible_to(user, households: QuerySet[Household] | None = None) -> QuerySet[Household]:
    """A clerk sees the households of their station, a supervisor those of their city, an auditor
    (or a superuser) all of them; anyone else none."""
    households = Household.objects.all() if households is None else households
    if user.is_superuser or user.role == Role.AUDITOR:
        return households
    if user.role == Role.CLERK and user.station_id:
        return households.filter(station_id=user.station_id)
    if user.role == Role.SUPERVISOR and user.city:
        return households.filter(station__region__city=user.city)
    return households.none()


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
