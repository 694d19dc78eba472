"""Every list page costs the same number of queries with few rows as with many: nothing is read
once per row. (The clerk's queue has its own test beside its view; the register's and the
accounts' admin lists theirs in tests/registers and tests/accounts.)"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import user_create
from applications.constants import BatchItemStatus, BatchStatus
from applications.models import Batch, BatchItem
from applications.services.ratings import case_rate
from applications.views.batches import BATCHES_PER_PAGE
from tests.factories import (
    PASSWORD,
    CaseFactory,
    HouseholdFactory,
    PersonFactory,
    UserFactory,
    sign_in_verified,
    verify,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 1, 6
BATCH_LINK = re.compile(r'href="/station/batches/\d+/"')


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def batches(clerk, cases, n: int) -> None:
    """``n`` finished batches of the station, each with every case (approved or set aside)."""
    for i in range(n):
        batch = Batch.objects.create(city="qujing", station=clerk.station, started_by=clerk, status=BatchStatus.DONE)
        status = BatchItemStatus.APPROVED if i % 2 else BatchItemStatus.SET_ASIDE
        BatchItem.objects.bulk_create(BatchItem(batch=batch, case=case, status=status) for case in cases)


def test_the_batch_list_costs_the_same_however_many_batches_and_shows_a_page(client, station_address, clerk):
    cases = [CaseFactory(submitted=True, address=station_address, clerk=clerk) for _ in range(3)]
    batches(clerk, cases[:1], FEW)
    sign_in_verified(client, clerk)
    few, _page = queries(client, "/station/batches/")

    batches(clerk, cases, BATCHES_PER_PAGE + 5)
    many, page = queries(client, "/station/batches/")

    assert many == few
    assert len(BATCH_LINK.findall(page)) == BATCHES_PER_PAGE and "第 1 / 2 页" in page
    assert "3 / 3（准予 3）" in page and "3 / 3（准予 0）" in page  # each batch's own counts
    _, second = queries(client, "/station/batches/?page=2")
    assert len(BATCH_LINK.findall(second)) == FEW + 5


@pytest.fixture
def applicant(db):
    return UserFactory(email_verified=True)


def test_my_cases_and_my_messages_cost_the_same_however_many_cases(client, applicant, station_address):
    person = HouseholdFactory().head
    CaseFactory(submitted=True, applicant=applicant, person=person, address=station_address, screen=False)
    client.force_login(applicant)
    few = {url: queries(client, url)[0] for url in ("/my/cases/", "/notices/")}

    for _ in range(MANY):
        CaseFactory(submitted=True, applicant=applicant, person=person, address=station_address, screen=False)
    CaseFactory(applicant=applicant, person=person, address=station_address)  # and a draft

    for url, count in few.items():
        many, page = queries(client, url)
        assert many == count, url
    assert page.count("QJ-") >= MANY + FEW


def test_my_consents_cost_the_same_however_many_cases_ask(client, station_address):
    spouse = PersonFactory(female=True)
    account = verify(UserFactory(email_verified=True), spouse)
    CaseFactory(submitted=True, spouse=spouse, address=station_address, documents=(), checked=False, screen=False)
    client.force_login(account)
    few, _page = queries(client, "/my/consents/")

    for _ in range(MANY):
        CaseFactory(submitted=True, spouse=spouse, address=station_address, documents=(), checked=False, screen=False)
    many, page = queries(client, "/my/consents/")

    assert many == few and page.count("QJ-") >= MANY + FEW


def test_the_follow_ups_cost_the_same_however_many_poor_ratings(client, station_address):
    supervisor = user_create(username="sup-q", password=PASSWORD, role="supervisor", city="qujing")

    def rated_poorly():
        case = CaseFactory(withdrawn=True, address=station_address, checked=False, screen=False)
        case_rate(case=case, actor=case.applicant, score=1, comment="没人答复")

    rated_poorly()
    sign_in_verified(client, supervisor)
    few, _page = queries(client, "/station/follow-ups/")

    for _ in range(MANY):
        rated_poorly()
    many, page = queries(client, "/station/follow-ups/")

    assert many == few and page.count("QJ-") >= MANY + FEW


ADMIN_LISTS = ["applications/case", "activity/event", "applications/paper", "applications/batch"]


def test_the_case_admin_lists_cost_the_same_however_many_cases(admin_client, station_address, clerk):
    def decided():
        case = CaseFactory(completed=True, address=station_address, clerk=clerk)
        batches(clerk, [case], 1)

    decided()
    few = {model: queries(admin_client, f"/admin/{model}/")[0] for model in ADMIN_LISTS}

    for _ in range(4):
        decided()

    for model in ADMIN_LISTS:
        many, page = queries(admin_client, f"/admin/{model}/")
        assert many == few[model], model
        assert page.count("QJ-") >= 5 or model == "applications/batch", model
