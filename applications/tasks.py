"""Celery tasks of the case flow: thin, idempotent, sent after the transaction commits."""

import logging

from celery import shared_task

from .services import case_prescreen

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def prescreen_case(case_id: int) -> str:
    case = case_prescreen(case_id=case_id)
    return case.prescreen if case else "done already"


def send_prescreen(case_id: int) -> None:
    """Queue the pre-screen. If the broker is down the case stays saved and unscreened; the beat
    sweeper finds it by a database query (issue 6), so a submission never depends on the broker."""
    try:
        prescreen_case.delay(case_id)
    except Exception:  # noqa: BLE001 - any broker failure: the sweeper is the safety net
        logger.exception("could not queue the pre-screen of case %s; the sweeper will pick it up", case_id)
