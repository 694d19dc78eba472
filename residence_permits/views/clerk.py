"""Station staff: the station's registrations and permits, counter registration, a permit's page
(move, cancel, card). Applications and endorsements are cases: they are worked in the queue.
Every permit is fetched through selectors.permit_for_staff_recorded (another station's is a 404,
the attempt recorded) and every
view of a holder's full data is recorded for the auditors."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.views.confirm import confirmation_page, is_confirmed
from common.staff import staff_required
from registers.audit import record_access
from registers.models import Address, DataAccess

from .. import consequences, services
from ..forms import AddressChangeForm, CancelForm, CounterRegistrationForm
from ..selectors import (
    permit_for_staff_recorded,
    permit_status,
    permit_statuses,
    permits_visible_to_staff,
    registrations_visible_to_staff,
    with_endorsements,
)
from .files import card_response


def _search(queryset, q: str):
    q = q.strip().upper()
    return queryset.filter(Q(id_number=q) | Q(number=q)) if q else queryset


@staff_required
def station(request):
    """The station's permits (a supervisor's: the city's), newest first, and recent registrations.
    Identity numbers are masked here, so listing is not recorded; opening a permit is."""
    q = request.GET.get("q", "")
    permits = with_endorsements(_search(permits_visible_to_staff(request.user), q))
    page = Paginator(permits, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "page": page,
        "rows": permit_statuses(page, as_of=today),
        "registrations": registrations_visible_to_staff(request.user).filter(ended_on__isnull=True)[:25],
        "q": q,
    }
    return render(request, "residence_permits/clerk/station.html", context)


def _station_addresses(user):
    if user.station_id:
        return Address.objects.filter(station_id=user.station_id)
    return Address.objects.filter(region__city=user.city)


@staff_required
def counter_registration(request):
    """居住登记 at the counter, for someone at an address the station serves."""
    form = CounterRegistrationForm(request.POST or None, addresses=_station_addresses(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = data.pop("account")
        try:
            services.registration_create(actor=request.user, applicant=account, **data)
        except services.PermitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("居住登记已办理。"))
            return redirect("residence_permits:station")
    return render(request, "residence_permits/clerk/registration_form.html", {"form": form})


def _record(request, permit, action=DataAccess.Action.VIEW, detail=""):
    record_access(
        request=request,
        action=action,
        id_number=permit.id_number,
        person=permit.person,
        subject=f"居住证 {permit.number}",
        detail=detail,
    )


@staff_required
def permit_view(request, pk):
    permit = permit_for_staff_recorded(request, pk)
    _record(request, permit)
    context = {
        "permit": permit,
        "status": permit_status(permit, as_of=timezone.localdate()),
        "events": permit.events.select_related("actor"),
        "endorsements": permit.endorsements.select_related("case"),
        "address_form": AddressChangeForm(city=permit.city),
        "cancel_form": CancelForm(),
    }
    return render(request, "residence_permits/clerk/permit.html", context)


@staff_required
def permit_card(request, pk):
    permit = permit_for_staff_recorded(request, pk)
    _record(request, permit, DataAccess.Action.DOWNLOAD, "居住证卡片 PDF")
    return card_response(request, permit)


def _act(request, pk, form, step, *, detail: str):
    permit = permit_for_staff_recorded(request, pk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("residence_permits:clerk_permit", pk=permit.pk)
    try:
        step(permit, form.cleaned_data)
    except services.PermitError as error:
        messages.error(request, str(error))
    else:
        _record(request, permit, DataAccess.Action.CHANGE, detail)
        messages.success(request, _("已办理。"))
    return redirect("residence_permits:clerk_permit", pk=permit.pk)


@require_POST
@staff_required
def change_address(request, pk):
    permit = permit_for_staff_recorded(request, pk)
    form = AddressChangeForm(request.POST, city=permit.city)
    return _act(
        request,
        pk,
        form,
        lambda p, d: services.permit_change_address(permit=p, actor=request.user, **d),
        detail="变更居住地址",
    )


@require_POST
@staff_required
def cancel(request, pk):
    """Asks first (the permit ends for good, the years stop counting); cancels on ``confirmed=1``."""
    permit = permit_for_staff_recorded(request, pk)
    form = CancelForm(request.POST)
    if not is_confirmed(request) and permit.cancelled_on is None and form.is_valid():
        day = form.cleaned_data["on"] or timezone.localdate()
        confirmation = consequences.of_cancellation(permit, reason=form.cleaned_data["reason"], on=day)
        return confirmation_page(request, confirmation, back=reverse("residence_permits:clerk_permit", args=[pk]))
    return _act(
        request, pk, form, lambda p, d: services.permit_cancel(permit=p, actor=request.user, **d), detail="注销"
    )
