"""An auditor reads a person's change records in the admin (old → new, who, why), and a clerk
pages through the station's batches — on a desktop and a 375 px phone."""

import pytest

from accounts.constants import Role
from accounts.services import user_create
from applications.constants import BatchItemStatus, BatchStatus
from applications.models import Batch, BatchItem
from tests.e2e.browser import PHONE, authenticator_for, go, look, sign_in
from tests.factories import PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WIDE = {"width": 1366, "height": 900}


def test_the_auditor_reads_a_corrected_name_old_and_new(new_page, family):
    household, head, spouse = family
    correction = {"field": "name", "value": spouse.name + "芳", "reason": "户口簿登记有误"}
    case = CaseFactory(completed=True, person=spouse, correction=correction)
    auditor = user_create(username="auditor-e2e", password=PASSWORD, role=Role.AUDITOR, email="audit@example.cn")
    authenticator_for(auditor)

    page = new_page(WIDE)
    sign_in(page, auditor, PASSWORD)  # once: a code works only once
    for name, viewport in (("register-history-desktop", WIDE), ("register-history-phone", PHONE)):
        page.set_viewport_size(viewport)
        go(page, f"/admin/registers/person/{spouse.pk}/history/")
        text = page.locator("#register-history").inner_text()
        assert f"{spouse.name} → {spouse.name}芳" in text and case.reference in text and "户口簿登记有误" in text
        look(page, name)


def test_the_clerk_pages_through_the_batches(new_page, station_address, staff):
    clerk = staff(clerk=True, station=station_address.station)
    cases = [CaseFactory(submitted=True, address=station_address, clerk=clerk) for _ in range(2)]
    for i in range(33):
        batch = Batch.objects.create(city="qujing", station=clerk.station, started_by=clerk, status=BatchStatus.DONE)
        status = BatchItemStatus.APPROVED if i % 3 else BatchItemStatus.SET_ASIDE
        BatchItem.objects.bulk_create(BatchItem(batch=batch, case=case, status=status) for case in cases)

    page = new_page(WIDE)
    sign_in(page, clerk, PASSWORD)
    for name, viewport in (("batch-list-desktop", WIDE), ("batch-list-phone", PHONE)):
        page.set_viewport_size(viewport)
        go(page, "/station/batches/")
        assert "第 1 / 2 页" in page.locator("main").inner_text()
        look(page, name, phone=viewport is PHONE)
