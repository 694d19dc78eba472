"""Issue 13, item 5: no statement and no lock wait is unbounded (PostgreSQL), and a clerk acting on
a case another clerk holds gets a clear message within seconds instead of a hung page. Two real
PostgreSQL connections: one holds the case row, the other acts on it."""

import threading
import time

import pytest
from django.db import connection, transaction

from applications.models import Case
from applications.services import CaseError, case_approve, case_take
from tests.factories import AddressFactory, CaseFactory, HouseholdFactory, UserFactory, sign_in_verified
from tests.process import complete_and_check

BUSY = "另一位民警正在办理此业务，请稍后再试。"


def test_every_connection_has_a_statement_and_a_lock_timeout(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]

    assert statement == "20s" and lock == "10s"
    assert "statement_timeout=20000" in settings.DATABASES["default"]["OPTIONS"]["options"]


@pytest.fixture
def case_in_review(transactional_db):
    station_address = AddressFactory(zone="central_urban")
    clerk = UserFactory(clerk=True, station=station_address.station)
    family = HouseholdFactory(address=AddressFactory(zone="county_town"))
    case = CaseFactory(submitted=True, bare=True, applicant=UserFactory(), address=station_address, person=family.head)
    case_take(case=case, clerk=clerk)
    complete_and_check(case, clerk)  # ready to approve: only the other clerk's lock stands in the way
    return case, clerk


class HeldRow:
    """Another connection (another clerk's request) holding the case row until told to let go."""

    def __init__(self, case_pk: int, seconds: float = 12):
        self.locked, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(case_pk, seconds))

    def _hold(self, case_pk, seconds):
        try:
            with transaction.atomic():
                Case.objects.select_for_update().get(pk=case_pk)
                self.locked.set()
                self.release.wait(timeout=seconds)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.locked.wait(timeout=10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(timeout=20)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_acting_on_a_case_another_holds_is_told_so_within_seconds(case_in_review, settings):
    settings.ROW_LOCK_WAIT_MS = 500
    case, clerk = case_in_review

    with HeldRow(case.pk):
        started = time.monotonic()
        with pytest.raises(CaseError) as refused:
            case_approve(case=Case.objects.get(pk=case.pk), clerk=clerk)
        waited = time.monotonic() - started

    assert str(refused.value) == BUSY
    assert waited < 5
    case.refresh_from_db()
    assert case.status == "in_review"  # nothing was done, and the clerk can try again:
    case_approve(case=case, clerk=clerk)
    assert Case.objects.get(pk=case.pk).status == "completed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_case_page_says_so_instead_of_hanging(case_in_review, settings, client):
    settings.ROW_LOCK_WAIT_MS = 500
    case, clerk = case_in_review
    sign_in_verified(client, clerk)

    with HeldRow(case.pk):
        started = time.monotonic()
        response = client.post(f"/station/cases/{case.pk}/approve/", {"confirmed": "1"}, follow=True)
        waited = time.monotonic() - started

    assert response.status_code == 200 and BUSY in response.content.decode()
    assert waited < 5
