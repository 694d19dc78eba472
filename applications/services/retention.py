"""Retention of closed cases' documents: their files are deleted once the retention period
(settings.DOCUMENT_RETENTION_DAYS) has passed since the case was closed. The decision, the
certificate and each document's record (kind, name, size, SHA-256, who uploaded it, when) stay;
``Document.purged_at`` says when the file went."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction

from ..models import Document
from ..selectors import documents_past_retention

logger = logging.getLogger(__name__)

CHUNK = 200


def documents_purge_expired(*, now: datetime.datetime, retention_days: int | None = None) -> int:
    """Delete the files of documents of cases closed more than ``retention_days`` (default: the
    setting) before ``now``; returns how many were deleted. Zero or fewer days: nothing is deleted.

    Idempotent and safe to run twice at once: each chunk is one transaction whose rows are claimed
    with ``SELECT … FOR UPDATE SKIP LOCKED``, and a document already marked is never looked at
    again. A file is deleted before its row is marked, so a run that dies in between leaves a row
    whose file is gone but which the next run finds and marks (deleting a missing file is a no-op);
    the other order could leave a file nobody would ever delete."""
    days = settings.DOCUMENT_RETENTION_DAYS if retention_days is None else retention_days
    if days <= 0:
        return 0
    closed_before = now - datetime.timedelta(days=days)
    purged = 0
    while True:
        done = _purge_chunk(closed_before=closed_before, now=now)
        purged += done
        if done < CHUNK:
            break
    if purged:
        logger.info("deleted the files of %d documents of cases closed before %s", purged, closed_before)
    return purged


@transaction.atomic
def _purge_chunk(*, closed_before: datetime.datetime, now: datetime.datetime) -> int:
    documents = list(
        documents_past_retention(closed_before=closed_before).select_for_update(skip_locked=True, of=("self",))[:CHUNK]
    )
    for document in documents:
        if document.file.name:
            document.file.storage.delete(document.file.name)
    Document.objects.filter(pk__in=[d.pk for d in documents]).update(purged_at=now)
    return len(documents)
