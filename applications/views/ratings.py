"""好差评: the applicant's rating of a closed case, and the supervisor's follow-up of a poor one."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.constants import Role
from accounts.decorators import verified_applicant_required
from common.staff import staff_required

from ..models import Score
from ..selectors import case_for_applicant
from ..services.common import CaseError
from ..services.ratings import case_rate, follow_up_reply, follow_ups_for


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("您对本次办理的评价"), choices=Score.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("意见和建议（选填）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("核实情况和答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


@require_POST
@verified_applicant_required
def case_rating(request, pk):
    case = case_for_applicant(request.user, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择一项评价。"))
    else:
        try:
            case_rate(case=case, actor=request.user, **form.cleaned_data)
        except CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("感谢您的评价。"))
    return redirect("applications:my_case", pk=case.pk)


def _supervisor(request):
    if request.user.role != Role.SUPERVISOR:
        raise PermissionDenied


@staff_required
def follow_up_list(request):
    _supervisor(request)
    return render(request, "applications/clerk/follow_ups.html", {"ratings": follow_ups_for(request.user)[:200]})


@staff_required
def follow_up(request, pk):
    _supervisor(request)
    rating = get_object_or_404(follow_ups_for(request.user), pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_reply(rating=rating, supervisor=request.user, reply=form.cleaned_data["reply"])
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("答复已发送给申请人。"))
            return redirect("applications:follow_ups")
    return render(request, "applications/clerk/follow_up.html", {"rating": rating, "form": form})
