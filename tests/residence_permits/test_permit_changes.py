"""A permit follows its holder within the city, and ends when they leave, settle or die; from a
permit, "apply to settle here" opens a settlement draft with what the permit knows."""

import datetime

import pytest
from django.utils import timezone

from applications.constants import CaseKind, CaseStatus
from applications.models import Case
from residence_permits.constants import CancelReason, PermitEventKind, PermitState
from residence_permits.models import ResidenceRegistration
from residence_permits.selectors import permit_status
from residence_permits.services import PermitError, permit_cancel
from tests.factories import ResidencePermitFactory, ResidenceRegistrationFactory

from .helpers import address_in, clerk_of, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(holder):
    registration = ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=400)
    return ResidencePermitFactory(
        case__applicant=holder,
        case__address=registration.address,
        case__name=registration.name,
        case__id_number=registration.id_number,
        registration=registration,
    )


def test_the_permit_follows_the_holder_to_a_new_address_in_the_city(holder_client, permit):
    new = address_in("qujing", detail="麒麟南路8号")
    holder_client.post(f"/my/residence/permits/{permit.pk}/address/", {"address": new.pk})
    old_registration = permit.registration
    permit.refresh_from_db()
    assert (permit.address, permit.station) == (new, new.station)
    assert permit.events.last().kind == PermitEventKind.ADDRESS_CHANGED
    old_registration.refresh_from_db()
    assert old_registration.ended_on == timezone.localdate()
    assert permit.registration.address == new and permit.registration.ended_on is None
    assert permit_status(permit, as_of=timezone.localdate()).continuity.since == permit.residence_since  # unbroken
    assert signed_in(clerk_of(new.station)).get(f"/station/residence/permits/{permit.pk}/").status_code == 200


def test_an_address_in_another_city_is_not_a_move_within_the_city(holder, permit):
    from residence_permits.services import permit_change_address

    with pytest.raises(PermitError, match="新地址不在本市"):
        permit_change_address(permit=permit, actor=holder, address=address_in("jilin"))


def test_a_holder_who_left_the_city_cancels_and_the_years_stop(holder_client, permit):
    page = holder_client.post(f"/my/residence/permits/{permit.pk}/cancel/", {"confirm": "on"}, follow=True)
    assert "居住证已注销" in page.content.decode()
    permit.refresh_from_db()
    today = timezone.localdate()
    assert (permit.cancelled_on, permit.cancel_reason) == (today, CancelReason.MOVED_AWAY)
    later = permit_status(permit, as_of=today + datetime.timedelta(days=500))
    assert later.state == PermitState.CANCELLED and later.continuity.until == today and not later.may_endorse
    assert not ResidenceRegistration.objects.filter(id_number=permit.id_number, ended_on__isnull=True).exists()


def test_the_station_cancels_on_death_or_settlement_and_a_holder_cannot(holder, permit):
    with pytest.raises(PermitError, match="由派出所办理"):
        permit_cancel(permit=permit, actor=holder, reason=CancelReason.DIED)
    clerk = clerk_of(permit.station)
    died_on = timezone.localdate() - datetime.timedelta(days=3)
    desk = signed_in(clerk)
    url, data = f"/station/residence/permits/{permit.pk}/cancel/", {"reason": "died", "on": died_on.isoformat()}
    asked = desk.post(url, data)  # first the page saying what will happen; nothing changes
    assert (
        asked.status_code == 200 and "确认注销居住证" in asked.content.decode() and "不再累计" in asked.content.decode()
    )
    permit.refresh_from_db()
    assert permit.cancelled_on is None
    desk.post(url, {**data, "confirmed": "1"})
    permit.refresh_from_db()
    assert (permit.cancelled_on, permit.cancel_reason) == (died_on, CancelReason.DIED)
    with pytest.raises(PermitError, match="已注销"):
        permit_cancel(permit=permit, actor=clerk, reason=CancelReason.SETTLED)


def test_a_clerk_of_another_station_cannot_cancel(permit):
    stranger = signed_in(clerk_of(address_in("qujing").station))
    assert stranger.post(f"/station/residence/permits/{permit.pk}/cancel/", {"reason": "died"}).status_code == 404
    permit.refresh_from_db()
    assert permit.cancelled_on is None


def test_apply_to_settle_here_opens_a_prefilled_settlement_draft(holder_client, permit):
    response = holder_client.post(f"/my/residence/permits/{permit.pk}/settle/")
    case = Case.objects.get(kind=CaseKind.SETTLEMENT)
    assert response.url == f"/my/cases/{case.pk}/edit/"
    assert (case.status, case.pathway, case.city) == (CaseStatus.DRAFT, "residence", permit.city)
    assert (case.name, case.id_number, case.address, case.station) == (
        permit.name,
        permit.id_number,
        permit.address,
        permit.station,
    )
    assert case.facts["applicant"] == {
        "residence_since": permit.residence_since.isoformat(),
        "housing": {"kind": "rented"},
        "employment": {"stable": True},
    }
    form = holder_client.get(response.url).content.decode()
    assert f'value="{permit.address.pk}" selected' in form and 'value="rented" selected' in form
    holder_client.post(f"/my/residence/permits/{permit.pk}/settle/")
    assert Case.objects.filter(kind=CaseKind.SETTLEMENT).count() == 1  # a second click: the same draft


def test_a_cancelled_permit_cannot_open_a_settlement_draft(holder_client, permit):
    permit_cancel(permit=permit, actor=permit.holder_account, reason=CancelReason.MOVED_AWAY)
    page = holder_client.post(f"/my/residence/permits/{permit.pk}/settle/", follow=True).content.decode()
    assert "已注销" in page and not Case.objects.filter(kind=CaseKind.SETTLEMENT).exists()
