"""Station staff: the queue and the case page. Every case is fetched through
selectors.case_for_staff, so a case of another station is a 404; every view of a case is
recorded for the auditors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import Role
from registers.audit import record_case_access
from registers.models import DataAccess

from .. import services
from ..filters import CaseFilter
from ..forms import CorrectFactForm, ExtendForm, MoveInForm, RefuseForm, RequestDocumentsForm
from ..models import Certificate
from ..selectors import case_for_staff, case_page, queue
from ..working_days import calendar_exceptions, working_days_between
from .files import certificate_response, document_response, paper_response

STAFF = {Role.CLERK, Role.SUPERVISOR}


def staff_required(view):
    """Station staff, signed in with their code (django-otp): a password alone opens no staff page.

    Every staff page, the residence permits' included, uses this one decorator."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role not in STAFF:
            raise PermissionDenied
        if not request.user.is_verified():
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
def queue_view(request):
    """The station's queue (a supervisor's: the city's), overdue and oldest first."""
    filters = CaseFilter(request.GET or None, queryset=queue(request.user), request=request)
    page = Paginator(filters.qs, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    due_dates = [c.due_date for c in page if c.due_date]
    exceptions = calendar_exceptions(min([today, *due_dates]), max([today, *due_dates])) if due_dates else {}
    for case in page:
        case.days_left = working_days_between(today, case.due_date, exceptions) if case.due_date else None
        case.overdue_days = -case.days_left if case.days_left is not None and case.days_left < 0 else 0
    return render(request, "applications/clerk/queue.html", {"filter": filters, "page": page})


@staff_required
def case_view(request, pk):
    case = case_for_staff(request.user, pk)
    context = case_page(case)
    record_case_access(request=request, case=case)
    rule_clauses = list(case.rule_set.clauses.values_list("citation", flat=True)) if case.rule_set_id else []
    context.update(
        correct_form=CorrectFactForm(pathway=case.pathway or "newborn"),
        request_form=RequestDocumentsForm(),
        refuse_form=RefuseForm(clauses=rule_clauses),
        extend_form=ExtendForm(),
        move_in_form=MoveInForm(),
        can_extend=request.user.role == Role.SUPERVISOR,
    )
    return render(request, "applications/clerk/case.html", context)


def _act(request, pk, action, form=None):
    """Run one service on a case the user may see; report the outcome and go back to the case."""
    case = case_for_staff(request.user, pk)
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {' '.join(errors)}")
        return redirect("applications:clerk_case", pk=case.pk)
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
    case = case_for_staff(request.user, pk)
    form = CorrectFactForm(request.POST, pathway=case.pathway or "newborn")
    return _act(request, pk, lambda c, d: services.case_correct_fact(case=c, clerk=request.user, **d), form)


@require_POST
@staff_required
def request_documents(request, pk):
    form = RequestDocumentsForm(request.POST)
    return _act(request, pk, lambda c, d: services.case_request_documents(case=c, clerk=request.user, **d), form)


@require_POST
@staff_required
def approve(request, pk):
    return _act(request, pk, lambda case, _: services.case_approve(case=case, clerk=request.user))


@require_POST
@staff_required
def refuse(request, pk):
    case = case_for_staff(request.user, pk)
    clauses = list(case.rule_set.clauses.values_list("citation", flat=True)) if case.rule_set_id else []
    form = RefuseForm(request.POST, clauses=clauses)
    return _act(request, pk, lambda c, d: services.case_refuse(case=c, clerk=request.user, **d), form)


@require_POST
@staff_required
def extend(request, pk):
    form = ExtendForm(request.POST)
    return _act(request, pk, lambda c, d: services.case_extend(case=c, supervisor=request.user, **d), form)


@require_POST
@staff_required
def move_in(request, pk):
    form = MoveInForm(request.POST)
    return _act(request, pk, lambda c, d: services.case_complete_move_in(case=c, clerk=request.user, **d), form)


@staff_required
def document_view(request, pk, document_pk):
    """A document, inline, only to staff who may see its case; the view is recorded."""
    case = case_for_staff(request.user, pk)
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
    case = case_for_staff(request.user, pk)
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
    case = case_for_staff(request.user, pk)
    paper = get_object_or_404(case.papers, pk=paper_pk)
    record_case_access(request=request, case=case, detail=f"{paper.title} {paper.number}")
    return render(
        request,
        "applications/papers/paper.html",
        {"case": case, "paper": paper, "back": "applications:clerk_case", "pdf": "applications:clerk_paper_pdf"},
    )


@staff_required
def paper_download(request, pk, paper_pk):
    case = case_for_staff(request.user, pk)
    paper = get_object_or_404(case.papers, pk=paper_pk)
    record_case_access(
        request=request, case=case, action=DataAccess.Action.DOWNLOAD, detail=f"{paper.title} {paper.number}"
    )
    return paper_response(request, paper)
