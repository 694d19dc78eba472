"""The signed-in applicant's own cases: apply (with a saved draft), upload, check, submit, follow,
answer a request, withdraw, download the certificate. Every case is fetched through
selectors.case_for_applicant, so another applicant's case is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import verified_applicant_required
from eligibility.engine import NoRulesInForce
from eligibility.facts import FactsError, flatten_errors
from eligibility.forms import FactsForm, field_name
from eligibility.pathways import PATHWAYS
from eligibility.presentation import fact_label, present_facts

from .. import consequences, services
from ..constants import CLOSED_STATUSES, OPEN_STATUSES, ActingAs, CaseKind, CaseStatus, ConsentStatus, DocumentKind
from ..forms import (
    AnswerForm,
    ApplicantForm,
    CorrectionForm,
    DeathForm,
    DestinationForm,
    DocumentForm,
    NewbornForm,
    NewCaseForm,
    PromiseForm,
    RelativeEntryFormSet,
    settlement_draft_changes,
)
from ..models import Case, Certificate, Rating, RequestedItem
from ..selectors import case_checklist, case_for_applicant
from .confirm import confirmation_page, is_confirmed
from .files import certificate_response, document_response, paper_response
from .ratings import RatingForm

SELF_CHECK_SESSION_KEY = "self_check"
REGISTRATION_ACTING_AS = {CaseKind.NEWBORN: ActingAs.PARENT_OF_NEWBORN, CaseKind.DEATH: ActingAs.FAMILY_OF_DECEASED}
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


def _applicant_initial(request, case: Case) -> dict:
    """What the form shows: the case as saved, or — on a new draft — the account's verified person."""
    identity = getattr(request.user, "verified_identity", None)
    name, number = case.name, case.id_number
    if not number and identity is not None:
        name, number = identity.name, identity.id_number
    return {"name": name, "id_number": number, "acting_as": case.acting_as, "origin_address": case.origin_address}


def _edit_settlement(request, case):
    data = request.POST or None
    person = ApplicantForm(data, initial=_applicant_initial(request, case))
    collective = (case.facts.get("applicant") or {}).get("settle_into") == "community_collective"
    destination = DestinationForm(
        data,
        city=case.city,
        initial={"address": case.address_id, **({"household": "collective"} if collective else {})},
    )
    facts = FactsForm(data, pathway=case.pathway, initial=_facts_initial(case))
    facts.fields.pop("zone", None)  # the zone is the chosen address's
    facts.fields.pop(field_name("applicant.settle_into"), None)  # chosen with the destination
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
                "origin_address": r.origin_address,
            }
            for r in case.relatives.all()
        ],
    )
    if request.method == "POST":
        # Every form is validated (no short cut), so saving keeps each valid field of each.
        complete = all([f.is_valid() for f in (person, destination, facts, relatives)])
        changes = settlement_draft_changes(
            case=case, person=person, destination=destination, facts=facts, relatives=relatives
        )
        saved = _save_draft(request, case, changes, complete=complete)
        if saved and complete:
            return redirect(
                "applications:case_review" if "review" in request.POST else "applications:case_edit", pk=case.pk
            )
    return _edit_page(request, case, [person, destination, facts], relatives)


def _save_draft(request, case, changes: dict, *, complete: bool) -> bool:
    try:
        services.case_draft_update(case=case, actor=request.user, **changes)
    except services.CaseError as error:
        messages.error(request, str(error))
        return False
    if complete:
        messages.success(request, _("草稿已保存。"))
    else:
        messages.warning(request, _("已保存填写正确的内容。标出错误的几处没有保存，请修改后再保存。"))
    return True


def _edit_page(request, case, forms, relatives=None):
    case.refresh_from_db()
    return render(
        request,
        "applications/applicant/case_edit.html",
        {"case": case, "forms": forms, "relatives": relatives, "missing": services.draft_missing(case)},
    )


def _yn(value):
    return "" if value is None else "true" if value else "false"


def _edit_registration(request, case):
    """Birth, death and correction: the household concerned and the few facts the station needs."""
    form_class = KIND_FORMS[case.kind]
    person = ApplicantForm(request.POST or None, kind=case.kind, initial=_applicant_initial(request, case))
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
        acting_as = REGISTRATION_ACTING_AS.get(case.kind) or person.cleaned_data.get("acting_as", ActingAs.SELF)
        services.case_draft_update(
            case=case,
            actor=request.user,
            address=household.address,
            target_household=household,
            facts=facts,
            **{**person.cleaned_data, "acting_as": acting_as},
        )
        messages.success(request, _("草稿已保存。"))
        return redirect("applications:case_review", pk=case.pk)
    if request.method == "POST":
        form.is_valid()
        kept = {name: value for name, value in person.cleaned_data.items() if name not in person.errors}
        _save_draft(request, case, kept, complete=False)
    return _edit_page(request, case, [person, form])


@verified_applicant_required
def document_add(request, pk):
    """Upload a document: for the checklist, for one item of a request (``item``), or a person's
    signed 授权委托书 (``consent``)."""
    case = case_for_applicant(request.user, pk)
    item = _requested_item(case, request.POST.get("item") or request.GET.get("item"))
    consent = _pending_consent(case, request.POST.get("consent") or request.GET.get("consent"))
    form = DocumentForm(request.POST or None, request.FILES or None, fixed_kind=_fixed_kind(item, consent))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                case=case,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                requested_item=item,
                consent=consent,
            )
        except services.CaseError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("材料已上传。"))
            return _back_to(request, case)
    return render(
        request,
        "applications/applicant/document_add.html",
        {"case": case, "form": form, "checklist": case_checklist(case), "item": item, "consent": consent},
    )


