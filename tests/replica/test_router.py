"""Queue, statistics and exports read from the standby; writes, and a clerk's reads right after
their own change, go to the primary — with the lag made real by pausing the standby's replay."""

import datetime
import json

from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from applications.constants import CaseStatus
from applications.models import Case
from applications.services import case_take
from applications.services.statistics import statistics_snapshot
from common import replica as db_router
from common.replica import PIN_COOKIE, read_from_replica
from registers.constants import Zone
from registers.models import DataAccess
from tests.factories import AddressFactory, CaseFactory, UserFactory, sign_in_verified

from .conftest import replay_paused, replayed, replica_db

pytestmark = replica_db


def station_with_clerks(n: int = 2):
    address = AddressFactory(zone=Zone.CENTRAL_URBAN)
    return address, [UserFactory(clerk=True, station=address.station) for _ in range(n)]


def queue_page(client, query: str = "") -> tuple[str, int]:
    """The queue's HTML and how many queries it sent to the replica."""
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(f"/station/queue/{query}")
    assert response.status_code == 200
    return response.content.decode(), len(on_replica)


def test_the_queue_and_the_staff_api_read_from_the_replica(client, replica_reads):
    address, (clerk, _) = station_with_clerks()
    seen = CaseFactory(submitted=True, applicant=UserFactory(), address=address)
    replayed()
    sign_in_verified(client, clerk)
    with replay_paused():
        lagging = CaseFactory(
            submitted=True, applicant=UserFactory(), address=address
        )  # committed on the primary, not yet on the replica
        page, replica_queries = queue_page(client)
        assert seen.reference in page and lagging.reference not in page
        assert replica_queries > 0
        api = APIClient()
        sign_in_verified(api, clerk)
        listed = [c["reference"] for c in api.get("/api/v1/cases/").json()["results"]]
        assert seen.reference in listed and lagging.reference not in listed
    assert lagging.reference in queue_page(client)[0]  # replayed: now the replica has it too


def test_without_replica_reads_the_queue_is_the_primarys(client, settings):
    settings.DATABASE_REPLICA_READS = False  # DATABASE_REPLICA_READS=off: configured, not used
    address, (clerk, _) = station_with_clerks()
    sign_in_verified(client, clerk)
    with replay_paused():
        case = CaseFactory(submitted=True, applicant=UserFactory(), address=address)
        page, replica_queries = queue_page(client)
    assert case.reference in page and replica_queries == 0


def test_a_clerk_sees_their_own_change_at_once_while_the_replica_lags(client, replica_reads):
    address, (clerk, colleague) = station_with_clerks()
    case = CaseFactory(submitted=True, applicant=UserFactory(), address=address)
    sign_in_verified(client, clerk)
    other = sign_in_verified(type(client)(), colleague)
    with replay_paused():
        response = client.post(f"/station/cases/{case.pk}/take/")
        assert response.status_code == 302
        # The write went to the primary; the replica has not applied it.
        assert Case.objects.using("default").get(pk=case.pk).status == CaseStatus.IN_REVIEW
        assert Case.objects.using("replica").get(pk=case.pk).status == CaseStatus.SUBMITTED
        assert response.cookies[PIN_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
        # The clerk who took it: read from the primary, the case is in review.
        page, replica_queries = queue_page(client, "?status=in_review")
        assert case.reference in page and replica_queries == 0
        # A colleague who wrote nothing reads the replica, a moment behind.
        page, replica_queries = queue_page(other, "?status=in_review")
        assert case.reference not in page and replica_queries > 0
    assert case.reference in queue_page(other, "?status=in_review")[0]


def test_the_statistics_page_reads_the_replica(client, replica_reads):
    supervisor = UserFactory(supervisor=True, city="qujing")
    statistics_snapshot(city="qujing", day=datetime.date(2026, 1, 5))
    sign_in_verified(client, supervisor)
    with replay_paused():
        statistics_snapshot(city="qujing", day=datetime.date(2026, 2, 9))  # the nightly job, on the primary
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            page = client.get("/station/statistics/").content.decode()
        assert "2026年1月5日" in page and "2026年2月9日" not in page
        assert len(on_replica) > 0
    assert "2026年2月9日" in client.get("/station/statistics/").content.decode()


def test_the_export_reads_the_replica_and_records_itself_on_the_primary(client, replica_reads):
    address, (clerk,) = station_with_clerks(1)
    case = CaseFactory(submitted=True, applicant=UserFactory(email_verified=True), address=address)
    applicant = case.applicant
    assert applicant.email_verified
    client.force_login(applicant)
    with replay_paused():
        case_take(case=Case.objects.get(pk=case.pk), clerk=clerk)  # the clerk's change, not the applicant's
        response = client.post("/my/data.json")
        assert response.status_code == 200
        [exported] = [c for c in json.loads(response.content)["cases"] if c["reference"] == case.reference]
        assert exported["status"] == str(CaseStatus.SUBMITTED.label)  # as the replica has it
        record = DataAccess.objects.filter(user=applicant, action=DataAccess.Action.EXPORT)
        assert record.using("default").exists() and not record.using("replica").exists()
    assert record.using("replica").exists()


def test_a_write_inside_a_marked_block_sends_its_later_reads_to_the_primary(replica_reads):
    address, (clerk,) = station_with_clerks(1)
    case = CaseFactory(submitted=True, applicant=UserFactory(), address=address)
    replayed()
    with read_from_replica():
        assert Case.objects.all().db == "replica"
        assert User.objects.all().db == "default"  # accounts (and sessions, devices): always the primary
        with transaction.atomic():
            assert Case.objects.all().db == "default"  # a read inside a transaction belongs to it
        Case.objects.filter(pk=case.pk).update(status=case.status)
        assert Case.objects.all().db == "default"
    assert Case.objects.all().db == "default"  # unmarked code: the primary


def test_when_the_replica_is_down_the_queue_answers_from_the_primary(client, replica_reads, monkeypatch, caplog):
    address, (clerk, _) = station_with_clerks()
    case = CaseFactory(submitted=True, applicant=UserFactory(), address=address)
    sign_in_verified(client, clerk)
    monkeypatch.setattr(db_router, "_replica_down_until", 0.0)  # restored after the test
    connections["replica"].close()
    monkeypatch.setitem(connections["replica"].settings_dict, "PORT", "5999")  # nothing listens there
    try:
        response = client.get("/station/queue/")  # (CaptureQueriesContext would connect to it first)
        assert response.status_code == 200 and case.reference in response.content.decode()
        assert "the database replica cannot be reached" in caplog.text
        with read_from_replica():
            assert Case.objects.all().db == "default"  # left alone for a while
    finally:
        connections["replica"].close()
