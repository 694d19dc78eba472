"""签注, the yearly endorsement: 《居住证暂行条例》第10条 "居住证持有人在居住地连续居住的，应当在居住每满1年之日前
1个月内……办理签注手续。逾期未办理签注手续的，居住证使用功能中止；补办签注手续的，居住证的使用功能恢复，居住证
持有人在居住地的居住年限自补办签注手续之日起连续计算。"

An endorsement is a case of applications (kind endorsement) in the permit station's queue; the
engine does not decide it, the clerk does."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activity.services import record_event
from applications.constants import OPEN_STATUSES, CaseKind
from applications.models import Case
from applications.services import case_draft_create, case_draft_update, case_submit
from applications.services.common import submission_day
from common.dates import chinese_date
from eligibility.selectors import rulebook_in_force

from ..constants import PermitEventKind
from ..continuity import valid_until_after_endorsement, window_opens
from ..models import Endorsement, ResidencePermit
from .common import PermitError, lock_permit, require_holder, require_live


def endorsement_window_opens(permit: ResidencePermit, *, day: datetime.date) -> datetime.date:
    book = rulebook_in_force(city=permit.city, as_of=day)
    return window_opens(permit.valid_until, window_months=book.params["residence_permit.endorsement_window_months"])


@transaction.atomic
def endorsement_apply(*, permit: ResidencePermit, actor) -> Case:
    """The holder applies, from the window's opening on — and after the validity has ended, to make
    it up. The application is submitted at once (there is nothing more to fill in); applying twice
    gives the same open case."""
    permit = lock_permit(permit)
    require_holder(permit, actor)
    require_live(permit)
    today = timezone.localdate()
    opens = endorsement_window_opens(permit, day=today)
    if today < opens:
        raise PermitError(_("签注办理期自 %(day)s 起，请届时申请。") % {"day": chinese_date(opens)})
    pending = Case.objects.filter(endorsement__permit=permit, status__in=OPEN_STATUSES).first()
    if pending is not None:
        return pending
    case = case_draft_create(
        applicant=actor, kind=CaseKind.ENDORSEMENT, city=permit.city, name=permit.name, id_number=permit.id_number
    )
    facts = {"permit": permit.number, "valid_until": permit.valid_until.isoformat(), "late": today > permit.valid_until}
    case = case_draft_update(case=case, actor=actor, address=permit.address, facts={"endorsement": facts})
    Endorsement.objects.create(case=case, permit=permit, valid_until_before=permit.valid_until)
    return case_submit(case=case, actor=actor)


def endorsement_record(*, case: Case, clerk, day: datetime.date) -> Endorsement:
    """The clerk endorses (inside case_approve's transaction). Applied for by the last valid day,
    the term runs on from the old end; made up later, the permit works again from today and the
    continuous years restart today (第10条)."""
    endorsement = Endorsement.objects.select_for_update().filter(case=case).first()
    if endorsement is None:
        raise PermitError(_("该签注业务未关联居住证。"))
    permit = lock_permit(endorsement.permit_id)
    require_live(permit)
    months = rulebook_in_force(city=permit.city, as_of=day).params["residence_permit.validity_months"]
    late = submission_day(case) > permit.valid_until
    endorsement.valid_until_before = permit.valid_until
    endorsement.endorsed_on, endorsement.late = day, late
    endorsement.valid_until_after = valid_until_after_endorsement(
        valid_until=permit.valid_until, endorsed_on=day, late=late, validity_months=months
    )
    endorsement.save()
    permit.valid_until = endorsement.valid_until_after
    permit.save(update_fields=["valid_until"])
    record_event(
        permit,
        PermitEventKind.ENDORSED_LATE if late else PermitEventKind.ENDORSED,
        on=day,
        actor=clerk,
        message=case.reference or "",
        valid_until=permit.valid_until.isoformat(),
    )
    return endorsement
