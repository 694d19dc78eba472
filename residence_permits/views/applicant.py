"""The signed-in applicant's residence: registrations, permit applications, permits (endorse, move,
cancel, apply to settle), reminders. Every object is fetched through a selector that checks it is
theirs, so anyone else's is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import verified_applicant_required
from applications.constants import CaseKind, CaseStatus
from applications.forms import DocumentForm
from applications.models import Case
from applications.selectors import case_checklist, case_for_applicant, permit_residence
from applications.services import CaseError, evaluate_case
from eligibility.engine import NoRulesInForce
from eligibility.facts import FactsError, flatten_errors
from eligibility.presentation import fact_label, present_facts
from registers.constants import City
from registers.models import Address

from .. import services
from ..constants import CancelReason
from ..forms import AddressChangeForm, HolderCancelForm, PermitFactsForm, RegistrationForm
from ..models import Notification
from ..selectors import (
    permit_for_holder,
    permit_status,
    permit_statuses,
    permits_of_holder,
    registration_for_applicant,
    registrations_of_applicant,
    with_endorsements,
)
from .files import card_response


@verified_applicant_required
def overview(request):
    """我的居住证: registrations, applications, permits with their state and years, reminders."""
    today = timezone.localdate()
    context = {
        "registrations": registrations_of_applicant(request.user),
        "applications": Case.objects.filter(applicant=request.user, kind=CaseKind.RESIDENCE_PERMIT).order_by("-pk"),
        "permits": permit_statuses(with_endorsements(permits_of_holder(request.user)), as_of=today),
        "notifications": Notification.objects.filter(user=request.user, read_at__isnull=True),
    }
    return render(request, "residence_permits/applicant/overview.html", context)


@verified_applicant_required
def registration_new(request):
    """First the city (?city=), then the form with that city's addresses."""
    city = request.GET.get("city", "")
    if city not in City.values:
        return render(request, "residence_permits/applicant/registration_form.html", {"cities": City.choices})
    form = RegistrationForm(
        request.POST or None,
        initial={"name": request.user.get_full_name()},
        addresses=Address.objects.filter(region__city=city),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(actor=request.user, **form.cleaned_data)
        except services.PermitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("居住登记已办理。"))
            return redirect("residence_permits:overview")
    context = {"form": form, "city_label": City(city).label}
    return render(request, "residence_permits/applicant/registration_form.html", context)


@require_POST
@verified_applicant_required
def application_start(request, pk):
    registration = registration_for_applicant(request.user, pk)
    try:
        case = services.permit_application_start(registration=registration, actor=request.user)
    except services.PermitError as error:
        messages.error(request, str(error))
        return redirect("residence_permits:overview")
    return redirect("residence_permits:application_edit", pk=case.pk)


def _application(request, pk) -> Case:
    case = case_for_applicant(request.user, pk)
    if case.kind != CaseKind.RESIDENCE_PERMIT:
        raise Http404
    return case


@verified_applicant_required
def application_edit(request, pk):
    """The conditions besides the residence (which comes from the registration)."""
    case = _application(request, pk)
    if case.status != CaseStatus.DRAFT:
        return redirect("applications:my_case", pk=case.pk)
    known = case.facts.get("applicant") or {}
    initial = {
        "employment_stable": _yes_no((known.get("employment") or {}).get("stable")),
        "housing_kind": (known.get("housing") or {}).get("kind", ""),
        "studying": _yes_no(known.get("studying")),
    }
    form = PermitFactsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.permit_application_update(case=case, actor=request.user, **form.cleaned_data)
        return redirect("residence_permits:application_review", pk=case.pk)
    return render(request, "residence_permits/applicant/application_edit.html", {"case": case, "form": form})


def _yes_no(value):
    return "" if value is None else "true" if value else "false"


HIDDEN = {"residence_since"}  # shown with where it counts from, and why


