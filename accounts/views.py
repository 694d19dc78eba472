"""Applicants sign up, verify their e-mail address and sign in; staff sign in here too."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import SignUpForm


def sign_up(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.applicant_sign_up(
            email=data["email"], password=data["password1"], name=data["name"], phone=data["phone"]
        )
        login(request, user, backend="accounts.backends.UsernameEmailOrPhoneBackend")
        return redirect("accounts:verify_pending")
    return render(request, "accounts/sign_up.html", {"form": form})


@login_required
def verify_pending(request):
    if request.user.email_verified:
        return redirect("applications:my_cases")
    return render(request, "accounts/verify_pending.html")


@login_required
@require_POST
def verify_resend(request):
    if not request.user.email_verified:
        services.verification_email_send(user=request.user)
        messages.success(request, _("验证邮件已重新发送到 %(email)s。") % {"email": request.user.email})
    return redirect("accounts:verify_pending")


def verify(request, token):
    try:
        services.applicant_verify_email(token=token)
    except services.VerificationError as error:
        return render(request, "accounts/verify_failed.html", {"error": str(error)}, status=400)
    messages.success(request, _("电子邮箱已验证，现在可以在线申请了。"))
    return redirect("applications:my_cases" if request.user.is_authenticated else "accounts:login")
