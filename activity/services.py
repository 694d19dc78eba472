"""The one way to write the log: record_event (and record_events, several steps at once)."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Event


def record_event(
    subject: models.Model,
    kind: str,
    *,
    actor=None,
    message: str = "",
    on: datetime.date | None = None,
    **data,
) -> Event:
    """One step of ``subject``'s life, by ``actor`` (their role and station at the time are kept
    with it: the applicant reads who acted by role and station, never by name)."""
    return Event.objects.create(
        **_subject_fields(subject), kind=kind, on=on, message=message, data=data, **_actor_fields(actor)
    )


def record_events(subject: models.Model, kinds: list[str], *, actor=None, on: datetime.date | None = None) -> list:
    """Several steps taken at once (a case approved and completed): one INSERT."""
    fields = {**_subject_fields(subject), **_actor_fields(actor), "on": on}
    return Event.objects.bulk_create(Event(kind=kind, **fields) for kind in kinds)


def _subject_fields(subject: models.Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(subject), "object_id": subject.pk}


def _actor_fields(actor) -> dict:
    return {
        "actor": actor,
        "actor_role": getattr(actor, "role", "") or "",
        "station_id": getattr(actor, "station_id", None),
    }
