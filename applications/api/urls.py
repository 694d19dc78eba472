from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import obtain_token

from .views import MyCaseViewSet, StaffCaseViewSet

router = SimpleRouter(trailing_slash=True)
router.register("my/cases", MyCaseViewSet, basename="my-case")
router.register("cases", StaffCaseViewSet, basename="staff-case")
urlpatterns = [
    # A token for scripts and apps: the same login (username, e-mail or mobile number) and password;
    # not for accounts with a second factor (accounts/authentication.py).
    path("auth/token/", obtain_token, name="api-token"),
    *router.urls,
]
