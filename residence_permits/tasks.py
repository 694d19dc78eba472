"""Celery tasks of residence permits: thin, idempotent (the service is safe to run twice)."""

from celery import shared_task

from .services import endorsement_reminders_send


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_endorsement_reminders() -> int:
    """The beat job (CELERY_BEAT_SCHEDULE): remind holders whose endorsement window has opened."""
    return endorsement_reminders_send()
