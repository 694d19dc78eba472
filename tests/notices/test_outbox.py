"""The outbox: rows written with what they tell, sent after commit, claimed once, retried with
backoff, swept when the broker lost them, resent from the admin."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notices import services, sms
from notices.models import Channel, Notice, NoticeStatus, Preference
from notices.services import notice_deliver, notice_send
from notices.tasks import notices_sweep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")

    def open(self):
        pass

    def close(self):
        pass


def test_nothing_is_sent_before_the_transaction_commits_and_nothing_if_it_rolls_back(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email_verified=True, email="li@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notice_send("submitted", user=user, context={"reference": "X"}, link="/status/")
            raise RuntimeError
    assert not Notice.objects.exists() and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = notice_send("submitted", user=user, context={"reference": "QJ-1"}, link="/status/")
        assert mail.outbox == []  # not yet
    assert len(callbacks) == 1
    assert {r.channel for r in rows} == {Channel.PORTAL, Channel.EMAIL}  # no verified number: no SMS
    assert len(mail.outbox) == 1 and "QJ-1" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/status/" in mail.outbox[0].body  # outside a request: PORTAL_BASE_URL


def test_a_notice_is_delivered_once_however_often_its_task_runs(django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=True, email="once@example.cn")
    (email,) = [n for n in notice_send("submitted", user=user, context={"reference": "R"}) if n.channel == "email"]
    assert notice_deliver(email.pk) == "sent"
    assert notice_deliver(email.pk) == "busy"  # already sent: nobody claims it again
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (NoticeStatus.SENT, 1) and email.sent_at is not None


def test_a_claimed_notice_is_not_sent_by_a_second_worker_until_the_claim_lapses():
    (notice,) = notice_send("password_reset", email="a@example.cn", context={})
    Notice.objects.filter(pk=notice.pk).update(claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    assert notice_deliver(notice.pk) == "busy" and mail.outbox == []
    Notice.objects.filter(pk=notice.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert notices_sweep() == 1 and len(mail.outbox) == 1  # a worker died holding it: the sweep sends it


def test_a_failed_smtp_send_is_retried_with_backoff_then_failed_and_resent_from_the_admin(
    settings, django_capture_on_commit_callbacks, client
):
    settings.EMAIL_BACKEND = "tests.notices.test_outbox.BrokenMail"
    settings.NOTICE_RETRY_SECONDS = 60
    (notice,) = notice_send("password_reset", email="a@example.cn", context={})
    before = timezone.now()
    assert notice_deliver(notice.pk) == "pending"
    notice.refresh_from_db()
    assert notice.attempts == 1 and "SMTP server refused" in notice.last_error
    assert notice.next_attempt_at >= before + datetime.timedelta(seconds=59)
    assert services.notices_due() == []  # not before its time
    assert services.backoff(3) == datetime.timedelta(seconds=240)  # doubling
    Notice.objects.filter(pk=notice.pk).update(attempts=settings.NOTICE_MAX_ATTEMPTS - 1, next_attempt_at=before)
    assert notices_sweep() == 1
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED and notice.next_attempt_at is None

    # A supervisor (staff, not superuser) sees it in the admin and sends it again.
    from accounts.services import user_create
    from tests.factories import sign_in_verified

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    supervisor = user_create(username="sup", password="Pw-2026-hukou!", role="supervisor", city="qujing")
    sign_in_verified(client, supervisor)
    page = client.get("/admin/notices/notice/?status__exact=failed")
    assert page.status_code == 200 and "a@example.cn" in page.content.decode()
    change = client.get(f"/admin/notices/notice/{notice.pk}/change/").content.decode()
    assert "3 天内打开以下链接" not in change  # a reset link is never shown to staff
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notices/notice/", {"action": "resend", "_selected_action": [notice.pk]}, follow=True
        )
    assert "已重新发送 1 条通知" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and len(mail.outbox) == 1


def test_an_account_that_chose_english_reads_english_and_can_turn_channels_off():
    user = UserFactory(email_verified=True, email="en@example.cn", phone="13812345678")
    Preference.objects.create(user=user, language="en", email=False, sms=True, verified_phone="13800000000")
    rows = notice_send("submitted", user=user, context={"reference": "QJ-9"})
    assert [r.channel for r in rows] == [Channel.PORTAL]  # e-mail off; the number verified is another one
    assert rows[0].subject == "Application submitted: QJ-9"


def test_the_messages_page_counts_unread_and_reads_them(client):
    user = UserFactory(email_verified=True)
    notice_send("submitted", user=user, context={"reference": "QJ-7"}, link="/status/")
    client.force_login(user)
    page = client.get("/accounts/security/").content.decode()
    assert "1 条未读" in page and "通知设置" in page
    page = client.get("/notices/").content.decode()
    assert "申请已提交：QJ-7" in page and "http://127.0.0.1:8000/status/" in page
    assert "1 条未读" not in client.get("/notices/").content.decode()


def test_links_sent_while_serving_a_request_use_that_requests_address(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=True, phone="13812345678")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/notices/phone/", {"send": "1", "phone": "13812345678"}, HTTP_HOST="localhost:8123")
    assert "验证码为" in sms.outbox[-1].text
    services.request_base_url.set("http://localhost:8123")
    try:
        (row,) = notice_send("password_reset", email="x@example.cn", link="/accounts/reset/x/")
    finally:
        services.request_base_url.set(None)
    assert row.link == "http://localhost:8123/accounts/reset/x/"


def test_a_mobile_number_is_verified_by_its_code_before_sms_goes_to_it(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=True, phone="")
    user.phone = None
    user.save()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/notices/phone/", {"send": "1", "phone": "13812345678"})
    code = sms.outbox[-1].text.split("验证码为 ")[1][:6]
    assert sms.outbox[-1].to == "13812345678"
    assert Channel.SMS not in services.channels_for(user.__class__.objects.get(pk=user.pk))
    page = client.post("/notices/phone/", {"code": "000000" if code != "000000" else "111111"})
    assert "验证码不正确" in page.content.decode()
    assert client.post("/notices/phone/", {"code": code}).status_code == 302
    assert Channel.SMS in services.channels_for(user.__class__.objects.get(pk=user.pk))


def test_sending_codes_is_throttled(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=True, phone="13812345678")
    client.force_login(user)
    for _ in range(5):
        client.post("/notices/phone/", {"send": "1", "phone": "13812345678"})
    page = client.post("/notices/phone/", {"send": "1", "phone": "13812345678"}, follow=True).content.decode()
    assert "发送过于频繁" in page
    assert Notice.objects.filter(event="sms_code").count() == 5


def test_the_rule_admin_words_an_event_with_only_its_placeholders(client):
    from accounts.services import user_create
    from tests.factories import sign_in_verified

    rule_admin = user_create(username="rules", password="Pw-2026-hukou!", role="rule_admin")
    sign_in_verified(client, rule_admin)
    form = {"event": "submitted", "language": "zh-hans", "subject": "已收到：%(reference)s", "body": "编号 %(card)s"}
    page = client.post("/admin/notices/noticetemplate/add/", form).content.decode()
    assert "只能使用默认文字中的占位符" in page
    form["body"] = "您的申请 %(reference)s 已收到，查询：%(link)s"
    assert client.post("/admin/notices/noticetemplate/add/", form).status_code == 302
    user = UserFactory(email_verified=True, email="t@example.cn")
    rows = notice_send("submitted", user=user, context={"reference": "QJ-5"}, link="/status/")
    assert (
        rows[0].subject == "已收到：QJ-5"
        and rows[0].text == "您的申请 QJ-5 已收到，查询：http://127.0.0.1:8000/status/"
    )
