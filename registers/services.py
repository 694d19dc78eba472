"""Writes to the household register. Every function is one transaction and validates its input,
so a view, an API endpoint, an import and a management command all keep the same rules."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.numbering import counter_raise, next_number

from .constants import HouseholdKind, JoinReason, LeaveReason, Relation
from .identity import validate_id_number
from .models import Address, Household, Membership, Person, PoliceStation

REGISTER_SEQUENCE_DIGITS = 6


@transaction.atomic
def person_create(
    *,
    id_number: str,
    name: str,
    sex: str,
    birth_date: datetime.date,
    ethnicity: str = "汉族",
    converted_before_2016: bool = False,
) -> Person:
    """Register a person under their 公民身份号码, which must agree with the birth date."""
    try:
        id_number = validate_id_number(id_number, birth_date=birth_date)
    except ValidationError as error:
        raise ValidationError({"id_number": error}) from None
    person = Person(
        id_number=id_number,
        name=name,
        sex=sex,
        birth_date=birth_date,
        ethnicity=ethnicity,
        converted_before_2016=converted_before_2016,
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def household_create(
    *,
    kind: str,
    address: Address,
    head: Person | None,
    register_number: str | None = None,
    created_on: datetime.date,
    name: str = "",
    head_joined_by: str = JoinReason.MOVE_IN,
) -> Household:
    """Open a household register at an address (registered at the address's station, which numbers
    it); its head (if any) becomes its first member.

    A family household needs a head; a collective household (集体户) needs a name and may have
    none (曲政发〔2015〕82号 第（十一）条: every community sets one up at its police station).
    """
    if kind == HouseholdKind.FAMILY and head is None:
        raise _field_error("head", _("家庭户必须有户主。"), "head_required")
    if kind == HouseholdKind.COLLECTIVE and not name:
        raise _field_error("name", _("集体户必须填写名称。"), "name_required")
    station = address.station
    household = Household(
        kind=kind,
        name=name,
        address=address,
        head=head,
        created_on=created_on,
        register_number=register_number or _next_register_number(station),
    )
    # The address and head are rows already; a number from the counter is new by construction,
    # and the unique index stays the last word.
    household.full_clean(
        exclude=["address", "head", *([] if register_number else ["register_number"])],
        validate_constraints=False,
    )
    household.save()
    given = _register_sequence(station, register_number) if register_number else None
    if given is not None:  # typed in or imported in the station's own form: never handed out again
        counter_raise(register_counter(station), given)
    if head is not None:
        membership_start(
            person=head, household=household, relation=Relation.HEAD, since=created_on, joined_by=head_joined_by
        )
    return household


def _next_register_number(station: PoliceStation) -> str:
    """The station's code followed by the next number of its own counter (e.g. 530302001000042),
    from the one numbering service: concurrent clerks and workers get different numbers without
    waiting on the station's row; the unique index on register_number stays the last word."""
    sequence = next_number(register_counter(station), start=lambda: _highest_register_sequence(station))
    return f"{station.code}{sequence:0{REGISTER_SEQUENCE_DIGITS}d}"


def register_counter(station: PoliceStation) -> str:
    return f"household:{station.code}"


def _register_sequence(station: PoliceStation, register_number: str) -> int | None:
    """The station's own sequence number in ``register_number``; None for another form of number."""
    pattern = rf"{re.escape(station.code)}([0-9]{{{REGISTER_SEQUENCE_DIGITS}}})"
    match = re.fullmatch(pattern, register_number)
    return int(match.group(1)) if match else None


def _highest_register_sequence(station: PoliceStation) -> int:
    """The highest sequence number the station's households carry already (a counter's first
    use): an index range backwards over the station's numbers, not a scan of every household."""
    code = station.code
    after = str(int(code) + 1).zfill(len(code)) if code.isdigit() else ""
    station_numbers = (
        Q(register_number__gte=code, register_number__lt=after)
        if len(after) == len(code)
        else Q(register_number__startswith=code)
    )
    numbers = (
        Household.objects.filter(station_numbers)
        .filter(register_number__regex=rf"^{re.escape(code)}[0-9]{{{REGISTER_SEQUENCE_DIGITS}}}$")
        .order_by("-register_number")
        .values_list("register_number", flat=True)
    )
    last = numbers.first()
    return _register_sequence(station, last) if last else 0


