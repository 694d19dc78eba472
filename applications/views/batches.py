"""Station staff: batch reviews (start, watch, cancel) and the city's statistics. Batches are
fetched through selectors.batch_for_staff, so another station's batch is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import Role
from common.replica import read_from_replica
from common.staff import staff_required
from eligibility.constants import Pathway

from .. import consequences
from ..constants import BatchItemStatus, CaseKind, CaseStatus
from ..models import Score
from ..selectors import batch_for_staff, batches_visible_to_staff
from ..services import CaseError
from ..services.batches import batch_cancel, batch_progress, batch_ready_cases, batch_start
from ..services.ratings import ratings_by_station
from ..services.statistics import statistics_latest
from .confirm import confirmation_page, is_confirmed

BATCHES_PER_PAGE = 30


@staff_required
def batch_list(request):
    """The station's (a supervisor: the city's) batches, newest first, a page at a time, each with
    its progress counted in the same query."""
    counts = {status: Count("items", filter=Q(items__status=status)) for status in BatchItemStatus.values}
    batches = (
        batches_visible_to_staff(request.user)
        .select_related("started_by")
        .annotate(**{f"items_{status}": count for status, count in counts.items()})
        .order_by("-started_at", "-pk")
    )
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(batch, batch_progress(batch, _counts_of(batch))) for batch in page]
    return render(request, "applications/clerk/batch_list.html", {"rows": rows, "page": page})


def _counts_of(batch) -> dict[str, int]:
    return {status: getattr(batch, f"items_{status}") for status in BatchItemStatus.values}


@require_POST
@staff_required
def batch_new(request):
    """Start a batch of the ticked cases, or (``all``) of every ready case in the queue."""
    try:
        ids = None if request.POST.get("all") else [int(pk) for pk in request.POST.getlist("cases")]
        if ids == []:
            raise CaseError(_("请先勾选要批量审核的业务。"))
        if not is_confirmed(request):
            ready = batch_ready_cases(request.user)
            confirmation = consequences.of_batch(ready if ids is None else ready.filter(pk__in=ids), request.user)
            if confirmation.cases:  # none ready: batch_start says why
                return confirmation_page(request, confirmation, back=reverse("applications:queue"))
        batch = batch_start(starter=request.user, case_ids=ids)
    except ValueError:
        messages.error(request, _("所选业务无效。"))
    except CaseError as error:
        messages.error(request, str(error))
    else:
        return redirect("applications:batch", pk=batch.pk)
    return redirect("applications:queue")


@staff_required
def batch_detail(request, pk):
    batch = batch_for_staff(request.user, pk)
    items = batch.items.select_related("case").order_by("pk")
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    context = {"batch": batch, "progress": batch_progress(batch), "page": page}
    return render(request, "applications/clerk/batch.html", context)


@staff_required
def batch_progress_view(request, pk):
    """What the batch page polls to show progress without reloading."""
    return JsonResponse(batch_progress(batch_for_staff(request.user, pk)))


@require_POST
@staff_required
def batch_cancel_view(request, pk):
    try:
        batch_cancel(batch=batch_for_staff(request.user, pk), user=request.user)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("批量审核已取消；已办理的业务不受影响。"))
    return redirect("applications:batch", pk=pk)


@staff_required
@read_from_replica()
def statistics_view(request):
    """The supervisor's statistics page: the city's latest nightly snapshot (computed now if none)."""
    if request.user.role != Role.SUPERVISOR:
        raise PermissionDenied
    snapshot = statistics_latest(city=request.user.city)
    if snapshot is not None:
        for row in snapshot.data["by_status"]:
            row["kind"], row["status"] = CaseKind(row["kind"]).label, CaseStatus(row["status"]).label
            row["pathway"] = Pathway(row["pathway"]).label if row["pathway"] else ""
        for row in snapshot.data["settled"]:
            row["pathway"] = Pathway(row["pathway"]).label
    context = {"snapshot": snapshot, "ratings": ratings_by_station(request.user.city), "scores": Score.labels}
    return render(request, "applications/clerk/statistics.html", context)
