"""The last net under the domain error: one that escapes a view is a page with its message
(409), in the portal's layout, never a server error."""

import time

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from .errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "409.html", {"message": str(exception)}, status=409)
        return None


STAFF_SEEN = "common.staff_seen"  # when the session's idle timeout was last moved on
STAFF_SEEN_EVERY = 60  # seconds: the session is saved at most this often for it


def staff_session_start(session) -> None:
    """A staff sign-in: the session ends after STAFF_SESSION_IDLE_MINUTES without a request."""
    session[STAFF_SEEN] = int(time.time())
    session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)


class StaffSessionMiddleware:
    """Staff sessions (``is_staff``: every staff role and the admin) show full identity numbers:

    - their pages are never stored by the browser or a proxy (``Cache-Control: no-store``), so a
      shared computer's back button or cache gives nothing to the next person;
    - they end after ``STAFF_SESSION_IDLE_MINUTES`` without a request, not after Django's 14 days.
      A request moves the end on, saving the session at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        staff = bool(user is not None and user.is_authenticated and user.is_staff)
        if staff and time.time() - request.session.get(STAFF_SEEN, 0) >= STAFF_SEEN_EVERY:
            staff_session_start(request.session)
        response = self.get_response(request)
        if staff:
            patch_cache_control(response, private=True, no_store=True)
        return response
