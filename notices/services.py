"""The outbox's services.

``notice_send`` writes the rows in the caller's transaction and, once it commits, sends one Celery
task per row. ``notice_deliver`` claims a row (a conditional UPDATE: pending, not claimed by
another worker or its claim lapsed), sends it with no database transaction or row lock open, and
records the outcome: sent, or pending again with a later attempt (exponential backoff), or failed
after ``NOTICE_MAX_ATTEMPTS``. The beat job ``notices_sweep`` delivers what is still pending, so a
broker outage or a killed worker loses no notice."""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import logging
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from .events import EVENTS
from .models import Channel, CodePurpose, Notice, NoticeStatus, NoticeTemplate, OneTimeCode, Preference
from .sms import SmsMessage, sms_backend

logger = logging.getLogger(__name__)

# The scheme and host of the request being served (set by notices.middleware), for links.
request_base_url: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_base_url", default=None)


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return (request_base_url.get() or settings.PORTAL_BASE_URL) + path


def preference_of(user) -> Preference:
    preference, _created = Preference.objects.get_or_create(user=user)
    return preference


def phone_verified(user) -> bool:
    if not getattr(user, "phone", None):
        return False
    return Preference.objects.filter(user=user, verified_phone=user.phone).exists()


def channels_for(user, preference: Preference | None = None) -> list[str]:
    """The portal always; e-mail to a verified (or staff) address, SMS to a verified number,
    each unless the account turned it off (``preference``: the account's, when read already)."""
    preference = preference or preference_of(user)
    channels = [Channel.PORTAL]
    if preference.email and user.email and (getattr(user, "email_verified", False) or user.is_staff):
        channels.append(Channel.EMAIL)
    if preference.sms and user.phone and preference.verified_phone == user.phone:
        channels.append(Channel.SMS)
    return channels


def render(event: str, context: dict, language: str, *, customs: dict | None = None) -> tuple[str, str, str]:
    """``event``'s subject, text and SMS text in ``language``. ``customs``: the rule admin's
    wordings by (event, language), when the caller has read them already (else looked up)."""
    subject, body, short = EVENTS[event]
    if customs is None:
        custom = NoticeTemplate.objects.filter(event=event, language=language).first()
    else:
        custom = customs.get((event, language))
    if custom is not None:  # the rule admin's wording (its placeholders were checked when saved)
        subject, body = custom.subject, custom.body
    with translation.override(language):
        subject, body = str(subject) % context, str(body) % context
        short = str(short) % context if short is not None else None
    return subject, body, short or f"【户籍迁移落户服务平台】{subject} {context.get('link', '')}".strip()


# The notices of a step that tells one person several things (a batch approval: accepted,
# approved, moved in), gathered while notices_gathered() is open and written at its end.
_gathered: contextvars.ContextVar[list | None] = contextvars.ContextVar("notices_gathered", default=None)


@contextmanager
def notices_gathered():
    """Inside the block, notice_send only gathers (and returns no rows); at its end, every
    gathered notice is written at once: each account's preference read once, the rule admin's
    wordings in one query, one INSERT. The block must end inside the transaction of the step, as
    notice_send would have run, so the notices still exist exactly when the step happened."""
    if _gathered.get() is not None:  # inside another block: that one writes
        yield
        return
    token = _gathered.set([])
    try:
        yield
        gathered = _gathered.get()
    finally:
        _gathered.reset(token)
    _write(gathered)


def notice_send(
    event: str,
    *,
    user=None,
    email: str = "",
    phone: str = "",
    context: dict | None = None,
    link: str = "",
    channels: list[str] | None = None,
) -> list[Notice]:
    """Queue ``event`` to an account (on its chosen channels, or ``channels`` of those) or to a
    bare address. Returns the rows; nothing is sent before the caller's transaction commits."""
    if user is not None and not user.is_active:
        return []
    link = absolute_url(link)
    message = (event, user, email, phone, {**(context or {}), "link": link}, link, channels)
    gathered = _gathered.get()
    if gathered is not None:
        gathered.append(message)
        return []
    return _write([message])


def _write(messages: list[tuple]) -> list[Notice]:
    """The rows of ``messages`` (notice_send's arguments), in one INSERT; each one to be delivered
    off a portal page is queued once the transaction commits."""
    if not messages:
        return []
    accounts = {user.pk: user for _, user, *_ in messages if user is not None}
    preferences = {pk: preference_of(user) for pk, user in accounts.items()}  # each read once
    languages = {preference.language for preference in preferences.values()} | {settings.LANGUAGE_CODE}
    customs = {
        (custom.event, custom.language): custom
        for custom in NoticeTemplate.objects.filter(event__in={m[0] for m in messages}, language__in=languages)
    }
    rows = []
    for event, user, email, phone, context, link, channels in messages:
        if user is not None:
            preference = preferences[user.pk]
            language = preference.language
            chosen = [c for c in channels_for(user, preference) if channels is None or c in channels]
            subject, body, short = render(event, context, language, customs=customs)
            for channel in chosen:
                address = {Channel.EMAIL: user.email, Channel.SMS: user.phone}.get(channel, "")
                text = short if channel == Channel.SMS else body
                rows.append(
                    Notice(
                        recipient=user,
                        address=address,
                        channel=channel,
                        event=event,
                        language=language,
                        subject=subject,
                        text=text,
                        link=link,
                    )
                )
            continue
        subject, body, short = render(event, context, settings.LANGUAGE_CODE, customs=customs)
        if email:
            rows.append(
                Notice(address=email, channel=Channel.EMAIL, event=event, subject=subject, text=body, link=link)
            )
        if phone:
            rows.append(Notice(address=phone, channel=Channel.SMS, event=event, subject=subject, text=short, link=link))
    now = timezone.now()
    for row in rows:
        if row.channel == Channel.PORTAL:
            row.status, row.sent_at = NoticeStatus.SENT, now
        else:
            row.next_attempt_at = now
    rows = Notice.objects.bulk_create(rows)
    to_deliver = [row.pk for row in rows if row.status == NoticeStatus.PENDING]
    if to_deliver:
        transaction.on_commit(lambda: _queue(to_deliver))
    return rows


