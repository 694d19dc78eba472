"""What the permit services share: the domain error, row locking, who may act."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from applications.constants import CITY_PREFIX
from applications.services.common import CaseError, case_busy, next_number
from common.db import locked_row
from common.staff import acts_for
from registers.models import Person

from ..constants import PERMIT_PREFIX
from ..models import ResidencePermit


class PermitError(CaseError):
    """A step that cannot be taken now; the message is for the user. A CaseError too, because
    issuing and endorsing run inside applications' case_approve, whose callers catch CaseError."""


def lock_permit(permit: ResidencePermit | int) -> ResidencePermit:
    pk = permit.pk if isinstance(permit, ResidencePermit) else permit
    return locked_row(lambda: ResidencePermit.objects.select_for_update().get(pk=pk), conflict=case_busy)


def require_holder(permit: ResidencePermit, user) -> None:
    if permit.holder_account_id != user.pk:
        raise PermitError(_("只能办理本人账户申领的居住证。"))


def require_holder_or_staff(permit: ResidencePermit, user) -> None:
    if permit.holder_account_id != user.pk and not acts_for(user, station_id=permit.station_id, city=permit.city):
        raise PermitError(_("您无权办理该居住证的业务。"))


def require_live(permit: ResidencePermit) -> None:
    if permit.cancelled_on is not None:
        raise PermitError(_("居住证 %(number)s 已注销。") % {"number": permit.number})


def new_permit_number(city: str, day: datetime.date) -> str:
    prefix = f"{CITY_PREFIX[city]}-{PERMIT_PREFIX}-{day.year}"
    return f"{prefix}-{next_number(prefix):06d}"


def person_in_register(id_number: str) -> Person | None:
    return Person.objects.filter(id_number=id_number).first()
