"""The Django admin, open only to a session verified with a second factor (django-otp).

Installed as ``django.contrib.admin``'s default site (hukou_portal/apps.py), so every ``@admin.register`` lands here.
Signing in is the portal's own (password, then the code, with the lockout of django-axes): the
admin's login page shows that same form rather than keep a second one.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        from accounts.views import SignInView

        index = reverse("admin:index", current_app=self.name)
        return SignInView.as_view(extra_context={"next": request.GET.get("next") or index})(request)
