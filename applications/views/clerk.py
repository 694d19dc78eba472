"""Station staff: the queue and the case page. Every case is fetched through
selectors.case_for_staff_recorded, so a case of another station is a 404 (and the attempt is
recorded); every view of a case, every download of its documents and certificate, is recorded for
the auditors."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import Role
from accounts.identity import IdentityError
from accounts.selectors import account_by_login
from accounts.services import identity_verify_at_counter
from common.replica import read_from_replica
from common.staff import staff_required
from registers.audit import record_case_access, record_people_access
from registers.models import DataAccess

from .. import consequences, services
from ..constants import CaseKind, CaseStatus
from ..filters import CaseFilter
from ..forms import (
    CorrectFactForm,
    CounterIdentityForm,
    DocumentCheckForm,
    ExtendForm,
    MoveInForm,
    RefuseForm,
    RequestDocumentsForm,
)
from ..models import Certificate
from ..selectors import case_facts_context, case_for_staff_recorded, case_page, queue, queue_page, queue_sort
from ..services.sweeps import deadline_state
from ..working_days import calendar_exceptions, working_days_between
from .confirm import confirmation_page, is_confirmed
from .files import certificate_response, document_response, paper_response


@staff_required
@read_from_replica()
def queue_view(request):
    """The station's queue (a supervisor's: the city's): the open cases, overdue and oldest first,
    a keyset page of 25 ("下一页" continues after the last row shown)."""
    filters = CaseFilter(request.GET or None, queryset=queue(request.user), request=request)
    result = queue_page(filters.qs, sort=queue_sort(filters.sort_name, filters.scope), cursor=request.GET.get("cursor"))
    filters.show_sort(result.sort.name)
    _mark_rows(result.page.rows)
    return render(
        request,
        "applications/clerk/queue.html",
        {"filter": filters, "result": result, "page": result.page, "columns": _sort_columns(request, filters, result)},
    )


# A pk no case has: the page's case links are one reverse() with it in, not one reverse() a row.
ROW_PK = 2_147_483_647


def _mark_rows(cases) -> None:
    """What a row shows beyond its fields: its link, the working days left and whether it is
    overdue, due (a working day or less) or neither, and a late acceptance."""
    today = timezone.localdate()
    due_dates = [c.due_date for c in cases if c.due_date]
    exceptions = calendar_exceptions(min([today, *due_dates]), max([today, *due_dates])) if due_dates else {}
    link = reverse("applications:clerk_case", args=[ROW_PK])
    for case in cases:
        case.link = link.replace(str(ROW_PK), str(case.pk))
        case.days_left = working_days_between(today, case.due_date, exceptions) if case.due_date else None
        case.overdue_days = -case.days_left if case.days_left is not None and case.days_left < 0 else 0
        case.deadline = _deadline(case, today) if case.is_open else ""
        case.acceptance_late = (
            case.status == CaseStatus.SUBMITTED and case.acceptance_due and case.acceptance_due < today
        )


def _deadline(case, today) -> str:
    """An open row's limit: "overdue", "due" (services.sweeps.deadline_state, as the notices say),
    "ok", or "" without a due date."""
    if case.due_date is None:
        return ""
    return deadline_state(case.due_date, today=today, working_days_left=case.days_left) or "ok"


# The columns a clerk can sort by: (column, ascending sort, whether it needs the open scope).
SORTABLE = {"reference": ("reference", True), "days": ("due", True), "submitted": ("submitted", False)}


def _sort_columns(request, filters, result) -> dict:
    """For each sortable column: the link that sorts by it (the other way when it is the current
    order) and its aria-sort; the page starts again at the first."""
    current = result.sort.name
    columns = {}
    for column, (name, open_only) in SORTABLE.items():
        if open_only and filters.scope != "open":
            continue
        active = current.lstrip("-") == name
        wanted = ("" if current.startswith("-") else "-") + name if active else name
        query = request.GET.copy()
        query.pop("cursor", None)
        query["sort"] = wanted
        columns[column] = {
            "url": f"?{query.urlencode()}",
            "aria_sort": ("descending" if current.startswith("-") else "ascending") if active else "none",
        }
    return columns


@staff_required
def case_view(request, pk):
    case = case_for_staff_recorded(request, pk)
    record_case_access(request=request, case=case)
    return render(request, "applications/clerk/case.html", _case_context(request, case))


def _case_context(request, case, **sent_back) -> dict:
    """The case page; a form sent back with errors (``sent_back``) replaces its empty twin, so the
    page shows what was typed, each error beside its field and the error summary at the top."""
    context = case_page(case)
    rule_clauses = list(case.rule_set.clauses.values_list("citation", flat=True)) if case.rule_set_id else []
    context.update(
        correct_form=_correct_form(case),
        request_form=_request_form(case, context),
        refuse_form=RefuseForm(clauses=rule_clauses),
        extend_form=ExtendForm(),
        move_in_form=MoveInForm(),
        can_extend=request.user.role == Role.SUPERVISOR,
        problems=(
            services.approval_problems(case, checklist=context["checklist"])
            if case.status == CaseStatus.IN_REVIEW
            else []
        ),
        check_form=DocumentCheckForm(),
        **case_facts_context(case, context["versions"], context["relatives"]),
    )
    context.update(sent_back)
    return context


def _correct_form(case, data=None) -> CorrectFactForm | None:
    """The correction form, for the cases the engine judges (not deaths, corrections, endorsements)."""
    if case.kind in (CaseKind.DEATH, CaseKind.CORRECTION, CaseKind.ENDORSEMENT):
        return None
    return CorrectFactForm(data, pathway=case.pathway or "newborn", facts=case.facts)


def _act(request, pk, action, form=None, *, name=""):
    """Run one service on a case the user may see; report the outcome and go back to the case. A
    form that does not validate comes back on the case page as ``name``, with what was typed."""
    case = case_for_staff_recorded(request, pk)
    if form is not None and not form.is_valid():
        return render(request, "applications/clerk/case.html", _case_context(request, case, **{name: form}))
    try:
        action(case, form.cleaned_data if form is not None else {})
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已办理。"))
    return redirect("applications:clerk_case", pk=case.pk)


@require_POST
@staff_required
def take(request, pk):
    return _act(request, pk, lambda case, _: services.case_take(case=case, clerk=request.user))


@require_POST
@staff_required
def correct(request, pk):
    """更正事实: a form that does not validate comes back with every value typed and each error
    beside its field, rather than a message on a redirect."""
    case = case_for_staff_recorded(request, pk)
    form = _correct_form(case, request.POST)
    if form is None:
        raise Http404
    if not form.is_valid():
        return render(request, "applications/clerk/case.html", _case_context(request, case, correct_form=form))
    return _act(
        request, pk, lambda c, d: services.case_correct_facts(case=c, clerk=request.user, **form.service_arguments())
    )


def _request_form(case, context, data=None) -> RequestDocumentsForm:
    """The 一次性告知 form, the case's own checklist items first."""
    kinds = [line.item.document for line in context["checklist"]]
    repeat = any(r.answered_at for r in context["requests"])
    return RequestDocumentsForm(data, checklist_kinds=kinds, repeat=repeat)


