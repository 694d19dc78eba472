"""Endorsement reminders: the beat job's work, safe to run any number of times."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.dates import chinese_date

from ..constants import NotificationKind
from ..models import Notification, ResidencePermit
from ..selectors import permits_entering_window

logger = logging.getLogger(__name__)


def endorsement_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each holder whose permit's endorsement window has opened, once per validity end: a
    notification on their page and an e-mail. Run twice, or on two workers at once, it still
    reminds once: the notification's unique constraint claims the reminder, a conditional update
    claims the e-mail. An e-mail that failed is sent again on the next run. Returns how many
    holders were newly reminded."""
    today = today or timezone.localdate()
    reminded = [permit for permit in permits_entering_window(today) if _notify(permit) is not None]
    pending = Notification.objects.filter(kind=NotificationKind.ENDORSEMENT_DUE, emailed_at__isnull=True)
    for pk in pending.values_list("pk", flat=True):
        notification_email_send(notification_id=pk)
    return len(reminded)


def _notify(permit: ResidencePermit) -> Notification | None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("居住证签注提醒")
        body = _(
            "您的居住证 %(number)s 有效期至 %(until)s。请在此之前到 %(station)s 或在网上申请签注；逾期未签注的，"
            "居住证使用功能中止，补办签注后居住年限自补办之日起重新计算。"
        ) % {"number": permit.number, "until": chinese_date(permit.valid_until), "station": permit.station}
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user_id=permit.holder_account_id,
                permit=permit,
                kind=NotificationKind.ENDORSEMENT_DUE,
                due_on=permit.valid_until,
                title=title,
                body=body,
            )
    except IntegrityError:
        return None  # reminded already: by an earlier run, or by another worker just now


def notification_email_send(*, notification_id: int) -> bool:
    """Send a notification's e-mail once: claim it with a conditional update, give the claim back
    if sending fails (the next run tries again)."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    if not notification.user.email:
        return False  # no address: the notification on their page is the reminder
    link = settings.PORTAL_BASE_URL + reverse("residence_permits:permit_detail", args=[notification.permit_id])
    try:
        send_mail(notification.title, f"{notification.body}\n\n{link}", None, [notification.user.email])
    except Exception:  # noqa: BLE001 - any mail failure: retried on the next run
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        logger.exception("could not e-mail notification %s; the next run tries again", notification_id)
        return False
    return True


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
