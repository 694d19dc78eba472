"""The public lookup of a case's progress, no sign-in (the check of a paper is hukou_portal.verify).

It answers questions about other people's records to whoever asks, so it is throttled per client
address (common.throttle: in the shared cache, in memory while it is down), and it says no more
than the asker shows they already know: a case's steps without names or clerks."""

import re
import unicodedata

from django import forms
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.client_address import client_ip
from common.frames import FramedPage
from common.throttle import over_limits

from ..constants import DECIDED_STATUSES, CaseKind, CaseStatus
from ..models import Case
from ..selectors import case_for_lookup

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


TEMPLATE = "applications/public/status.html"
STATUS_PAGE = FramedPage(TEMPLATE)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status_lookup(request):
    """A case's progress by its reference and the last six characters of the applicant's number.
    A POST, so the digits stay out of addresses, histories and access logs.

    Both throttles are counted in one round trip to the shared cache, once the form is read (the
    second needs the reference); the page's frame is rendered once (common.frames) and the
    answer — two queries' worth, one for the case and its steps — is all a lookup renders."""
    if request.method != "POST":
        return _page(request, {}, title=_title())
    form = LookupForm(request.POST)
    valid, address = form.is_valid(), client_ip(request)
    limits = [("lookup-ip", address, LOOKUP_LIMIT)]
    if valid:
        limits.append(("lookup-reference", f"{form.cleaned_data['reference']}|{address}", REFERENCE_LIMIT))
    if over_limits(limits, window=WINDOW_SECONDS):  # refused as cheaply as answered: in the frame
        answer, title = render_to_string("applications/public/_throttled.html"), _title(gettext("查询过于频繁"))
        return retry_later(_page(request, request.POST, title=title, answer=answer, status=429))
    if not valid:
        context = {"form": form, "title": _title(gettext("请更正所填内容"))}
        return render(request, TEMPLATE, context)
    case, steps = case_for_lookup(**form.cleaned_data)
    context = {"case": case, "steps": steps, "decision": _decision(case) if case else None}
    answer = render_to_string("applications/public/_status_answer.html", context)
    title = _title(case.get_status_display() if case else gettext("未找到与所填信息相符的业务"))
    return _page(request, request.POST, title=title, answer=answer, status=200 if case else NOT_FOUND_STATUS)


def _title(first: str = "") -> str:
    words = [first] if first else []
    return " - ".join([*words, gettext("办理进度查询"), gettext("户籍迁移落户服务平台")])


def _page(request, typed, *, title: str, answer: str = "", status: int = 200):
    """The lookup page with the form as the visitor filled it in (a form they got wrong is
    rendered whole, with its errors, not through the frame)."""
    values = {name: typed.get(name, "") for name in LookupForm.base_fields}

    def context(values):
        form = LookupForm(initial={name: values[name] for name in LookupForm.base_fields})
        return {"form": form, "title": values["title"], "answer": values["answer"]}

    return STATUS_PAGE.render(request, context, values | {"title": title, "answer": answer}, status=status)


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
    """A public page refused for too many tries, rendered with its ``throttled`` notice."""
    return retry_later(render(request, template, {**context, "throttled": True}, status=429))


def retry_later(response):
    """A 429 says when to try again: once the throttles' window has passed."""
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response
