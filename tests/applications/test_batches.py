"""Batch review through the services and the staff pages (Celery eager here; a real worker in
tests/integration)."""

import pytest

from applications.constants import BatchItemStatus, BatchStatus, CaseStatus, EventKind, Prescreen
from applications.models import Batch, BatchItem, Case, Certificate
from applications.services import CaseError, case_request_documents, case_take
from applications.services.batches import batch_cancel, batch_process_item, batch_start
from registers.models import Membership
from tests.factories import CaseFactory, UserFactory, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(applicant_user, station_address):
    return [CaseFactory(submitted=True, applicant=applicant_user, address=station_address) for _ in range(3)]


def test_ready_cases_are_likely_eligible_and_complete(cases):
    assert {c.prescreen for c in cases} == {Prescreen.LIKELY_ELIGIBLE}


def test_a_batch_approves_each_case_in_the_starters_name_and_moves_the_register(
    cases, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_start(starter=clerk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert list(batch.items.values_list("status", flat=True)) == [BatchItemStatus.APPROVED] * 3
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.status == CaseStatus.COMPLETED and case.decided_by == clerk
        approved = case.events.get(kind=EventKind.APPROVED)
        assert approved.actor == clerk
        assert (
            Membership.objects.filter(person__id_number=case.id_number, until__isnull=True).get().household.address
            == case.address
        )
    assert Certificate.objects.filter(case__in=cases).count() == 3


def test_it_batches_only_the_ticked_cases_that_are_ready(cases, clerk, applicant_user, station_address):
    not_ready = CaseFactory(submitted=True, applicant=applicant_user, address=station_address, screen=False)
    batch = batch_start(starter=clerk, case_ids=[cases[0].pk, not_ready.pk])
    assert list(batch.items.values_list("case_id", flat=True)) == [cases[0].pk]


def test_a_case_waits_in_one_batch_at_a_time(cases, clerk):
    batch_start(starter=clerk, case_ids=[cases[0].pk])  # on_commit not run: still pending
    with pytest.raises(CaseError, match="没有可以批量审核的业务"):
        batch_start(starter=clerk, case_ids=[cases[0].pk])


def test_a_case_that_changed_is_set_aside_with_the_reason(cases, clerk, station_address):
    batch = batch_start(starter=clerk)
    other = UserFactory(clerk=True, station=station_address.station)
    case_take(case=cases[0], clerk=other)
    taken_by_me = case_take(case=cases[1], clerk=clerk)
    case_request_documents(case=taken_by_me, clerk=clerk, kinds=["id_card"], message="身份证复印件不清楚")
    results = {item.case_id: batch_process_item(item_id=item.pk) for item in batch.items.all()}
    assert results == {
        cases[0].pk: BatchItemStatus.SET_ASIDE,
        cases[1].pk: BatchItemStatus.SET_ASIDE,
        cases[2].pk: BatchItemStatus.APPROVED,
    }
    reasons = dict(batch.items.values_list("case_id", "reason"))
    assert reasons[cases[0].pk] == "已由其他民警受理。"
    assert "待补充材料" in reasons[cases[1].pk]
    assert Case.objects.get(pk=cases[0].pk).status == CaseStatus.IN_REVIEW


def test_an_item_processed_twice_is_decided_once(cases, clerk):
    batch = batch_start(starter=clerk, case_ids=[cases[0].pk])
    item = batch.items.get()
    assert batch_process_item(item_id=item.pk) == BatchItemStatus.APPROVED
    assert batch_process_item(item_id=item.pk) is None
    assert cases[0].events.filter(kind=EventKind.APPROVED).count() == 1


def test_cancelling_keeps_what_is_done_and_leaves_the_rest_for_people(cases, clerk):
    batch = batch_start(starter=clerk)
    first = batch.items.order_by("pk").first()
    batch_process_item(item_id=first.pk)
    batch_cancel(batch=batch, user=clerk)
    statuses = list(batch.items.order_by("pk").values_list("status", flat=True))
    assert statuses == [BatchItemStatus.APPROVED, BatchItemStatus.CANCELLED, BatchItemStatus.CANCELLED]
    assert Case.objects.filter(status=CaseStatus.SUBMITTED).count() == 2
    with pytest.raises(CaseError, match="已结束"):
        batch_cancel(batch=batch, user=clerk)


def test_only_station_staff_start_batches(cases, applicant_user):
    with pytest.raises(CaseError, match="只有民警和审核主管"):
        batch_start(starter=applicant_user)


def test_the_pages_start_show_and_report_progress(
    client, cases, clerk, other_clerk, django_capture_on_commit_callbacks
):
    sign_in_verified(client, clerk)
    queue = client.get("/station/queue/").content.decode()
    assert queue.count('form="batch-form"') == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/station/batches/new/", {"cases": [cases[0].pk, cases[1].pk], "confirmed": "1"})
    batch = Batch.objects.get()
    assert response["Location"] == f"/station/batches/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "batch-progress.js" in page and cases[0].reference in page
    progress = client.get(f"/station/batches/{batch.pk}/progress/").json()
    assert progress | {"status_display": ""} == {
        "id": batch.pk,
        "status": "done",
        "status_display": "",
        "total": 2,
        "done": 2,
        "approved": 2,
        "set_aside": 0,
        "cancelled": 0,
        "percent": 100,
    }
    sign_in_verified(client, other_clerk)
    assert client.get(f"/station/batches/{batch.pk}/").status_code == 404
    assert client.get(f"/station/batches/{batch.pk}/progress/").status_code == 404
    assert client.post(f"/station/batches/{batch.pk}/cancel/").status_code == 404


def test_starting_with_nothing_ticked_says_so(client, cases, clerk):
    sign_in_verified(client, clerk)
    response = client.post("/station/batches/new/", follow=True)
    assert "请先勾选" in response.content.decode()
    assert not Batch.objects.exists()


def test_the_whole_ready_queue_can_be_batched_at_once(client, cases, clerk):
    sign_in_verified(client, clerk)
    client.post("/station/batches/new/", {"all": "1", "confirmed": "1"})
    assert BatchItem.objects.count() == 3
