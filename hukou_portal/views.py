from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found

from accounts.decorators import verified_applicant_required
from common.client_address import client_ip

from .export import account_data_export, personal_data_response


def home(request):
    return render(request, "home.html")


def not_found(request, exception):
    """An address no route matches: under /api/ a JSON answer as the API's own 404s (a client sent
    a malformed id, say), elsewhere the usual page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("未找到。")}, status=404)
    return page_not_found(request, exception)


@require_POST
@verified_applicant_required
def my_data_export(request):
    """“Download my data”: what the portal holds for this account, as JSON. A POST: every export
    is recorded for the auditors, so a followed link or a prefetch must not make one."""
    data = account_data_export(user=request.user, ip=client_ip(request) or None)
    return personal_data_response(data, filename="my-data.json")
