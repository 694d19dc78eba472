"""The permit itself: the application (a case of applications), issuance on approval, moving within
the city, cancellation, and the road from a permit to hukou."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activity.services import record_event
from applications.constants import OPEN_STATUSES, CaseKind, CaseStatus
from applications.models import Case
from applications.services import case_draft_create, case_draft_update
from common.codes import new_verification_code
from common.staff import acts_for
from eligibility.constants import HUKOU_CITY_OTHER, Pathway
from eligibility.selectors import rulebook_in_force
from notices.services import notice_send
from registers.constants import RegionKind
from registers.models import Address, Membership

from ..constants import CancelReason, PermitEventKind
from ..continuity import valid_until_after_issue
from ..models import PermitApplication, ResidencePermit, ResidenceRegistration
from .common import (
    PermitError,
    lock_permit,
    new_permit_number,
    person_in_register,
    require_holder,
    require_holder_or_staff,
    require_live,
)
from .registrations import registration_end, registration_move

HOUSING_KINDS = ("owned", "rented", "none")


def _live_permit(id_number: str, city: str) -> ResidencePermit | None:
    return ResidencePermit.objects.filter(id_number=id_number, city=city, cancelled_on__isnull=True).first()


def permit_facts(
    registration: ResidenceRegistration,
    *,
    employment_stable: bool | None = None,
    housing_kind: str = "",
    studying: bool | None = None,
) -> dict:
    """The application's facts in the engine's words. Residence counts from the registration, so
    the applicant does not type the date again (and cannot move it back)."""
    applicant: dict = {"residence_since": registration.counted_since.isoformat(), **hukou_facts(registration.id_number)}
    if employment_stable is not None:
        applicant["employment"] = {"stable": employment_stable}
    if housing_kind:
        applicant["housing"] = {"kind": housing_kind}
    if studying is not None:
        applicant["studying"] = studying
    return {"applicant": applicant}


def hukou_facts(id_number: str) -> dict:
    """Where the hukou is, from the portal's register, for the rules on having left it (离开户籍所在地):
    the county-level area of the person's current household. Someone the register does not hold has
    their hukou outside the five cities, as an approval reads a move from outside (origin_outside)."""
    membership = (
        Membership.objects.filter(person__id_number=id_number, until__isnull=True)
        .select_related("household__address__region")
        .first()
    )
    if membership is None:
        return {"hukou_city": HUKOU_CITY_OTHER}
    region = membership.household.address.region
    facts = {"hukou_city": region.city}
    if region.kind != RegionKind.PREFECTURE:
        facts["hukou_county"] = region.code
    return facts


@transaction.atomic
def permit_application_start(*, registration: ResidenceRegistration, actor) -> Case:
    """Open a permit application — a draft case of kind residence_permit judged by the engine's
    residence_permit pathway — from the applicant's current registration. Asking twice gives the
    same open application."""
    registration = ResidenceRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.applicant_id != actor.pk or registration.ended_on is not None:
        raise PermitError(_("只能依据本人账户的现居住登记申领居住证。"))
    live = _live_permit(registration.id_number, registration.city)
    if live is not None:
        raise PermitError(
            _("已持有本市有效的居住证 %(number)s，无需重复申领；到期前请办理签注。") % {"number": live.number}
        )
    pending = Case.objects.filter(
        permit_application__registration=registration, status__in=[CaseStatus.DRAFT, *OPEN_STATUSES]
    ).first()
    if pending is not None:
        return pending
    case = case_draft_create(
        applicant=actor,
        kind=CaseKind.RESIDENCE_PERMIT,
        city=registration.city,
        pathway=Pathway.RESIDENCE_PERMIT,
        name=registration.name,
        id_number=registration.id_number,
    )
    case = case_draft_update(case=case, actor=actor, address=registration.address, facts=permit_facts(registration))
    PermitApplication.objects.create(case=case, registration=registration)
    return case


@transaction.atomic
def permit_application_update(
    *, case: Case, actor, employment_stable: bool | None, housing_kind: str, studying: bool | None
) -> Case:
    """The applicant's answers to the conditions: stable employment, stable residence, study."""
    application = PermitApplication.objects.select_related("registration").filter(case=case).first()
    if application is None:
        raise PermitError(_("该申请未关联居住登记。"))
    if housing_kind and housing_kind not in HOUSING_KINDS:
        raise PermitError(_("住所类型有误。"))
    facts = permit_facts(
        application.registration, employment_stable=employment_stable, housing_kind=housing_kind, studying=studying
    )
    return case_draft_update(case=case, actor=actor, facts=facts)