def _queue(notice_ids: list[int]) -> None:
    from .tasks import deliver_notice

    for pk in notice_ids:
        try:
            deliver_notice.delay(pk)
        except Exception:  # noqa: BLE001 - the broker is down: the beat sweep sends it later
            logger.exception("could not queue notice %s; the sweep will send it", pk)


# Notices whose text is a key to an account: staff never see it, and it is not kept once sent.
SECRET_EVENTS = frozenset({"password_reset", "sms_code"})
SECRET_SENT = "（含链接或验证码，发送后不保存）"


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTICE_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(notice_id: int) -> Notice | None:
    now = timezone.now()
    claimed = Notice.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=notice_id,
        status=NoticeStatus.PENDING,
    ).update(claimed_until=now + datetime.timedelta(seconds=settings.NOTICE_CLAIM_SECONDS), attempts=F("attempts") + 1)
    return Notice.objects.get(pk=notice_id) if claimed else None


def _transmit(notice: Notice) -> None:
    if notice.channel == Channel.EMAIL:
        EmailMessage(subject=notice.subject, body=notice.text, to=[notice.address]).send()
    elif notice.channel == Channel.SMS:
        sms_backend().send_messages([SmsMessage(to=notice.address, text=notice.text, event=notice.event)])


def notice_deliver(notice_id: int) -> str:
    """Send one notice once. Returns its status afterwards ("busy" when another worker has it)."""
    notice = _claim(notice_id)
    if notice is None:
        return "busy"
    try:
        _transmit(notice)
    except Exception as error:  # noqa: BLE001 - any failure of the mail server or SMS provider
        final = notice.attempts >= settings.NOTICE_MAX_ATTEMPTS
        Notice.objects.filter(pk=notice.pk).update(
            status=NoticeStatus.FAILED if final else NoticeStatus.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=None if final else timezone.now() + backoff(notice.attempts),
            claimed_until=None,
        )
        logger.warning("notice %s attempt %s failed: %s", notice.pk, notice.attempts, error)
        return NoticeStatus.FAILED if final else NoticeStatus.PENDING
    done = {"status": NoticeStatus.SENT, "sent_at": timezone.now(), "claimed_until": None, "next_attempt_at": None}
    if notice.event in SECRET_EVENTS:
        done["text"] = SECRET_SENT  # a reset link or a code is not kept where staff could read it
    Notice.objects.filter(pk=notice.pk).update(**done)
    return NoticeStatus.SENT


def notices_due(limit: int = 200) -> list[int]:
    now = timezone.now()
    return list(
        Notice.objects.filter(status=NoticeStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def notice_resend(notice: Notice) -> bool:
    """Staff send a failed notice again: it becomes pending with a fresh count of attempts."""
    updated = Notice.objects.filter(pk=notice.pk, status=NoticeStatus.FAILED).update(
        status=NoticeStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None
    )
    if updated:
        transaction.on_commit(lambda: _queue([notice.pk]))
    return bool(updated)


def notices_unread(user) -> int:
    return Notice.objects.filter(recipient=user, channel=Channel.PORTAL, read_at__isnull=True).count()


def notices_mark_read(user) -> int:
    return Notice.objects.filter(recipient=user, channel=Channel.PORTAL, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- SMS codes (verifying a mobile number, resetting a password) -------------------------------

CODE_MINUTES = 10
CODE_TRIES = 5


def _code_digest(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


@transaction.atomic
def sms_code_send(*, user, purpose: str) -> None:
    """A new 6-digit code to the account's mobile number (earlier unused ones stop working)."""
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).delete()
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        phone=user.phone,
        digest=_code_digest(code),
        expires_at=timezone.now() + datetime.timedelta(minutes=CODE_MINUTES),
    )
    notice_send("sms_code", phone=user.phone, context={"code": code, "minutes": CODE_MINUTES})


def sms_code_check(*, user, purpose: str, code: str) -> bool:
    """True once for the right code: it is used up; a wrong one counts a try."""
    record = (
        OneTimeCode.objects.filter(
            user=user, purpose=purpose, phone=user.phone or "", used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-pk")
        .first()
    )
    if record is None or record.tries >= CODE_TRIES:
        return False
    if not secrets.compare_digest(record.digest, _code_digest(code)):
        OneTimeCode.objects.filter(pk=record.pk).update(tries=F("tries") + 1)
        return False
    return bool(OneTimeCode.objects.filter(pk=record.pk, used_at__isnull=True).update(used_at=timezone.now()))


@transaction.atomic
def phone_verify(*, user, code: str) -> bool:
    if not sms_code_check(user=user, purpose=CodePurpose.PHONE, code=code):
        return False
    Preference.objects.update_or_create(
        user=user, defaults={"verified_phone": user.phone, "phone_verified_at": timezone.now()}
    )
    return True


def preference_update(*, user, language: str, email: bool, sms: bool) -> Preference:
    preference = preference_of(user)
    preference.language, preference.email, preference.sms = language, email, sms
    preference.save(update_fields=["language", "email", "sms"])
    return preference