def _requested_item(case, raw):
    if not raw or not str(raw).isdigit():
        return None
    return RequestedItem.objects.filter(pk=raw, request__case=case, request__answered_at__isnull=True).first()


def _pending_consent(case, raw):
    if not raw or not str(raw).isdigit():
        return None
    return case.consents.filter(pk=raw, status=ConsentStatus.PENDING).first()


def _fixed_kind(item, consent):
    if item is not None:
        return item.kind
    return DocumentKind.POWER_OF_ATTORNEY if consent is not None else None


def _back_to(request, case):
    """Where the upload form came from (``next``), if a page of this site; else the review or the case."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    target = "applications:case_review" if case.status == CaseStatus.DRAFT else "applications:my_case"
    return redirect(target, pk=case.pk)


@verified_applicant_required
def case_review(request, pk, missing=None):
    """Check your answers: everything entered, the engine's answer today, the checklist."""
    case = case_for_applicant(request.user, pk)
    evaluation, problem = None, None
    try:
        evaluation = services.evaluate_case(case)
    except FactsError as error:
        problem = "；".join(f"{fact_label(path)}：{message}" for path, message in flatten_errors(error.errors))
    except NoRulesInForce:
        problem = _("该城市今天没有生效的落户规则。")
    checklist = case_checklist(case)
    relatives = list(case.relatives.all())
    facts = services.engine_facts(case) or case.facts
    return render(
        request,
        "applications/applicant/case_review.html",
        {
            "case": case,
            "result": evaluation.results[0] if evaluation else None,
            "evaluation": evaluation,
            "problem": problem,
            "checklist": checklist,
            "relatives": relatives,
            "fact_groups": present_facts(facts, relative_names=[r.name for r in relatives]),
            "relatives_facts": [{"relation": r.relation, "name": r.name} for r in relatives],
            "documents": case.documents.all(),
            "upload_form": DocumentForm(),
            "identity": getattr(request.user, "verified_identity", None),
            "promise_form": PromiseForm(checklist=checklist),
            "deferrable": any(line.item.deferrable and not line.documents for line in checklist),
            "missing": missing,
        },
    )


@require_POST
@verified_applicant_required
def case_submit_view(request, pk):
    case = case_for_applicant(request.user, pk)
    try:
        case = services.case_submit(
            case=case, actor=request.user, confirm_missing=request.POST.get("confirm_missing") == "1"
        )
    except services.MaterialsMissing as error:
        return case_review(request, pk, missing=error.items)
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
            "items": list(open_request.items.prefetch_related("documents")) if open_request else [],
            "consents": list(case.consents.all()),
            "promises": list(case.promises.all()),
            "can_upload": case.status in services.UPLOAD_STATUSES,
            "rating": Rating.objects.filter(case=case).first(),
            "rating_form": RatingForm() if case.status in CLOSED_STATUSES else None,
        },
    )


@require_POST
@verified_applicant_required
def case_answer(request, pk):
    case = case_for_applicant(request.user, pk)
    form = AnswerForm(request.POST)
    reasons = {k.removeprefix("reason_"): v for k, v in request.POST.items() if k.startswith("reason_")}
    reasons = {int(k): v[:1000] for k, v in reasons.items() if k.isdigit()}
    if form.is_valid():
        try:
            services.case_answer_request(
                case=case, actor=request.user, answer=form.cleaned_data["answer"], reasons=reasons
            )
        except services.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已答复，办理时限恢复计算。"))
    return redirect("applications:my_case", pk=case.pk)


@require_POST
@verified_applicant_required
def case_withdraw_view(request, pk):
    """Asks first (the case closes for good); withdraws on ``confirmed=1``."""
    case = case_for_applicant(request.user, pk)
    if not is_confirmed(request) and case.status in OPEN_STATUSES:
        back = reverse("applications:my_case", args=[case.pk])
        return confirmation_page(request, consequences.of_withdrawal(case), back=back)
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
    """Asks first (the draft and its documents are gone); deletes on ``confirmed=1``."""
    case = case_for_applicant(request.user, pk)
    if not is_confirmed(request) and case.status == CaseStatus.DRAFT:
        back = reverse("applications:case_edit", args=[case.pk])
        return confirmation_page(request, consequences.of_draft_deletion(case), back=back)
    try:
        services.case_draft_delete(case=case, actor=request.user)
    except services.CaseError as error:
        messages.error(request, str(error))
        return redirect("applications:my_case", pk=case.pk)
    messages.success(request, _("草稿已删除。"))
    return redirect("applications:my_cases")


@require_POST
@verified_applicant_required
def promise_sign(request, pk):
    """容缺: sign the promise to supply an item later."""
    case = case_for_applicant(request.user, pk)
    form = PromiseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            services.promise_sign(
                case=case, actor=request.user, kind=form.cleaned_data["kind"], due_on=form.cleaned_data["due_on"]
            )
        except services.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已签署容缺承诺。"))
    target = "applications:case_review" if case.status == CaseStatus.DRAFT else "applications:my_case"
    return redirect(target, pk=case.pk)


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
