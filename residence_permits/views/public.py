"""The public check of a permit (the address in its QR code): no sign-in, throttled like the
certificate check, and showing only masked essentials — never the address."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applications.views.public import NOT_FOUND_STATUS, VERIFY_LIMIT, WINDOW_SECONDS, VerifyForm, _too_many_requests
from common.client_address import client_ip
from common.throttle import over_limit

from ..continuity import state_on
from ..selectors import permit_by_code

TEMPLATE = "residence_permits/public/verify.html"


@never_cache
@require_http_methods(["GET", "HEAD"])
def permit_verify(request, code=None):
    """Is this permit genuine, and valid today? The code comes from the form or the QR code."""
    data = {"code": code} if code is not None else request.GET if "code" in request.GET else None
    form = VerifyForm(data)
    context, status = {"form": form}, 200
    if data is not None:
        if over_limit("verify-ip", client_ip(request), VERIFY_LIMIT, window=WINDOW_SECONDS):
            return _too_many_requests(request, TEMPLATE, context)
        if form.is_valid():
            permit = permit_by_code(form.cleaned_data["code"])
            context.update(checked=True, permit=permit, state=_state(permit))
            status = 200 if permit else NOT_FOUND_STATUS
    return render(request, TEMPLATE, context, status=status)


def _state(permit):
    if permit is None:
        return None
    return state_on(timezone.localdate(), valid_until=permit.valid_until, cancelled_on=permit.cancelled_on)
