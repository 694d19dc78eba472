"""The background work on a real broker and real workers: pre-screening after submit, a batch of
200, a batch delivered twice, a submission while the broker is down, a worker killed mid-batch."""

import time

import pytest
from django.db.models import Count

from activity.models import Event
from applications.constants import BatchItemStatus, BatchStatus, EventKind, Prescreen
from applications.models import Batch, Case, Certificate
from applications.services.batches import batch_send, batch_start
from applications.tasks import batches_resume, prescreen_sweep
from registers.models import Membership
from tests.factories import AddressFactory, CaseFactory, UserFactory

from .conftest import QUEUE, wait_for

# serialized_rollback: the flush after each test would otherwise take the regions and rule sets
# that migrations load with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def station(transactional_db):
    address = AddressFactory(zone="central_urban")
    return address, UserFactory(clerk=True, station=address.station), UserFactory()


def ready_cases(n, address, applicant, broker):
    """Cases screened in-process; the pre-screen messages their submissions also sent are
    dropped, so the queue holds only what the test sends."""
    cases = [CaseFactory(submitted=True, applicant=applicant, address=address) for _ in range(n)]
    broker.delete(QUEUE)
    return cases


def batch_finished(batch_id):
    return Batch.objects.filter(pk=batch_id).exclude(status=BatchStatus.RUNNING).exists()


def assert_each_decided_once(cases):
    ids = [c.pk for c in cases]
    approvals = Event.objects.filter(case__in=ids, kind=EventKind.APPROVED)
    assert approvals.count() == len(ids)
    assert not approvals.values("object_id").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert Certificate.objects.filter(case_id__in=ids).count() == len(ids)
    numbers = [c.id_number for c in cases]
    moved = Membership.objects.filter(person__id_number__in=numbers).values("person").annotate(n=Count("pk"))
    assert {row["n"] for row in moved} == {2}  # the old household (closed) and the new one, once
    assert Membership.objects.filter(person__id_number__in=numbers, until__isnull=True).count() == len(ids)


def test_a_submitted_case_is_pre_screened_by_the_worker(station, start_worker):
    address, _, applicant = station
    start_worker()
    case = CaseFactory(
        submitted=True, applicant=applicant, address=address, screen=False
    )  # its pre-screen is sent when the submission commits
    wait_for(
        lambda: Case.objects.filter(pk=case.pk).exclude(prescreen=Prescreen.PENDING).exists(),
        what="the pre-screen",
    )
    case.refresh_from_db()
    assert case.prescreen == Prescreen.LIKELY_ELIGIBLE
    assert case.events.filter(kind=EventKind.PRESCREENED).count() == 1


def test_a_batch_of_200_is_approved_with_each_register_moved_once(station, start_worker, broker):
    address, clerk, applicant = station
    cases = ready_cases(200, address, applicant, broker)
    start_worker("a")
    start_worker("b")
    batch = batch_start(starter=clerk)
    wait_for(lambda: batch_finished(batch.pk), timeout=240, every=0.5, what="the batch of 200")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert set(batch.items.values_list("status", flat=True)) == {BatchItemStatus.APPROVED}
    assert_each_decided_once(cases)
    assert set(Event.objects.filter(kind=EventKind.APPROVED).values_list("actor", flat=True)) == {clerk.pk}


def test_a_batch_delivered_twice_does_the_work_once(station, start_worker, broker):
    address, clerk, applicant = station
    cases = ready_cases(60, address, applicant, broker)
    batch = batch_start(starter=clerk)  # sends every chunk once …
    batch_send(batch.pk)  # … and every chunk again, before any worker runs
    assert broker.llen(QUEUE) == 4
    start_worker()
    wait_for(lambda: broker.llen(QUEUE) == 0 and batch_finished(batch.pk), timeout=120, what="both deliveries")
    time.sleep(1)  # the last duplicate is taken off the queue before it runs
    assert_each_decided_once(cases)


def test_a_submission_while_the_broker_is_down_is_saved_and_screened_by_the_sweeper(station, start_worker, broker_down):
    address, _, applicant = station
    broker_down()
    started = time.monotonic()
    case = CaseFactory(submitted=True, applicant=applicant, address=address, screen=False)
    assert time.monotonic() - started < 15  # the applicant is not kept waiting on the broker
    assert Case.objects.get(pk=case.pk).prescreen == Prescreen.PENDING  # saved all the same
    broker_down(False)
    start_worker()
    prescreen_sweep.delay(0)  # the beat job, as it runs every two minutes
    wait_for(
        lambda: Case.objects.filter(pk=case.pk, prescreen=Prescreen.LIKELY_ELIGIBLE).exists(),
        what="the sweeper to screen the case",
    )


def test_a_worker_killed_mid_batch_is_finished_by_another_with_no_case_processed_twice(station, start_worker, broker):
    address, clerk, applicant = station
    cases = ready_cases(200, address, applicant, broker)
    first = start_worker("first")
    batch = batch_start(starter=clerk)
    processed = batch.items.exclude(status=BatchItemStatus.PENDING)
    wait_for(lambda: processed.count() >= 20, timeout=120, every=0.02, what="the batch to get going")
    first.kill()
    left = batch.items.filter(status=BatchItemStatus.PENDING).count()
    assert 0 < left < 200, "the worker was to be killed half-way"
    start_worker("second")
    batches_resume.delay(0)  # the beat job sends the stalled batch's pending items again
    wait_for(lambda: batch_finished(batch.pk), timeout=240, every=0.5, what="the second worker to finish")
    assert set(batch.items.values_list("status", flat=True)) == {BatchItemStatus.APPROVED}
    assert_each_decided_once(cases)
