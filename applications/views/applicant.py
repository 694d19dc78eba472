"""The signed-in applicant's own cases: apply (with a saved draft), upload, check, submit, follow,
answer a request, withdraw, download the certificate. Every case is fetched through
selectors.case_for_applicant, so another applicant's case is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import verified_applicant_required
from eligibility.engine import NoRulesInForce
from eligibility.facts import FactsError, flatten_errors
from eligibility.forms import FactsForm, field_name
from eligibility.pathways import PATHWAYS
from registers.export import account_data_export, personal_data_response

from .. import services
from ..constants import CaseKind, CaseStatus
from ..forms import (
    AnswerForm,
    ApplicantForm,
    CorrectionForm,
    DeathForm,
    DestinationForm,
    DocumentForm,
    NewbornForm,
    NewCaseForm,
    RelativeEntryFormSet,
)
from ..models import Case, Certificate
from ..selectors import case_checklist, case_for_applicant
from .files import certificate_response, document_response, paper_response

SELF_CHECK_SESSION_KEY = "self_check"
KIND_FORMS = {CaseKind.NEWBORN: NewbornForm, CaseKind.DEATH: DeathForm, CaseKind.CORRECTION: CorrectionForm}


@verified_applicant_required
def case_list(request):
    cases = Case.objects.filter(applicant=request.user).select_related("station").order_by("-created_at")
    return render(request, "applications/applicant/case_list.html", {"cases": cases})


@verified_applicant_required
def case_new(request):
    """Start a draft — prefilled from the self-check when the applicant comes from it."""
    checked = request.session.get(SELF_CHECK_SESSION_KEY) or {}
    form = NewCaseForm(request.POST or None, initial={"kind": CaseKind.SETTLEMENT, **checked})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = services.case_draft_create(
            applicant=request.user,
            kind=data["kind"],
            city=data["city"],
            pathway=data["pathway"] if data["kind"] == CaseKind.SETTLEMENT else "",
            name=request.user.get_full_name(),
        )
        if checked.get("city") == case.city and checked.get("pathway") == case.pathway:
            services.case_draft_update(case=case, actor=request.user, facts={"applicant": checked.get("applicant", {})})
        return redirect("applications:case_edit", pk=case.pk)
    return render(request, "applications/applicant/case_new.html", {"form": form})


def _facts_initial(case: Case) -> dict:
    initial = {}
    for path in PATHWAYS[case.pathway].facts:
        node = case.facts
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            initial[field_name(path)] = "true" if node is True else "false" if node is False else node
    return initial


@verified_applicant_required
def case_edit(request, pk):
    """The application form; saving keeps a draft to resume later."""
    case = case_for_applicant(request.user, pk)
    if case.status != CaseStatus.DRAFT:
        return redirect("applications:my_case", pk=case.pk)
    if case.kind in (CaseKind.RESIDENCE_PERMIT, CaseKind.ENDORSEMENT):
        return redirect("residence_permits:application_edit", pk=case.pk)
    if case.kind == CaseKind.SETTLEMENT:
        return _edit_settlement(request, case)
    return _edit_registration(request, case)


def _edit_settlement(request, case):
    data = request.POST or None
    person = ApplicantForm(data, initial={"name": case.name, "id_number": case.id_number})
    destination = DestinationForm(data, city=case.city, initial={"address": case.address_id})
    facts = FactsForm(data, pathway=case.pathway, initial=_facts_initial(case))
    facts.fields.pop("zone", None)  # the zone is the chosen address's
    relatives = RelativeEntryFormSet(
        data,
        prefix="relatives",
        initial=[
            {
                "name": r.name,
                "id_number": r.id_number,
                "relation": r.relation,
                "co_resident": _yn(r.co_resident),
                "married": _yn(r.married),
                "minor": _yn(r.minor),
            }
            for r in case.relatives.all()
        ],
    )
    forms_ok = request.method == "POST" and all(f.is_valid() for f in (person, destination, facts, relatives))
    if forms_ok:
        entered = facts.facts(city=case.city, pathway=case.pathway)
        try:
            services.case_draft_update(
                case=case,
                actor=request.user,
                address=destination.cleaned_data["address"],
                target_household=destination.cleaned_data["target_household"],
                facts={"applicant": entered.get("applicant", {})},
                relatives=[f.cleaned_data for f in relatives.forms if f.cleaned_data.get("relation")],
                **person.cleaned_data,
            )
        except services.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect(
                "applications:case_review" if "review" in request.POST else "applications:case_edit", pk=case.pk
            )
    return render(
        request,
        "applications/applicant/case_edit.html",
        {
            "case": case,
            "forms": [person, destination, facts],
            "relatives": relatives,
        },
    )


def _yn(value):
    return "" if value is None else "true" if value else "false"


def _edit_registration(request, case):
    """Birth, death and correction: the household concerned and the few facts the station needs."""
    form_class = KIND_FORMS[case.kind]
    person = ApplicantForm(request.POST or None, initial={"name": case.name, "id_number": case.id_number})
    person_ok = request.method == "POST" and person.is_valid()
    number = person.cleaned_data["id_number"] if person_ok else case.id_number
    form = form_class(request.POST or None, applicant_id_number=number, initial=case.facts.get(case.kind, {}))
    if person_ok and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "household"}
        facts = {case.kind: {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}}
        if case.kind == CaseKind.NEWBORN:
            facts[case.kind]["name"] = data["child_name"]
            facts["applicant"] = {
                "newborn": {"born_in_china": data["born_in_china"], "has_birth_permit": data["has_birth_permit"]}
            }
        if case.kind == CaseKind.DEATH:
            facts[case.kind]["id_number"] = data["deceased_id_number"]
        if case.kind == CaseKind.CORRECTION:
            facts[case.kind]["id_number"] = person.cleaned_data["id_number"]
        household = form.cleaned_data["household"]
        services.case_draft_update(
            case=case,
            actor=request.user,
            address=household.address,
            target_household=household,
            facts=facts,
            **person.cleaned_data,
        )
        messages.success(request, _("草稿已保存。"))
        return redirect("applications:case_review", pk=case.pk)
    return render(request, "applications/applicant/case_edit.html", {"case": case, "forms": [person, form]})


@verified_applicant_required
def document_add(request, pk):
    case = case_for_applicant(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                case=case, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except services.CaseError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("材料已上传。"))
            return redirect(request.POST.get("next") or "applications:case_review", pk=case.pk)
    return render(
        request,
        "applications/applicant/document_add.html",
        {"case": case, "form": form, "checklist": case_checklist(case)},
    )


@verified_applicant_required
def case_review(request, pk):
    """Check your answers: everything entered, the engine's answer today, the checklist."""
    case = case_for_applicant(request.user, pk)
    evaluation, problem = None, None
    try:
        evaluation = services.evaluate_case(case)
    except FactsError as error:
        problem = "；".join(f"{path}: {message}" for path, message in flatten_errors(error.errors))
    except NoRulesInForce:
        problem = _("该城市今天没有生效的落户规则。")
    return render(
        request,
        "applications/applicant/case_review.html",
        {
            "case": case,
            "result": evaluation.results[0] if evaluation else None,
            "evaluation": evaluation,
            "problem": problem,
            "checklist": case_checklist(case),
            "relatives": case.relatives.all(),
            "documents": case.documents.all(),
            "upload_form": DocumentForm(),
        },
    )


