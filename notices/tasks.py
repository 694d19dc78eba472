from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_notice(notice_id: int) -> str:
    """One attempt; a failure leaves the row pending with its next attempt later, which this
    task is sent again for (and the beat sweep finds, should that message be lost)."""
    status = services.notice_deliver(notice_id)
    if status == "pending":
        from django.conf import settings

        if settings.CELERY_TASK_ALWAYS_EAGER:
            return deliver_notice(notice_id)  # in-process: try again at once, up to the limit
        attempts = services.Notice.objects.filter(pk=notice_id).values_list("attempts", flat=True).first() or 1
        deliver_notice.apply_async((notice_id,), countdown=services.backoff(attempts).total_seconds())
    return status


@shared_task
def notices_sweep() -> int:
    """Beat: deliver the notices still pending whose time has come."""
    due = services.notices_due()
    for pk in due:
        services.notice_deliver(pk)
    return len(due)
