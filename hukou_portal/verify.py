"""The one public check of every document the portal issues — a paper of a case (certificate,
receipt, notice, decision) or a residence permit — by the code printed beside its QR code.

No sign-in; throttled per client address, so codes cannot be enumerated; and it shows only what a
verifier needs to match the document in hand, never an address or a full identity number. It reads
both the cases and the permits, so it lives here, in the composition root.
"""

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applications.selectors import paper_by_code
from applications.views.public import NOT_FOUND_STATUS, WINDOW_SECONDS, normalized, too_many_requests
from common.client_address import client_ip
from common.throttle import over_limit
from residence_permits.continuity import state_on
from residence_permits.selectors import permit_by_code

TEMPLATE = "verify.html"
VERIFY_LIMIT = 30  # per client address and window: codes cannot be enumerated


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("核验码"),
        max_length=40,
        help_text=_("文书上二维码旁的12位字母和数字，不区分大小写，可带空格。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        return normalized(self.cleaned_data["code"])


@never_cache
@require_http_methods(["GET", "HEAD"])
def document_verify(request, code=None):
    """Is this document genuine, and does it stand today? The code comes from the form or from the
    address in the document's QR code."""
    data = {"code": code} if code is not None else request.GET if "code" in request.GET else None
    form = VerifyForm(data)
    context, status = {"form": form}, 200
    if data is not None:
        if over_limit("verify-ip", client_ip(request), VERIFY_LIMIT, window=WINDOW_SECONDS):
            return too_many_requests(request, TEMPLATE, context)
        if form.is_valid():
            context.update(checked=True, **_document(form.cleaned_data["code"]))
            status = 200 if context.get("paper") or context.get("permit") else NOT_FOUND_STATUS
    return render(request, TEMPLATE, context, status=status)


def _document(code: str) -> dict:
    paper = paper_by_code(code)
    if paper is not None:
        return {"paper": paper}
    permit = permit_by_code(code)
    if permit is None:
        return {}
    state = state_on(timezone.localdate(), valid_until=permit.valid_until, cancelled_on=permit.cancelled_on)
    return {"permit": permit, "state": state}


def permit_verify_moved(request, code=None):
    """The permit check's first address, printed in the QR codes of cards already issued."""
    if code is not None:
        return redirect(reverse("verify_code", args=[code]), permanent=True)
    query = request.META.get("QUERY_STRING")
    return redirect(reverse("verify") + (f"?{query}" if query else ""), permanent=True)
