"""The beat job that reminds holders their endorsement window has opened: once, however often it runs."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail

from eligibility.dates import add_months
from residence_permits.models import Notification
from residence_permits.services import endorsement_reminders_send
from residence_permits.tasks import send_endorsement_reminders
from tests.factories import ResidencePermitFactory

from .helpers import signed_in

pytestmark = pytest.mark.django_db


def test_the_job_run_twice_reminds_each_holder_in_the_window_once(holder):
    due = ResidencePermitFactory(in_window=True, case__applicant=holder)
    ResidencePermitFactory()  # the window is months away
    ResidencePermitFactory(in_window=True, cancelled=True)
    ResidencePermitFactory(suspended=True)  # past its window: the page and the station say so

    assert send_endorsement_reminders.delay().get() == 1
    assert send_endorsement_reminders.delay().get() == 0

    notification = Notification.objects.get()
    assert (notification.permit, notification.user, notification.due_on) == (due, holder, due.valid_until)
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [holder.email]
    assert due.number in mail.outbox[0].body and f"/my/residence/permits/{due.pk}/" in mail.outbox[0].body


def test_the_holder_sees_the_reminder_on_their_page(holder):
    due = ResidencePermitFactory(in_window=True, case__applicant=holder)
    send_endorsement_reminders()
    page = signed_in(holder).get("/my/residence/").content.decode()
    assert "居住证签注提醒" in page and due.number in page


def test_each_term_brings_its_own_reminder(holder):
    due = ResidencePermitFactory(in_window=True, case__applicant=holder)
    send_endorsement_reminders()
    first = due.valid_until
    due.valid_until = add_months(first, 12)  # endorsed: the next term
    due.save()
    assert send_endorsement_reminders() == 0  # next year's window is not open yet
    assert endorsement_reminders_send(today=due.valid_until - datetime.timedelta(days=10)) == 1
    assert sorted(Notification.objects.values_list("due_on", flat=True)) == [first, due.valid_until]


def test_an_e_mail_that_failed_is_sent_on_the_next_run(holder):
    ResidencePermitFactory(in_window=True, case__applicant=holder)
    with mock.patch("residence_permits.services.reminders.send_mail", side_effect=OSError("smtp down")):
        send_endorsement_reminders()
    assert Notification.objects.get().emailed_at is None and len(mail.outbox) == 0
    send_endorsement_reminders()
    assert Notification.objects.get().emailed_at is not None and len(mail.outbox) == 1


def test_the_job_is_on_the_beat_schedule():
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "residence_permits.tasks.send_endorsement_reminders" in entries
