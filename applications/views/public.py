"""The public lookup of a case's progress, no sign-in (the check of a paper is hukou_portal.verify).

It answers questions about other people's records to whoever asks, so it is throttled per client
address (common.throttle: in the shared cache, in memory while it is down), and it says no more
than the asker shows they already know: a case's steps without names or clerks."""

import hmac
import re
import unicodedata

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.client_address import client_ip
from common.throttle import over_limit

from ..constants import DECIDED_STATUSES, CaseKind, CaseStatus, EventKind
from ..models import Case

WINDOW_SECONDS = 10 * 60
LOOKUP_LIMIT = 10  # per client address and window
# Per reference and client address: one case's digits cannot be guessed from one address, and
# strangers trying a reference from their own addresses do not use up the owner's allowance.
REFERENCE_LIMIT = 5

NOT_FOUND_STATUS = 404


def normalized(value: str) -> str:
    """Full-width characters from a Chinese input method (ＱＪ－２０２６) as ASCII, no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=_("受理编号"),
        max_length=30,
        help_text=_("提交申请时取得的编号，如 QJ-2026-000001。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    id_last6 = forms.CharField(
        label=_("申请人公民身份号码后6位"),
        max_length=12,
        help_text=_("最后一位是 X 的，请输入 X。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_reference(self):
        return normalized(self.cleaned_data["reference"])

    def clean_id_last6(self):
        value = normalized(self.cleaned_data["id_last6"])
        if not re.fullmatch(r"\d{5}[\dX]", value):
            raise forms.ValidationError(_("请输入6位：前5位为数字，最后一位为数字或 X。"))
        return value


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status_lookup(request):
    """A case's progress by its reference and the last six characters of the applicant's number.
    A POST, so the digits stay out of addresses, histories and access logs."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    context, status = {"form": form}, 200
    if request.method == "POST":
        if over_limit("lookup-ip", client_ip(request), LOOKUP_LIMIT, window=WINDOW_SECONDS):
            return too_many_requests(request, "applications/public/status.html", context)
        if form.is_valid():
            key = f"{form.cleaned_data['reference']}|{client_ip(request)}"
            if over_limit("lookup-reference", key, REFERENCE_LIMIT, window=WINDOW_SECONDS):
                return too_many_requests(request, "applications/public/status.html", context)
            case = _case_for_lookup(**form.cleaned_data)
            context.update(checked=True, case=case)
            if case is None:
                status = NOT_FOUND_STATUS
            else:
                context.update(steps=_steps(case), decision=_decision(case))
    return render(request, "applications/public/status.html", context, status=status)


def _steps(case: Case) -> list[tuple]:
    """The case's steps as (when, what): one query, and each kind's label looked up once (an
    event's get_kind_display would build the dict of every kind's label again for each step)."""
    labels = dict(EventKind.choices)
    return [(at, labels.get(kind, kind)) for kind, at in case.events.order_by("at", "id").values_list("kind", "at")]


# What the answer shows of a case (and the digits it is checked with): not its facts, the largest
# column, which the lookup would decode for nothing.
LOOKUP_FIELDS = (
    *("reference", "id_number", "kind", "status", "submitted_at", "due_date", "paused_on"),
    *("decided_at", "decision_clause"),
)


def _case_for_lookup(*, reference: str, id_last6: str) -> Case | None:
    """The submitted case with this reference whose applicant's number ends with these characters.

    "No such case" and "wrong digits" must not be told apart, by the answer or by its timing: the
    digits are compared in constant time, against a stand-in when there is no case."""
    case = Case.objects.submitted().filter(reference=reference).only(*LOOKUP_FIELDS).first()
    expected = case.id_number[-6:].upper() if case is not None else "\x00" * 6
    digits_match = hmac.compare_digest(expected.encode(), id_last6.encode())
    return case if case is not None and digits_match else None


def _decision(case: Case) -> dict | None:
    """The outcome, its date and the clause it rests on; the free-text reasons can carry personal
    details, so they are shown only to the signed-in applicant."""
    if case.status not in DECIDED_STATUSES or case.decided_at is None:
        return None
    if case.status == CaseStatus.REFUSED:
        outcome = gettext("不予办理")
    else:
        outcome = gettext("准予迁入") if case.kind == CaseKind.SETTLEMENT else gettext("准予办理")
    return {"outcome": outcome, "at": case.decided_at, "clause": case.decision_clause}


def too_many_requests(request, template: str, context: dict):
    response = render(request, template, {**context, "throttled": True}, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response
