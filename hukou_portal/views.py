from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.defaults import page_not_found


def home(request):
    return render(request, "home.html")


def not_found(request, exception):
    """An address no route matches: under /api/ a JSON answer as the API's own 404s (a client sent
    a malformed id, say), elsewhere the usual page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("未找到。")}, status=404)
    return page_not_found(request, exception)
