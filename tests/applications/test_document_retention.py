"""Retention of closed cases' documents: past DOCUMENT_RETENTION_DAYS after the case was closed,
the nightly job deletes the files and keeps the decision, the certificate and the documents'
records."""

import datetime
import itertools

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from activity.models import Event
from applications.constants import CaseStatus, EventKind
from applications.models import Case, Certificate
from applications.services.retention import documents_purge_expired
from applications.tasks import documents_retention_sweep
from tests.factories import AddressFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CLOSING = {
    CaseStatus.COMPLETED: EventKind.COMPLETED,
    CaseStatus.REFUSED: EventKind.REFUSED,
    CaseStatus.WITHDRAWN: EventKind.WITHDRAWN,
}
references = itertools.count(1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENT_RETENTION_DAYS = 1095
    return tmp_path


@pytest.fixture
def applicant():
    return UserFactory(email_verified=True)


def case_closed(applicant, status, *, days_ago: int, documents: int = 2) -> Case:
    """A case in ``status``, closed (or, when still open, last touched) ``days_ago`` days ago,
    with stored document files."""
    address = AddressFactory()
    case = Case.objects.create(
        applicant=applicant,
        id_number="530302198001010016",
        name="张伟",
        city="qujing",
        pathway="residence",
        status=status,
        reference=f"QJ-2020-{next(references):06d}",
        station=address.station,
        address=address,
        decided_at=NOW - datetime.timedelta(days=days_ago),
        decision_clause="曲政发〔2015〕82号 第（四）条",
        decision_text="符合条件。",
    )
    for n in range(documents):
        DocumentFactory(
            case=case, file=ContentFile(PDF, name="upload.pdf"), original_name=f"身份证{n}.pdf", size=len(PDF)
        )
    event = case.events.create(kind=CLOSING.get(status, EventKind.TAKEN))
    Event.objects.filter(pk=event.pk).update(at=NOW - datetime.timedelta(days=days_ago))
    return case


def stored(case) -> list[bool]:
    return [d.file.storage.exists(d.file.name) for d in case.documents.order_by("pk")]


def purged(case) -> list[bool]:
    return [d.purged_at is not None for d in case.documents.order_by("pk")]


@pytest.mark.parametrize("status", [CaseStatus.COMPLETED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN])
def test_it_deletes_the_files_of_a_case_closed_longer_ago_than_the_retention_period(applicant, status):
    case = case_closed(applicant, status, days_ago=1096)

    assert documents_purge_expired(now=NOW) == 2

    assert stored(case) == [False, False] and purged(case) == [True, True]
    assert case.documents.count() == 2  # the records stay: kind, name, size, hash, uploader
    case.refresh_from_db()
    assert case.status == status and case.decision_clause == "曲政发〔2015〕82号 第（四）条"


def test_it_keeps_the_decision_and_the_certificate(applicant):
    case = case_closed(applicant, CaseStatus.COMPLETED, days_ago=2000)
    Certificate.objects.create(
        case=case, number="QJ-ZQ-2020-000001", code="ABCDEFGHJKLM", title="准予迁入证明", issued_by=applicant
    )
    documents_purge_expired(now=NOW)
    assert Certificate.objects.get(case=case).number == "QJ-ZQ-2020-000001"
    assert Case.objects.get(pk=case.pk).decided_at is not None


def test_it_keeps_files_of_cases_closed_recently_still_open_or_awaiting_the_move_out(applicant):
    recent = case_closed(applicant, CaseStatus.COMPLETED, days_ago=1094)
    still_open = case_closed(applicant, CaseStatus.IN_REVIEW, days_ago=4000)
    awaiting_move_out = case_closed(applicant, CaseStatus.APPROVED, days_ago=4000)

    assert documents_purge_expired(now=NOW) == 0

    for case in (recent, still_open, awaiting_move_out):
        assert stored(case) == [True, True] and purged(case) == [False, False]


def test_running_it_again_changes_nothing(applicant):
    case = case_closed(applicant, CaseStatus.REFUSED, days_ago=1200)
    documents_purge_expired(now=NOW)
    first = list(case.documents.values_list("purged_at", flat=True))

    assert documents_purge_expired(now=NOW + datetime.timedelta(days=1)) == 0
    assert list(case.documents.values_list("purged_at", flat=True)) == first


def test_a_file_already_gone_is_marked_all_the_same(applicant):
    """A run that died after deleting a file but before marking its row: the next run finishes."""
    case = case_closed(applicant, CaseStatus.REFUSED, days_ago=1200, documents=1)
    document = case.documents.get()
    document.file.storage.delete(document.file.name)

    assert documents_purge_expired(now=NOW) == 1
    assert purged(case) == [True]


def test_it_works_through_more_documents_than_one_chunk(applicant, monkeypatch):
    monkeypatch.setattr("applications.services.retention.CHUNK", 3)
    cases = [case_closed(applicant, CaseStatus.COMPLETED, days_ago=1500, documents=2) for _ in range(4)]
    assert documents_purge_expired(now=NOW) == 8
    assert all(purged(case) == [True, True] for case in cases)


def test_the_period_comes_from_the_setting_and_zero_keeps_the_files_for_ever(applicant, settings):
    case = case_closed(applicant, CaseStatus.COMPLETED, days_ago=40)
    settings.DOCUMENT_RETENTION_DAYS = 0
    assert documents_purge_expired(now=NOW) == 0
    settings.DOCUMENT_RETENTION_DAYS = 30
    assert documents_purge_expired(now=NOW) == 2 and stored(case) == [False, False]


def test_the_nightly_beat_job_runs_the_sweep(applicant):
    entry = django_settings.CELERY_BEAT_SCHEDULE["documents-retention"]
    assert entry["task"] == documents_retention_sweep.name
    case = case_closed(applicant, CaseStatus.WITHDRAWN, days_ago=1100)
    assert documents_retention_sweep.delay().get() == 2
    assert purged(case) == [True, True]


def test_a_deleted_file_is_no_longer_offered_or_served(applicant):
    case = case_closed(applicant, CaseStatus.COMPLETED, days_ago=1100, documents=1)
    document = case.documents.get()
    documents_purge_expired(now=NOW)
    client = Client()
    client.force_login(applicant)
    assert client.get(f"/my/cases/{case.pk}/documents/{document.pk}/").status_code == 404
    page = client.get(f"/my/cases/{case.pk}/").content.decode()
    assert f"/documents/{document.pk}/" not in page and case.reference in page
