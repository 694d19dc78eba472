"""The outbox on a real broker and real workers: a case's life — submitted while the broker is
down, accepted, asked for a document, answered, approved — sends each notice exactly once on
each channel (e-mail to the file backend, SMS to the file backend, the portal's own messages);
a worker killed in the middle of a send leaves the notice to the sweep, which sends it once."""

import json
import time
from collections import Counter
from pathlib import Path

import pytest

import applications.tasks  # noqa: F401 - registered before the broker is switched (as the app does on start)
from applications.services import case_answer_request, case_approve, case_request_documents, case_take
from notices.models import Notice, NoticeStatus, Preference
from notices.services import notice_send
from notices.tasks import notices_sweep
from tests.factories import AddressFactory, CaseFactory, UserFactory

from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIFE = ["submitted", "accepted", "requested", "answered", "approved", "moved_in"]  # an owner here moves at once


@pytest.fixture
def outboxes(tmp_path, monkeypatch, settings):
    """The worker's e-mail and SMS backends write files the test reads."""
    mail_dir, sms_file = tmp_path / "mail", tmp_path / "sms.log"
    mail_dir.mkdir()
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(mail_dir))
    monkeypatch.setenv("SMS_BACKEND", "notices.sms.FileBackend")
    monkeypatch.setenv("SMS_FILE_PATH", str(sms_file))
    return mail_dir, sms_file


def mail_subjects(mail_dir: Path) -> list[str]:
    import email
    from email.header import decode_header, make_header

    subjects = []
    for path in mail_dir.iterdir():
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                subjects.append(str(make_header(decode_header(email.message_from_bytes(chunk)["Subject"]))))
    return subjects


def sms_events(sms_file: Path) -> list[str]:
    if not sms_file.exists():
        return []
    return [json.loads(line)["event"] for line in sms_file.read_text(encoding="utf-8").splitlines()]


def all_sent(user) -> bool:
    rows = Notice.objects.filter(recipient=user)
    return rows.exists() and not rows.exclude(status=NoticeStatus.SENT).exists()


def test_a_case_s_life_sends_each_notice_once_on_each_channel(outboxes, start_worker, broker, broker_down):
    mail_dir, sms_file = outboxes
    address = AddressFactory(zone="central_urban")
    clerk = UserFactory(clerk=True, station=address.station)
    applicant = UserFactory(email_verified=True, email="life@example.cn", phone="13812345678")
    Preference.objects.create(user=applicant, verified_phone="13812345678")

    broker_down()  # the submission's notices cannot be queued: they wait in the outbox
    case = CaseFactory(submitted=True, applicant=applicant, address=address)
    assert Notice.objects.filter(recipient=applicant, event="submitted", status=NoticeStatus.PENDING).count() == 2
    broker_down(False)
    worker = start_worker()
    notices_sweep.delay()  # the beat job, as it runs every minute
    wait_for(lambda: all_sent(applicant), what="the submission's notices")

    case = case_take(case=case, clerk=clerk)
    request = case_request_documents(case=case, clerk=clerk, kinds=["marriage_certificate"], message="请提供结婚证")
    (item,) = request.items.all()
    case = case_answer_request(case=case, actor=case.applicant, reasons={item.pk: "未婚，无结婚证"})
    case_approve(case=case, clerk=clerk)
    wait_for(lambda: all_sent(applicant) and len(sms_events(sms_file)) >= len(LIFE), what="every notice sent")
    notices_sweep.delay()  # sweeping again sends nothing twice
    wait_for(lambda: not Notice.objects.filter(status=NoticeStatus.PENDING).exists(), what="nothing pending")
    worker.stop()

    sent = Counter(Notice.objects.filter(recipient=applicant).values_list("event", "channel"))
    assert sent == Counter({(event, channel): 1 for event in LIFE for channel in ("portal", "email", "sms")})
    assert Counter(sms_events(sms_file)) == Counter(LIFE)
    subjects = mail_subjects(mail_dir)
    assert len(subjects) == len(LIFE) and all(case.reference in s for s in subjects)
    assert any(s.startswith("申请已准予") for s in subjects) and any(s.startswith("请补充材料") for s in subjects)
    assert Notice.objects.filter(recipient=clerk, event="answered", channel="portal").count() == 1


@pytest.fixture
def silent_smtp():
    """An SMTP server that accepts the connection and never answers: a send hangs in it."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


def test_a_worker_killed_mid_send_leaves_the_notice_to_the_sweep_and_it_goes_once(
    outboxes, start_worker, broker, monkeypatch, silent_smtp
):
    mail_dir, _sms_file = outboxes
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(silent_smtp))
    monkeypatch.setenv("EMAIL_TIMEOUT", "60")
    monkeypatch.setenv("NOTICE_CLAIM_SECONDS", "3")
    first = start_worker("a")
    (notice,) = notice_send("password_reset", email="kill@example.cn", context={})  # queued at once: no transaction
    wait_for(
        lambda: Notice.objects.filter(pk=notice.pk, attempts=1, claimed_until__isnull=False).exists(),
        what="the first worker to claim the notice",
    )
    first.kill()  # in the middle of the SMTP conversation
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.PENDING

    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    start_worker("b")
    time.sleep(3.5)  # the dead worker's hold lapses
    notices_sweep.delay()
    wait_for(lambda: Notice.objects.filter(pk=notice.pk, status=NoticeStatus.SENT).exists(), what="the sweep")
    notices_sweep.delay()
    time.sleep(1)
    notice.refresh_from_db()
    assert notice.attempts == 2 and notice.sent_at is not None
    assert len(mail_subjects(mail_dir)) == 1
