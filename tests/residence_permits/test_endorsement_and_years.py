"""签注 and the continuous years (居住证暂行条例 第10条): an endorsement in the window extends the
validity a year; a lapse suspends the permit and stops the count; a late endorsement restores the
permit and restarts the count from its day."""

import datetime

import pytest
from django.utils import timezone

from applications.constants import CaseKind, CaseStatus
from applications.models import Case
from eligibility.dates import add_months
from residence_permits.constants import PermitEventKind, PermitState
from residence_permits.continuity import continuity, state_on, window_opens
from residence_permits.selectors import permit_status
from tests.factories import ResidencePermitFactory

from .helpers import clerk_of, signed_in

pytestmark = pytest.mark.django_db

D = datetime.date


def endorse_through_pages(permit):
    holder, clerk = signed_in(permit.holder_account), signed_in(clerk_of(permit.station))
    holder.post(f"/my/residence/permits/{permit.pk}/endorse/")
    case = Case.objects.get(kind=CaseKind.ENDORSEMENT, endorsement__permit=permit)
    assert case.status == CaseStatus.SUBMITTED and case.eligible is None  # the engine does not decide it
    assert case.reference in clerk.get("/station/queue/?kind=endorsement").content.decode()
    clerk.post(f"/station/cases/{case.pk}/take/")
    clerk.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"})
    case.refresh_from_db()
    permit.refresh_from_db()
    return case


def test_an_endorsement_in_the_window_extends_the_validity_by_a_year():
    permit = ResidencePermitFactory(in_window=True)
    before = permit.valid_until
    case = endorse_through_pages(permit)
    assert case.status == CaseStatus.COMPLETED
    assert permit.valid_until == add_months(before, 12)
    endorsement = case.endorsement
    assert (endorsement.late, endorsement.valid_until_before, endorsement.endorsed_on) == (
        False,
        before,
        timezone.localdate(),
    )
    assert permit.events.last().kind == PermitEventKind.ENDORSED
    status = permit_status(permit, as_of=timezone.localdate())
    assert status.continuity.since == permit.residence_since and status.state == PermitState.VALID


def test_applying_before_the_window_opens_is_refused_with_the_day_it_opens(holder_client, holder):
    permit = ResidencePermitFactory(case__applicant=holder)
    page = holder_client.post(f"/my/residence/permits/{permit.pk}/endorse/", follow=True).content.decode()
    opens = add_months(permit.valid_until, -1)
    assert f"签注办理期自 {opens.year}年{opens.month}月{opens.day}日 起" in page
    assert not Case.objects.filter(kind=CaseKind.ENDORSEMENT).exists()


def test_applying_twice_gives_one_endorsement_case(holder_client, holder):
    permit = ResidencePermitFactory(case__applicant=holder, in_window=True)
    holder_client.post(f"/my/residence/permits/{permit.pk}/endorse/")
    holder_client.post(f"/my/residence/permits/{permit.pk}/endorse/")
    assert Case.objects.filter(kind=CaseKind.ENDORSEMENT).count() == 1


def test_a_late_endorsement_restores_the_permit_and_restarts_the_years_from_its_day():
    permit = ResidencePermitFactory(suspended=True, issued_days_ago=800)  # residence since over 2.5 years ago
    today = timezone.localdate()
    assert permit_status(permit, as_of=today).state == PermitState.SUSPENDED
    case = endorse_through_pages(permit)
    assert case.endorsement.late is True and permit.valid_until == add_months(today, 12)
    assert permit.events.last().kind == PermitEventKind.ENDORSED_LATE
    status = permit_status(permit, as_of=today)
    assert status.state == PermitState.VALID and status.continuity.since == today and status.continuity.years == 0


def test_expiry_stops_the_count_of_years():
    permit = ResidencePermitFactory(suspended=True, issued_days_ago=800)
    at_expiry = permit_status(permit, as_of=permit.valid_until)
    later = permit_status(permit, as_of=permit.valid_until + datetime.timedelta(days=400))
    assert at_expiry.state == PermitState.VALID and at_expiry.continuity.counting
    assert later.state == PermitState.SUSPENDED and not later.continuity.counting
    assert later.continuity.until == permit.valid_until and later.continuity.years == at_expiry.continuity.years
    assert later.rights_now == []  # a suspended permit's rights are suspended too


# --- The date rules on their own ------------------------------------------------------------


def test_the_window_is_the_month_before_the_validity_ends():
    assert window_opens(D(2027, 3, 31), window_months=1) == D(2027, 2, 28)
    assert window_opens(D(2027, 11, 22), window_months=1) == D(2027, 10, 22)


def test_the_state_on_a_day():
    assert state_on(D(2027, 11, 22), valid_until=D(2027, 11, 22), cancelled_on=None) == "valid"
    assert state_on(D(2027, 11, 23), valid_until=D(2027, 11, 22), cancelled_on=None) == "suspended"
    assert state_on(D(2027, 1, 1), valid_until=D(2027, 11, 22), cancelled_on=D(2027, 1, 1)) == "cancelled"


@pytest.mark.parametrize(
    ("as_of", "late", "years", "counting"),
    [
        (D(2027, 5, 1), [], 2, True),  # two years on the dot
        (D(2027, 4, 30), [], 1, True),
        (D(2030, 1, 1), [], 3, False),  # lapsed on 2028-06-30: stopped at three years
        (D(2029, 6, 1), [D(2029, 3, 1)], 0, True),  # made up late: the count restarts
        (D(2030, 3, 1), [D(2029, 3, 1)], 1, True),
    ],
)
def test_continuous_years(as_of, late, years, counting):
    valid_until = D(2030, 3, 1) if late else D(2028, 6, 30)
    result = continuity(
        residence_since=D(2025, 5, 1), late_endorsements=late, valid_until=valid_until, cancelled_on=None, as_of=as_of
    )
    assert (result.years, result.counting) == (years, counting)


def test_more_than_two_years_needs_a_day_beyond_two_years():
    on_the_dot = continuity(
        residence_since=D(2025, 5, 1),
        late_endorsements=[],
        valid_until=D(2028, 1, 1),
        cancelled_on=None,
        as_of=D(2027, 5, 1),
    )
    assert on_the_dot.reached(2) and not on_the_dot.reached(2, strictly_more=True)
    next_day = continuity(
        residence_since=D(2025, 5, 1),
        late_endorsements=[],
        valid_until=D(2028, 1, 1),
        cancelled_on=None,
        as_of=D(2027, 5, 2),
    )
    assert next_day.reached(2, strictly_more=True)