@require_POST
@staff_required
def request_documents(request, pk):
    case = case_for_staff_recorded(request, pk)
    form = _request_form(case, case_page(case), request.POST)
    return _act(
        request,
        pk,
        lambda c, d: services.case_request_documents(case=c, clerk=request.user, **form.service_arguments()),
        form,
        name="request_form",
    )


@require_POST
@staff_required
def document_check(request, pk, document_pk):
    """The clerk compares a document with its original: 核验通过, or 与原件不符 with the reason."""
    case = case_for_staff_recorded(request, pk)
    document = get_object_or_404(case.documents, pk=document_pk)
    form = DocumentCheckForm(request.POST, auto_id=f"check-{document.pk}-%s")  # the page's ids for its inputs
    return _act(
        request,
        pk,
        lambda c, d: services.document_check(
            document=document, clerk=request.user, passed=d["result"] == "passed", reason=d["reason"]
        ),
        form,
        name="check_form",
    )


@staff_required
def identity_at_counter(request):
    """窗口核验: the clerk has the applicant's ID card in hand and records whose the account is."""
    form = CounterIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = account_by_login(data["account"])
        if account is None:
            form.add_error("account", _("没有找到该账户，请核对电子邮箱、手机号码或用户名。"))
        else:
            try:
                identity = identity_verify_at_counter(
                    user=account, clerk=request.user, name=data["name"], id_number=data["id_number"]
                )
            except IdentityError as error:
                form.add_error(None, str(error))
            else:
                record_people_access(
                    request=request,
                    people=[(identity.id_number, None)],
                    action=DataAccess.Action.CHANGE,
                    subject="实名核验",
                    detail=f"账户 {account.pk}",
                )
                messages.success(request, _("已核验：%(identity)s。") % {"identity": identity})
                return redirect("applications:identity_counter")
    return render(request, "applications/clerk/identity.html", {"form": form})


