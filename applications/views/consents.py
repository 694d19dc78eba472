"""A person asked to consent answers from their own verified account: to come along on someone's
case, or to let someone join the household they head."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import verified_applicant_required

from .. import services
from ..constants import ConsentStatus


@verified_applicant_required
def consent_list(request):
    consents = list(services.consents_for_account(request.user))
    return render(
        request,
        "applications/applicant/consents.html",
        {
            "pending": [c for c in consents if c.status == ConsentStatus.PENDING],
            "answered": [c for c in consents if c.status != ConsentStatus.PENDING],
            "identity": getattr(request.user, "verified_identity", None),
        },
    )


@require_POST
@verified_applicant_required
def consent_answer(request, pk):
    consent = services.consents_for_account(request.user).filter(pk=pk).first()
    if consent is None:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        services.consent_answer(consent=consent, user=request.user, accept=accept)
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已同意。") if accept else _("已答复不同意，您不会被迁移。"))
    return redirect("applications:consents")
