"""SMS backends, shaped like Django's e-mail backends: ``SMS_BACKEND`` names a class with
``send_messages(messages) -> int`` that raises on failure.

- ``notices.sms.ConsoleBackend`` writes each message to standard output (development);
- ``notices.sms.FileBackend`` appends them, one JSON object a line, to ``SMS_FILE_PATH`` (tests);
- ``notices.sms.AliyunBackend`` sends through Alibaba Cloud SMS (短信服务), its ``SendSms`` RPC API
  (version 2017-05-25) signed with HMAC-SHA1 (SignatureVersion 1.0) as the provider documents:
  https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class SmsMessage:
    to: str
    text: str
    event: str = ""
    params: dict = field(default_factory=dict)


class SmsError(Exception):
    pass


class BaseBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send_messages(self, messages):
        for message in messages:
            sys.stdout.write(f"SMS to {message.to}: {message.text}\n")
        sys.stdout.flush()
        return len(messages)


outbox: list[SmsMessage] = []  # what LocmemBackend sent (tests)


class LocmemBackend(BaseBackend):
    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class FileBackend(BaseBackend):
    def send_messages(self, messages):
        with open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as out:
            for message in messages:
                out.write(json.dumps({"to": message.to, "text": message.text, "event": message.event}) + "\n")
        return len(messages)


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Alibaba Cloud's RPC signature requires: unreserved characters
    (A–Z a–z 0–9 - _ . ~) stay, everything else is %XX of its UTF-8 bytes, a space is %20."""
    return urllib.parse.quote(str(value), safe="-_.~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))


def rpc_signature(method: str, params: dict[str, str], secret: str) -> str:
    """Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", Method & %2F & encode(canonical query)))."""
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend(BaseBackend):
    """Settings: SMS_ALIYUN_ACCESS_KEY_ID, SMS_ALIYUN_ACCESS_KEY_SECRET, SMS_ALIYUN_SIGN_NAME,
    SMS_ALIYUN_TEMPLATE_CODE (an approved template with one variable ``${text}``),
    SMS_ALIYUN_ENDPOINT (default https://dysmsapi.aliyuncs.com/), SMS_TIMEOUT seconds."""

    def send_messages(self, messages):
        for message in messages:
            self._send(message)
        return len(messages)

    def _params(self, message: SmsMessage) -> dict[str, str]:
        return {
            "AccessKeyId": settings.SMS_ALIYUN_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": "cn-hangzhou",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
            "PhoneNumbers": message.to,
            "SignName": settings.SMS_ALIYUN_SIGN_NAME,
            "TemplateCode": settings.SMS_ALIYUN_TEMPLATE_CODE,
            "TemplateParam": json.dumps(message.params or {"text": message.text}, ensure_ascii=False),
        }

    def _send(self, message: SmsMessage) -> None:
        params = self._params(message)
        params["Signature"] = rpc_signature("GET", params, settings.SMS_ALIYUN_ACCESS_KEY_SECRET)
        url = settings.SMS_ALIYUN_ENDPOINT + "?" + canonical_query(params)
        try:
            with urllib.request.urlopen(url, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310 - https endpoint from settings
                body = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as error:
            raise SmsError(f"HTTP {error.code}: {error.read()[:300].decode(errors='replace')}") from None
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SmsError(str(error)) from None
        if body.get("Code") != "OK":
            raise SmsError(f"{body.get('Code')}: {body.get('Message')}")


def sms_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
