"""What the log knows of the objects it records: each subject's app registers, at ready(), its
model, the words of its kinds (a TextChoices) and the fields that scope its rows to a station
and a city. The log imports nothing above it; the apps above tell it what it needs.

A kind's value is one word in one vocabulary across the log (an event's label is looked up by its
kind alone, with no query for the subject's content type); two subjects naming the same value with
different choices is a mistake caught at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.encoding import force_str


@dataclass(frozen=True)
class Subject:
    model: type[models.Model]
    kinds: type[models.TextChoices]
    station: str = "station_id"  # the field naming a row's station (common.staff.staff_scope)
    city: str = "city"
    search: tuple[str, ...] = ()  # the admin's search fields that find its events ("^case__reference")


_SUBJECTS: dict[str, Subject] = {}  # model label ("applications.case") → its registration
_KINDS: dict[str, tuple[type[models.TextChoices], object]] = {}  # kind → (its choices, its lazy label)


def register_subject(
    model: type[models.Model],
    kinds: type[models.TextChoices],
    *,
    station: str = "station_id",
    city: str = "city",
    search: tuple[str, ...] = (),
) -> None:
    """Record ``model``'s events with ``kinds``' labels (idempotent: ready() may run twice)."""
    for value in kinds.values:
        known = _KINDS.get(value)
        if known is not None and known[0] is not kinds:
            raise ImproperlyConfigured(
                f"The activity kind {value!r} of {kinds.__qualname__} is already {known[0].__qualname__}'s."
            )
    _KINDS.update((value, (kinds, label)) for value, label in kinds.choices)
    _SUBJECTS[model._meta.label_lower] = Subject(model, kinds, station, city, tuple(search))


def subjects() -> list[Subject]:
    return list(_SUBJECTS.values())


def kind_label(kind: str) -> str:
    """The kind's words in the active language (the value itself for a kind nobody registered)."""
    known = _KINDS.get(kind)
    return force_str(known[1]) if known else kind


def kind_choices() -> list[tuple[str, object]]:
    return [(value, label) for value, (_kinds, label) in _KINDS.items()]
