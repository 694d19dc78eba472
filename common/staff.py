"""What each member of staff sees and may do: the one staff-scope rule and the one
decorator of every staff page.

The rule, written once: a clerk sees and acts for their station's rows, a supervisor their city's;
an auditor reads everything (in the admin and the register, never a queue); nobody else anything.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .roles import STATION_STAFF, Role


def staff_scope(
    user, queryset: QuerySet, *, station: str = "station_id", city: str = "city", auditors: bool = False
) -> QuerySet:
    """The rows of ``queryset`` this staff member may see: a clerk their station's (``station`` is
    the field that names a row's station), a supervisor their city's (``city``); with ``auditors``
    an auditor or a superuser sees all of them (the admin and the register); anyone else none."""
    if auditors and (user.is_superuser or user.role == Role.AUDITOR):
        return queryset
    if user.role == Role.CLERK and user.station_id:
        return queryset.filter(**{station: user.station_id})
    if user.role == Role.SUPERVISOR and user.city:
        return queryset.filter(**{city: user.city})
    return queryset.none()


def acts_for(user, *, station_id: int | None, city: str) -> bool:
    """Whether this staff member may act on a row of this station and city (the same rule)."""
    if user.role == Role.CLERK:
        return user.station_id is not None and user.station_id == station_id
    return user.role == Role.SUPERVISOR and bool(user.city) and user.city == city


def staff_required(view):
    """Station staff, signed in with their code (django-otp): a password alone opens no staff page.

    Every staff page, the residence permits' included, uses this one decorator."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role not in STATION_STAFF:
            raise PermissionDenied
        if not request.user.is_verified():
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