def _back(case):
    return reverse("applications:clerk_case", args=[case.pk])


@require_POST
@staff_required
def approve(request, pk):
    """Asks first (a page saying who moves where, and what is issued); acts on ``confirmed=1``."""
    case = case_for_staff_recorded(request, pk)
    approvable = case.status == CaseStatus.IN_REVIEW and not services.approval_problems(case)
    if not is_confirmed(request) and approvable:  # what stops approval is said at once, not after confirming
        return confirmation_page(request, consequences.of_approval(case, request.user), back=_back(case))
    return _act(request, pk, lambda case, _: services.case_approve(case=case, clerk=request.user))


@require_POST
@staff_required
def refuse(request, pk):
    """Asks first (the case closes, the applicant gets the decision letter); acts on ``confirmed=1``."""
    case = case_for_staff_recorded(request, pk)
    clauses = list(case.rule_set.clauses.values_list("citation", flat=True)) if case.rule_set_id else []
    form = RefuseForm(request.POST, clauses=clauses)
    refusable = case.status in (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW)
    if not is_confirmed(request) and refusable and form.is_valid():
        confirmation = consequences.of_refusal(case, request.user, **form.cleaned_data)
        return confirmation_page(request, confirmation, back=_back(case))
    return _act(
        request, pk, lambda c, d: services.case_refuse(case=c, clerk=request.user, **d), form, name="refuse_form"
    )


@require_POST
@staff_required
def extend(request, pk):
    form = ExtendForm(request.POST)
    return _act(
        request, pk, lambda c, d: services.case_extend(case=c, supervisor=request.user, **d), form, name="extend_form"
    )


@require_POST
@staff_required
def move_in(request, pk):
    form = MoveInForm(request.POST)
    return _act(
        request,
        pk,
        lambda c, d: services.case_complete_move_in(case=c, clerk=request.user, **d),
        form,
        name="move_in_form",
    )


@staff_required
def document_view(request, pk, document_pk):
    """A document, as a download, only to staff who may see its case; the download is recorded."""
    case = case_for_staff_recorded(request, pk)
    document = get_object_or_404(case.documents, pk=document_pk, purged_at__isnull=True)
    record_case_access(
        request=request,
        case=case,
        action=DataAccess.Action.DOWNLOAD,
        detail=f"{document.get_kind_display()} #{document.pk}",
    )
    return document_response(document)


@staff_required
def certificate_pdf(request, pk):
    case = case_for_staff_recorded(request, pk)
    certificate = get_object_or_404(Certificate, case=case)
    record_case_access(
        request=request,
        case=case,
        action=DataAccess.Action.DOWNLOAD,
        detail=f"{certificate.title} {certificate.number}",
    )
    return certificate_response(request, certificate)


@staff_required
def paper_view(request, pk, paper_pk):
    """A paper of the case as a page, for the station's staff; the view is recorded."""
    case = case_for_staff_recorded(request, pk)
    paper = get_object_or_404(case.papers, pk=paper_pk)
    record_case_access(request=request, case=case, detail=f"{paper.title} {paper.number}")
    return render(
        request,
        "applications/papers/paper.html",
        {"case": case, "paper": paper, "back": "applications:clerk_case", "pdf": "applications:clerk_paper_pdf"},
    )


@staff_required
def paper_download(request, pk, paper_pk):
    case = case_for_staff_recorded(request, pk)
    paper = get_object_or_404(case.papers, pk=paper_pk)
    record_case_access(
        request=request, case=case, action=DataAccess.Action.DOWNLOAD, detail=f"{paper.title} {paper.number}"
    )
    return paper_response(request, paper)
