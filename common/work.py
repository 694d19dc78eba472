"""Work for the Celery workers, queued by task name.

By name, so a service can queue a task without importing the tasks module (which imports the
services): the layers inside an app point one way too. ``signature(name).delay`` finds the
registered task, so eager mode (``make run``, the tests) runs it in-process as ``.delay`` would.

A broker that is down loses nothing: the work is saved in the database before it is queued, and
the beat sweepers find what was never queued."""

from __future__ import annotations

import logging

from celery import signature
from django.db import transaction

logger = logging.getLogger(__name__)


def send(task_name: str, *args) -> None:
    """Queue the task now; a broker failure is logged, never raised (the sweepers are the net)."""
    try:
        signature(task_name, args=args).delay()
    except Exception:  # noqa: BLE001 - any broker failure: the beat sweepers are the safety net
        logger.exception("could not queue %s%s; a sweeper will pick the work up", task_name, args)


def send_on_commit(task_name: str, *args) -> None:
    """Queue the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send(task_name, *args))
