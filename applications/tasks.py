"""Celery tasks of the case flow: thin (they take IDs and call a service), idempotent (each
service claims its rows and does nothing when the work is done), sent after the transaction
commits. ``acks_late`` is on for all of them (settings), so a task whose worker dies is
delivered again — which the services make harmless."""

import datetime
import logging

from celery import shared_task
from celery.signals import task_failure
from django.contrib.auth import get_user_model
from django.utils import timezone

from common.errors import DomainError
from common.work import send_on_commit
from registers.constants import City

from .models import TaskFailure
from .services import batches, impact, review, statistics, sweeps

logger = logging.getLogger(__name__)
# A domain error is an answer, not a fault: trying again would give the same one.
RETRYING = {
    "autoretry_for": (Exception,),
    "dont_autoretry_for": (DomainError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRYING)
def prescreen_case(case_id: int) -> str:
    case = review.case_prescreen(case_id=case_id)
    return case.prescreen if case else "done already"


@shared_task
def prescreen_sweep(older_than_seconds: int = 120) -> int:
    return sweeps.prescreen_sweep(older_than=datetime.timedelta(seconds=older_than_seconds))


@shared_task(**RETRYING)
def batch_work(batch_id: int, item_ids: list[int]) -> int:
    """Decide a chunk of a batch's cases, one transaction each."""
    done = batches.batch_process_chunk(batch_id=batch_id, item_ids=item_ids)
    batches.batch_finish_if_done(batch_id=batch_id)
    return done


@shared_task
def batches_resume(quiet_seconds: int = 120) -> list[int]:
    """Send again the pending items of batches that made no progress for a while."""
    stalled = batches.batches_stalled(quiet_for=datetime.timedelta(seconds=quiet_seconds))
    for batch_id in stalled:
        batches.batch_send(batch_id)
    return stalled


@shared_task(**RETRYING)
def impact_dry_run(run_id: int) -> int:
    return impact.impact_dry_run(run_id=run_id).cases_checked


@shared_task(**RETRYING)
def rescreen_for_rule_set(rule_set_id: int, actor_id: int) -> int:
    """After publishing: judge again the open cases the new version governs."""
    from eligibility.models import RuleSet

    rule_set = RuleSet.objects.get(pk=rule_set_id)
    actor = get_user_model().objects.get(pk=actor_id)
    return sum(
        review.case_rescreen(case_id=pk, rule_set_id=rule_set_id, actor=actor) is not None
        for pk in impact.cases_to_rescreen(rule_set)
    )


def send_rescreen(rule_set_id: int, actor_id: int) -> None:
    send_on_commit(rescreen_for_rule_set.name, rule_set_id, actor_id)


@shared_task
def deadlines_sweep() -> dict:
    today = timezone.localdate()
    return {"cleared": sweeps.deadlines_clear(today=today), "notified": sweeps.deadlines_notify(today=today)}


@shared_task
def statistics_snapshot_all() -> int:
    today = timezone.localdate()
    for city in City.values:
        statistics.statistics_snapshot(city=city, day=today)
    return len(City.values)


@task_failure.connect
def _keep_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **extra):
    """A task that failed for good (after its retries) is kept for staff to see and retry."""
    TaskFailure.objects.create(
        task_name=sender.name if sender else "",
        task_id=task_id or "",
        args=list(args or []),
        kwargs=dict(kwargs or {}),
        exception=repr(exception)[:2000],
        traceback=str(einfo or "")[:20000],
    )


@shared_task
def documents_retention_sweep() -> int:
    """Nightly: delete the files of closed cases' documents past the retention period."""
    from .services.retention import documents_purge_expired

    return documents_purge_expired(now=timezone.now())