@require_POST
@verified_applicant_required
def case_submit_view(request, pk):
    case = case_for_applicant(request.user, pk)
    try:
        case = services.case_submit(case=case, actor=request.user)
    except services.CaseError as error:
        messages.error(request, str(error))
        return redirect("applications:case_review", pk=case.pk)
    messages.success(
        request,
        _("已提交，受理编号 %(reference)s，办理期限 %(due)s。")
        % {"reference": case.reference, "due": date_format(case.due_date)},
    )
    return redirect("applications:my_case", pk=case.pk)


@verified_applicant_required
def case_detail(request, pk):
    case = case_for_applicant(request.user, pk)
    events = case.events.select_related("station").all()
    open_request = case.document_requests.filter(answered_at__isnull=True).first()
    return render(
        request,
        "applications/applicant/case_detail.html",
        {
            "case": case,
            "events": events,
            "open_request": open_request,
            "answer_form": AnswerForm(),
            "upload_form": DocumentForm(),
            "documents": case.documents.filter(purged_at__isnull=True),
            "certificate": Certificate.objects.filter(case=case).first(),
        },
    )


@require_POST
@verified_applicant_required
def case_answer(request, pk):
    case = case_for_applicant(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.case_answer_request(case=case, actor=request.user, answer=form.cleaned_data["answer"])
        except services.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已答复，办理时限恢复计算。"))
    return redirect("applications:my_case", pk=case.pk)


@require_POST
@verified_applicant_required
def case_withdraw_view(request, pk):
    case = case_for_applicant(request.user, pk)
    try:
        services.case_withdraw(case=case, actor=request.user)
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("applications:my_case", pk=case.pk)


@require_POST
@verified_applicant_required
def case_delete(request, pk):
    case = case_for_applicant(request.user, pk)
    try:
        services.case_draft_delete(case=case, actor=request.user)
    except services.CaseError as error:
        messages.error(request, str(error))
        return redirect("applications:my_case", pk=case.pk)
    messages.success(request, _("草稿已删除。"))
    return redirect("applications:my_cases")


@verified_applicant_required
def certificate_pdf(request, pk):
    case = case_for_applicant(request.user, pk)
    return certificate_response(request, get_object_or_404(Certificate, case=case))


@verified_applicant_required
def paper_view(request, pk, paper_pk):
    """A paper of the applicant's case as a page: what it says, its number and code, the PDF."""
    case = case_for_applicant(request.user, pk)
    paper = get_object_or_404(case.papers, pk=paper_pk)
    return render(
        request,
        "applications/papers/paper.html",
        {"case": case, "paper": paper, "back": "applications:my_case", "pdf": "applications:my_paper_pdf"},
    )


@verified_applicant_required
def paper_download(request, pk, paper_pk):
    case = case_for_applicant(request.user, pk)
    return paper_response(request, get_object_or_404(case.papers, pk=paper_pk))


@verified_applicant_required
def document_view(request, pk, document_pk):
    case = case_for_applicant(request.user, pk)
    return document_response(get_object_or_404(case.documents, pk=document_pk, purged_at__isnull=True))


@require_POST
@verified_applicant_required
def my_data_export(request):
    """“Download my data”: what the portal holds for this account, as JSON. A POST: every export
    is recorded for the auditors, so a followed link or a prefetch must not make one."""
    data = account_data_export(user=request.user, ip=request.META.get("REMOTE_ADDR"))
    return personal_data_response(data, filename="my-data.json")
