"""The permit card as a response, shared by the audiences' views (each checks access first)."""

from django.http import HttpResponse
from django.urls import reverse

from ..card import permit_pdf
from ..selectors import hukou_address_of


def card_response(request, permit) -> HttpResponse:
    verify_url = request.build_absolute_uri(reverse("verify_code", args=[permit.code]))
    pdf = permit_pdf(permit, verify_url=verify_url, hukou_address=hukou_address_of(permit))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{permit.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
