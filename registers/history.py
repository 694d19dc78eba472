"""Who changed the register and why: every save of a person, a household or a membership keeps a
row of its old values (django-simple-history). A service that moves people names its actor and
its reason once, around the writes:

    with register_change(actor=clerk, reason=f"业务 {case.reference}"):
        membership_end(...)

A request's signed-in user is the actor when no service named one (the admin's edits); a Celery
task or a batch passes the actor it was started for. The reason of one save may also be set on
the object itself (``person._change_reason = "…"``), as the admin's form does."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object


@dataclass(frozen=True)
class RegisterChange:
    actor: object | None
    reason: str


_current: ContextVar[RegisterChange | None] = ContextVar("register_change", default=None)


@contextmanager
def register_change(*, actor, reason: str) -> Iterator[RegisterChange]:
    """Every register write inside is recorded as done by ``actor`` for ``reason``."""
    change = RegisterChange(actor=actor, reason=reason)
    token = _current.set(change)
    try:
        yield change
    finally:
        _current.reset(token)


def _history_user(instance=None, request=None, **kwargs):
    change = _current.get()
    if change is not None and change.actor is not None:
        return change.actor
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class RegisterHistory(HistoricalRecords):
    """simple-history's records with the actor and reason of the change in progress."""

    def __init__(self, **kwargs):
        super().__init__(get_user=_history_user, **kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = get_change_reason_from_object(instance)
        if reason:
            return reason
        change = _current.get()
        return change.reason if change is not None else None
