"""The Alibaba Cloud backend signs SendSms as the provider documents, checked by a local server
that recomputes the signature itself (HMAC-SHA1 over the percent-encoded, sorted query)."""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from notices.models import Notice, NoticeStatus
from notices.services import notice_send
from tests.factories import UserFactory

SECRET = "testsecret"


def _encode(value: str) -> str:
    # The provider's rules, written out again: RFC 3986 unreserved stay, space is %20, * is %2A, ~ stays.
    return urllib.parse.quote(value, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


class Provider(BaseHTTPRequestHandler):
    received: list[dict] = []
    fail_with: int | None = None

    def do_GET(self):  # noqa: N802 - the http.server interface
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True))
        signature = query.pop("Signature", "")
        canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(query.items()))
        to_sign = "GET&%2F&" + _encode(canonical)
        expected = base64.b64encode(hmac.new(f"{SECRET}&".encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
        Provider.received.append(query)
        if Provider.fail_with:
            self._answer(Provider.fail_with, {"Code": "ServiceUnavailable", "Message": "try later"})
        elif signature != expected or query.get("SignatureMethod") != "HMAC-SHA1":
            self._answer(400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"})
        else:
            self._answer(200, {"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"})

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Provider.received, Provider.fail_with = [], None
    settings.SMS_BACKEND = "notices.sms.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{server.server_port}/"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "testid"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
    settings.SMS_ALIYUN_SIGN_NAME = "户籍迁移落户服务平台"
    settings.SMS_ALIYUN_TEMPLATE_CODE = "SMS_0001"
    settings.NOTICE_MAX_ATTEMPTS = 3
    yield Provider
    server.shutdown()
    server.server_close()


def _send(django_capture_on_commit_callbacks) -> Notice:
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = notice_send("sms_code", phone="13812345678", context={"code": "123456", "minutes": 10})
    notice.refresh_from_db()
    return notice


@pytest.mark.django_db
def test_a_signed_request_is_accepted_by_the_provider(provider, django_capture_on_commit_callbacks):
    notice = _send(django_capture_on_commit_callbacks)
    assert (notice.status, notice.attempts, notice.last_error) == (NoticeStatus.SENT, 1, "")
    (query,) = provider.received
    assert query["Action"] == "SendSms" and query["Version"] == "2017-05-25" and query["SignatureVersion"] == "1.0"
    assert query["PhoneNumbers"] == "13812345678" and query["SignName"] == "户籍迁移落户服务平台"
    assert "123456" in json.loads(query["TemplateParam"])["text"]
    assert notice.text == "（含链接或验证码，发送后不保存）"  # the code is not kept once it went out


@pytest.mark.django_db
def test_a_wrong_signature_is_retried_then_recorded_as_failed(provider, settings, django_capture_on_commit_callbacks):
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"
    notice = _send(django_capture_on_commit_callbacks)
    assert (notice.status, notice.attempts) == (NoticeStatus.FAILED, 3)
    assert "SignatureDoesNotMatch" in notice.last_error and len(provider.received) == 3


@pytest.mark.django_db
def test_a_server_error_is_retried_then_recorded_as_failed(provider, django_capture_on_commit_callbacks):
    provider.fail_with = 503
    notice = _send(django_capture_on_commit_callbacks)
    assert (notice.status, notice.attempts) == (NoticeStatus.FAILED, 3)
    assert "HTTP 503" in notice.last_error


@pytest.mark.django_db
def test_a_verified_number_gets_case_notices_by_sms(provider, django_capture_on_commit_callbacks):
    from notices.models import Preference

    user = UserFactory(email_verified=True, email="sms@example.cn", phone="13912345678")
    Preference.objects.create(user=user, verified_phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        notice_send("submitted", user=user, context={"reference": "QJ-2026-000001"}, link="/status/")
    assert {n.channel: n.status for n in Notice.objects.filter(recipient=user)} == {
        "portal": "sent",
        "email": "sent",
        "sms": "sent",
    }
    assert json.loads(provider.received[0]["TemplateParam"])["text"].startswith("【户籍迁移落户服务平台】申请已提交")
    assert len(mail.outbox) == 1
