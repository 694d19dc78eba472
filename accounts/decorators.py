from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .constants import Role


def verified_applicant_required(view):
    """A signed-in applicant whose e-mail address is verified; staff are refused (403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.APPLICANT:
            raise PermissionDenied
        if not request.user.email_verified:
            return redirect("accounts:verify_pending")
        return view(request, *args, **kwargs)

    return wrapper
