from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import verify, views

urlpatterns = [
    path("", views.home, name="home"),
    # The one check of every document the portal issues (papers of cases, residence permits)
    path("verify/", verify.document_verify, name="verify"),
    path("verify/<str:code>/", verify.document_verify, name="verify_code"),
    path("residence-permits/verify/", verify.permit_verify_moved, name="permit_verify_moved"),  # on older cards
    path("residence-permits/verify/<str:code>/", verify.permit_verify_moved, name="permit_verify_moved_code"),
    path("my/data.json", views.my_data_export, name="my_data"),  # the cases, permits and register together
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/eligibility/", include("eligibility.api.urls")),
    path("api/v1/", include("applications.api.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("accounts/", include("accounts.urls")),
    path("notices/", include("notices.urls")),
    path("", include("residence_permits.urls")),  # its pages and its API under /api/v1/
    path("", include("applications.urls")),
]

handler404 = "hukou_portal.views.not_found"
