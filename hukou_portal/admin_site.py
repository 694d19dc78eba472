"""The Django admin, open only to a session verified with a second factor (django-otp).

Installed as ``django.contrib.admin``'s default site (hukou_portal/apps.py), so every ``@admin.register`` lands here.
Signing in happens on the portal's own pages (password, then the code, with the lockout of
django-axes), so the admin's login page hands over to them rather than keep a second form.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name))
