"""The portal's URLs and, for the benchmarks only, a bare Django view: the yardstick of what a
request through the same server and middleware costs before any work of the portal's own."""

from django.http import HttpResponse
from django.urls import path

from hukou_portal.urls import handler404  # noqa: F401
from hukou_portal.urls import urlpatterns as portal


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal]