@transaction.atomic
def membership_start(
    *,
    person: Person,
    household: Household,
    relation: str,
    since: datetime.date,
    joined_by: str,
    note: str = "",
) -> Membership:
    """Enter a person in a household.

    A person is in at most one household at a time. The database enforces that
    (``one_current_household``), including against a concurrent move; here its refusal becomes a
    message a clerk can act on.
    """
    if person.death_date is not None:
        raise _field_error("person", _("%(person)s 已死亡，不能入户。"), "deceased", person=person)
    if since < person.birth_date:
        raise _field_error("since", _("入户日期不能早于出生日期。"), "before_birth")
    if relation == Relation.HEAD and household.head_id != person.pk:
        raise _field_error("relation", _("只有该户登记的户主才能以“户主”身份入户。"), "not_the_head")
    membership = Membership(
        person=person, household=household, relation=relation, since=since, joined_by=joined_by, note=note
    )
    membership.full_clean(exclude=["person", "household"], validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        current = Membership.objects.filter(person=person, until__isnull=True).select_related("household").first()
        if current is None:
            raise
        raise ValidationError(
            _("%(person)s 已在户 %(register_number)s 中登记；一人只能在一个户内登记，请先办理迁出。"),
            code="already_in_a_household",
            params={"person": person, "register_number": current.household.register_number},
        ) from None
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, until: datetime.date, left_by: str, note: str = "", locked: bool = False
) -> Membership:
    """Close a membership; it stays as the person's history. ``locked``: the caller read it with
    select_for_update in this transaction already."""
    if not locked:
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_current:
        raise ValidationError(
            _("该成员已于 %(until)s 离户。"), code="already_ended", params={"until": membership.until}
        )
    if until < membership.since:
        raise _field_error("until", _("离户日期不能早于入户日期。"), "until_before_since")
    if left_by not in LeaveReason.values:
        raise _field_error("left_by", _("请选择离户原因。"), "left_by_required")
    membership.until = until
    membership.left_by = left_by
    if note:
        membership.note = note
    membership.full_clean(exclude=["person", "household"], validate_constraints=False)  # its rules checked above
    membership.save(update_fields=["until", "left_by", "note"])
    return membership


def _field_error(field: str, message, code: str, **params) -> ValidationError:
    """A ValidationError that a form shows on ``field`` and a caller can tell apart by ``code``."""
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


@transaction.atomic
def community_collective_open(*, address: Address, created_on: datetime.date) -> Household:
    """The collective household of the community (or village committee) where ``address`` lies:
    found, or opened by the address's station the first time someone settles into it — every
    community sets one up at its station for the renters of its area and their families
    (曲政发〔2015〕82号 第（十一）条). Its holder is the community: it has no head, bears the community's
    name and stands at the committee's address, as the register's collective households do."""
    from .selectors import community_collective_of

    if not address.community:
        raise _field_error("address", _("该地址未登记所属社区（村），不能落入社区集体户。"), "no_community")
    station = PoliceStation.objects.select_for_update().get(pk=address.station_id)  # one first use at a time
    household = community_collective_of(address)
    if household is not None:
        return household
    committee = "居民委员会" if address.community.endswith("社区") else "村民委员会"
    home, _created = Address.objects.get_or_create(
        region=address.region,
        locality=address.locality,
        community=address.community,
        detail=f"{address.community}{committee}",
        defaults={"zone": address.zone, "station": station},
    )
    return household_create(
        kind=HouseholdKind.COLLECTIVE,
        address=home,
        head=None,
        created_on=created_on,
        name=f"{address.locality}{address.community}集体户",
    )
