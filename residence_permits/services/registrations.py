"""居住登记: declaring where one lives, online or at the station's counter."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from common.staff import acts_for
from registers.identity import validate_id_number
from registers.models import Address

from ..constants import Channel, RegistrationReason
from ..models import ResidenceRegistration
from .common import PermitError, person_in_register


@transaction.atomic
def registration_create(
    *,
    actor,
    name: str,
    id_number: str,
    address: Address,
    since: datetime.date,
    reason: str,
    applicant=None,
) -> ResidenceRegistration:
    """Register where a person lives and since when. An applicant registers online for themself; a
    clerk registers someone at the counter, for an address their station serves, linking the
    person's portal account (``applicant``) if they have one. A person has one current
    registration: a new one ends the old (they moved)."""
    number = _valid_number(id_number)
    today = timezone.localdate()
    if since > today:
        raise PermitError(_("居住起始日期不能晚于今天：请在实际居住后登记。"))
    if actor.role == Role.APPLICANT:
        applicant, channel = actor, Channel.ONLINE
    elif acts_for(actor, station_id=address.station_id, city=address.region.city):
        channel = Channel.COUNTER
    else:
        raise PermitError(_("只能为本所（本市）管辖的地址办理居住登记。"))
    _end_current(number, address=address, actor=actor, online=channel == Channel.ONLINE, day=today)
    try:
        return ResidenceRegistration.objects.create(
            applicant=applicant,
            name=name.strip(),
            id_number=number,
            person=person_in_register(number),
            city=address.region.city,
            address=address,
            station=address.station,
            since=since,
            registered_on=today,
            reason=reason,
            channel=channel,
            filed_by=actor,
        )
    except IntegrityError:  # the same person registered at the same moment, elsewhere or twice
        raise PermitError(_("该公民身份号码刚刚办理了居住登记，请刷新后查看。")) from None


def registration_move(
    *, registration: ResidenceRegistration | None, actor, address: Address, applicant, name: str, id_number: str
) -> ResidenceRegistration:
    """A registration at the new address from today, ending whatever registration the person has
    now (a move within the city, made through the permit)."""
    today = timezone.localdate()
    ResidenceRegistration.objects.filter(id_number=id_number, ended_on__isnull=True).update(ended_on=today)
    return ResidenceRegistration.objects.create(
        applicant=applicant,
        name=name,
        id_number=id_number,
        person=person_in_register(id_number),
        city=address.region.city,
        address=address,
        station=address.station,
        since=today,
        registered_on=today,
        reason=registration.reason if registration else RegistrationReason.OTHER,
        channel=Channel.ONLINE if actor.role == Role.APPLICANT else Channel.COUNTER,
        filed_by=actor,
    )


def registration_end(*, id_number: str, city: str, day: datetime.date) -> None:
    """End the person's current registration in this city (they left, settled or died)."""
    ResidenceRegistration.objects.filter(id_number=id_number, city=city, ended_on__isnull=True).update(ended_on=day)


def _valid_number(id_number: str) -> str:
    try:
        return validate_id_number(id_number)
    except ValidationError as error:
        raise PermitError(" ".join(error.messages)) from None


def _end_current(number: str, *, address: Address, actor, online: bool, day: datetime.date) -> None:
    current = ResidenceRegistration.objects.select_for_update().filter(id_number=number, ended_on__isnull=True).first()
    if current is None:
        return
    if current.address_id == address.pk:
        raise PermitError(_("已在该地址办理居住登记，无需重复登记。"))
    if online and current.applicant_id != actor.pk:
        # Online, nobody ends a registration someone else made: that is done at the counter.
        raise PermitError(_("该公民身份号码已有居住登记，请到派出所窗口办理变更。"))
    current.ended_on = day
    current.save(update_fields=["ended_on"])