def permit_issue(*, case: Case, clerk, day: datetime.date) -> ResidencePermit:
    """Issue the permit of an approved application: a number, a verification code, the holder, the
    address and a validity of the city's term (residence_permit.validity_months). Runs inside
    case_approve's transaction, the case locked and the clerk checked."""
    if case.eligible is not True:
        raise PermitError(_("引擎判断不符合申领条件或事实不全：请先依据材料更正事实，或不予办理。"))
    live = _live_permit(case.id_number, case.city)
    if live is not None:
        raise PermitError(_("申请人已持有本市有效的居住证 %(number)s。") % {"number": live.number})
    book = rulebook_in_force(city=case.city, as_of=day)
    application = PermitApplication.objects.select_related("registration").filter(case=case).first()
    registration = application.registration if application else None
    permit = ResidencePermit.objects.create(
        number=new_permit_number(case.city, day),
        code=new_verification_code(),
        case=case,
        registration=registration,
        holder_account=case.applicant,
        name=case.name,
        id_number=case.id_number,
        person=person_in_register(case.id_number),
        city=case.city,
        address=case.address,
        station=case.station,
        residence_since=_residence_since(case, registration, day),
        issued_on=day,
        valid_until=valid_until_after_issue(day, validity_months=book.params["residence_permit.validity_months"]),
        issued_by=clerk,
    )
    case.person = case.person or permit.person
    record_event(permit, PermitEventKind.ISSUED, on=day, actor=clerk, message=case.reference or "")
    notice_send(
        "permit_issued",
        user=case.applicant,
        context={"number": permit.number},
        link=reverse("residence_permits:overview"),
    )
    return permit


def _residence_since(case: Case, registration: ResidenceRegistration | None, day: datetime.date) -> datetime.date:
    """As the engine judged it (a clerk may have corrected it from the documents)."""
    value = ((case.facts or {}).get("applicant") or {}).get("residence_since")
    if value:
        return datetime.date.fromisoformat(value)
    return registration.counted_since if registration else day


@transaction.atomic
def permit_change_address(*, permit: ResidencePermit, actor, address: Address) -> ResidencePermit:
    """The permit follows its holder within the city: the new address and the station serving it,
    a registration there from today. Residence stays continuous; leaving the city is cancellation."""
    permit = lock_permit(permit)
    require_holder_or_staff(permit, actor)
    require_live(permit)
    if address.region.city != permit.city:
        raise PermitError(_("新地址不在本市：离开本市的，请注销本市居住证，到新居住地办理居住登记。"))
    if address.pk == permit.address_id:
        raise PermitError(_("新地址与现居住地址相同。"))
    before = permit.address
    permit.registration = registration_move(
        registration=permit.registration,
        actor=actor,
        address=address,
        applicant=permit.holder_account,
        name=permit.name,
        id_number=permit.id_number,
    )
    permit.address, permit.station = address, address.station
    permit.save(update_fields=["registration", "address", "station"])
    record_event(
        permit,
        PermitEventKind.ADDRESS_CHANGED,
        on=timezone.localdate(),
        actor=actor,
        message=f"{before} → {address}",
        before=before.pk,
        after=address.pk,
    )
    return permit


@transaction.atomic
def permit_cancel(*, permit: ResidencePermit, actor, reason: str, on: datetime.date | None = None) -> ResidencePermit:
    """注销: the holder left the city, settled here, or died. The years stop counting on that day.
    A holder may cancel their own permit on leaving; settling and death are recorded by the station."""
    permit = lock_permit(permit)
    require_live(permit)
    today = timezone.localdate()
    day = on or today
    staff = acts_for(actor, station_id=permit.station_id, city=permit.city)
    if not staff:
        require_holder(permit, actor)
        if reason != CancelReason.MOVED_AWAY:
            raise PermitError(_("落户、死亡注销由派出所办理。"))
    if reason not in CancelReason.values or not permit.issued_on <= day <= today:
        raise PermitError(_("请选择注销原因，注销日期不能早于签发日期或晚于今天。"))
    permit.cancelled_on, permit.cancel_reason = day, reason
    permit.save(update_fields=["cancelled_on", "cancel_reason"])
    registration_end(id_number=permit.id_number, city=permit.city, day=day)
    record_event(permit, PermitEventKind.CANCELLED, on=day, actor=actor, message=CancelReason(reason).label)
    return permit


@transaction.atomic
def permit_settlement_draft(*, permit: ResidencePermit, actor) -> Case:
    """“Apply to settle here”: 曲政发〔2015〕82号（十二）“符合条件的居住证持有人，可以在居住地申请登记常住户口”
    (likewise 临沧 10, 德宏（十二）). A settlement draft (the residence pathway) with what the permit
    already knows: the holder, the address, residence since, housing and employment. Asking twice
    gives the same draft."""
    permit = lock_permit(permit)
    require_holder(permit, actor)
    require_live(permit)
    draft = Case.objects.filter(
        applicant=actor,
        kind=CaseKind.SETTLEMENT,
        status=CaseStatus.DRAFT,
        city=permit.city,
        id_number=permit.id_number,
        pathway=Pathway.RESIDENCE,
    ).first()
    if draft is not None:
        return draft
    known = (permit.case.facts or {}).get("applicant") or {}
    facts = {"residence_since": permit.residence_since.isoformat()}
    facts.update({key: known[key] for key in ("housing", "employment") if known.get(key)})
    case = case_draft_create(
        applicant=actor,
        kind=CaseKind.SETTLEMENT,
        city=permit.city,
        pathway=Pathway.RESIDENCE,
        name=permit.name,
        id_number=permit.id_number,
    )
    return case_draft_update(case=case, actor=actor, address=permit.address, facts={"applicant": facts})