@verified_applicant_required
def application_review(request, pk):
    """Check before submitting: the engine's answer today, clause by clause, and the checklist."""
    case = _application(request, pk)
    evaluation, problem = None, None
    try:
        evaluation = evaluate_case(case)
    except FactsError as error:
        problem = "；".join(f"{fact_label(path)}：{message}" for path, message in flatten_errors(error.errors))
    except NoRulesInForce:
        problem = _("该城市今天没有生效的规则。")
    applicant_facts = {"applicant": {k: v for k, v in (case.facts.get("applicant") or {}).items() if k not in HIDDEN}}
    context = {
        "case": case,
        "residence": permit_residence(case),
        "fact_groups": present_facts(applicant_facts, permit=True),
        "result": evaluation.results[0] if evaluation else None,
        "problem": problem,
        "checklist": case_checklist(case),
        "upload_form": DocumentForm(),
    }
    return render(request, "residence_permits/applicant/application_review.html", context)


@verified_applicant_required
def permit_detail(request, pk):
    permit = permit_for_holder(request.user, pk)
    context = {
        "permit": permit,
        "status": permit_status(permit, as_of=timezone.localdate()),
        "events": permit.events.all(),
        "endorsements": permit.endorsements.select_related("case"),
        "address_form": AddressChangeForm(city=permit.city),
        "cancel_form": HolderCancelForm(),
    }
    return render(request, "residence_permits/applicant/permit_detail.html", context)


@verified_applicant_required
def permit_card(request, pk):
    return card_response(request, permit_for_holder(request.user, pk))


def _step(request, pk, step, *, success: str, then=None):
    """Run one service on the holder's permit; report the outcome and go back to the permit (or
    to where ``then`` says, given the service's result)."""
    permit = permit_for_holder(request.user, pk)
    try:
        result = step(permit)
    except CaseError as error:  # PermitError and every other step that cannot be taken
        messages.error(request, str(error))
        return redirect("residence_permits:permit_detail", pk=permit.pk)
    messages.success(request, success)
    return then(result) if then else redirect("residence_permits:permit_detail", pk=permit.pk)


def _to_case(case):
    return redirect("applications:my_case", pk=case.pk)


@require_POST
@verified_applicant_required
def endorse(request, pk):
    return _step(
        request,
        pk,
        lambda p: services.endorsement_apply(permit=p, actor=request.user),
        success=_("签注申请已提交，请等候派出所办理。"),
        then=_to_case,
    )


@require_POST
@verified_applicant_required
def change_address(request, pk):
    permit = permit_for_holder(request.user, pk)
    form = AddressChangeForm(request.POST, city=permit.city)
    if not form.is_valid():
        messages.error(request, _("请选择本市的新居住地址。"))
        return redirect("residence_permits:permit_detail", pk=permit.pk)
    address = form.cleaned_data["address"]
    return _step(
        request,
        pk,
        lambda p: services.permit_change_address(permit=p, actor=request.user, address=address),
        success=_("居住地址已变更。"),
    )


@require_POST
@verified_applicant_required
def cancel(request, pk):
    if not HolderCancelForm(request.POST).is_valid():
        messages.error(request, _("请确认已离开本市。"))
        return redirect("residence_permits:permit_detail", pk=pk)
    return _step(
        request,
        pk,
        lambda p: services.permit_cancel(permit=p, actor=request.user, reason=CancelReason.MOVED_AWAY),
        success=_("居住证已注销。"),
    )


@require_POST
@verified_applicant_required
def settle(request, pk):
    """“Apply to settle here”: a settlement draft with what the permit knows, to complete."""

    return _step(
        request,
        pk,
        lambda p: services.permit_settlement_draft(permit=p, actor=request.user),
        success=_("已根据居住证信息生成落户申请草稿，请核对补充后提交。"),
        then=lambda case: redirect("applications:case_edit", pk=case.pk),
    )


@require_POST
@verified_applicant_required
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("residence_permits:overview")
