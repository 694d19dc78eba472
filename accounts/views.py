"""Applicants sign up, verify their e-mail address and sign in; staff sign in here too.

Signing in is two steps for whoever has a second factor (staff always, applicants who turned it
on): the password, then the code. The session is signed in only after the second step; between
the two it holds just who passed the first (``PENDING``), for ``SIGN_IN_CODE_TIMEOUT`` seconds.
"""

import time
from base64 import b32encode
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from common.middleware import staff_session_start
from notices.throttles import send_throttled, throttled_message

from . import selectors, services
from .constants import Role
from .decorators import verified_applicant_required
from .forms import (
    CodeForm,
    EnrolmentCodeForm,
    IdentityForm,
    PasswordResetRequestForm,
    SignInForm,
    SignUpForm,
    SmsResetForm,
    SmsResetRequestForm,
)
from .identity import IdentityError
from .models import EnrolmentCode, User
from .security import qr_code_svg

PENDING = "accounts.sign_in_pending"
SIGN_UP_SENT = "accounts.sign_up_sent"  # the address the last sign-up in this session wrote to
ENROLMENT = "accounts.enrolment"  # the enrolment code a staff member has given, until the set-up ends


def sign_up(request):
    """Open an account. The answer is the same whether or not the address (or number) is already
    registered: a registered address is sent a reminder to sign in instead, a registered number is
    left off the new account (it can be added and verified under 账户安全)."""
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if send_throttled(request, "sign-up", data["email"]):
            form.add_error(None, throttled_message())
        else:
            user = _sign_up(data)
            request.session[SIGN_UP_SENT] = data["email"]
            if user is not None:
                login(request, user, backend="accounts.backends.UsernameEmailOrPhoneBackend")
            return redirect("accounts:verify_pending")
    return render(request, "accounts/sign_up.html", {"form": form})


def _sign_up(data) -> User | None:
    fields = {"email": data["email"], "password": data["password1"], "name": data["name"]}
    for phone in dict.fromkeys([data["phone"], None]):
        try:
            return services.applicant_sign_up(**fields, phone=phone)
        except services.SignUpError as error:
            if error.field != "phone":
                break
    services.sign_up_existing_notify(email=data["email"])
    return None


def verify_pending(request):
    """验证电子邮箱: after signing up (for a new account and a registered address alike)."""
    if request.user.is_authenticated:
        if request.user.email_verified:
            return redirect("applications:my_cases")
        email = request.user.email
    else:
        email = request.session.get(SIGN_UP_SENT)
        if not email:
            return redirect_to_login(request.get_full_path())
    return render(request, "accounts/verify_pending.html", {"email": email})


@require_POST
def verify_resend(request):
    """Send the verification again — throttled per address and per account."""
    user = request.user if request.user.is_authenticated else None
    email = user.email if user else request.session.get(SIGN_UP_SENT)
    if not email:
        return redirect_to_login(reverse("accounts:verify_pending"))
    if user is not None and user.email_verified:
        return redirect("accounts:verify_pending")
    if send_throttled(request, "verify-resend", email):
        messages.error(request, throttled_message())
    else:
        if user is not None:
            services.verification_email_send(user=user)
        else:
            services.sign_up_existing_notify(email=email)
        messages.success(request, _("验证邮件已重新发送到 %(email)s。") % {"email": email})
    return redirect("accounts:verify_pending")


# --- Account recovery -----------------------------------------------------------------------
# The same answer whether or not an account exists; each request that sends a message is throttled
# per client address and per address or number asked for.


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if send_throttled(self.request, "password-reset", form.cleaned_data["email"]):
            form.add_error(None, throttled_message())
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


SMS_RESET = "accounts.sms_reset"  # the number a code was asked for, in this session


@never_cache
def sms_reset_request(request):
    form = SmsResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if send_throttled(request, "sms-reset", phone):
            form.add_error(None, throttled_message())
        else:
            services.password_reset_sms_send(phone=phone)
            request.session[SMS_RESET] = {"phone": phone, "at": time.time()}
            return redirect("accounts:sms_reset")
    return render(request, "accounts/sms_reset_request.html", {"form": form})


@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def sms_reset(request):
    asked = request.session.get(SMS_RESET) or {}
    if not asked or time.time() - asked["at"] > 15 * 60:
        return redirect("accounts:sms_reset_request")
    user = services.account_for_sms_reset(asked["phone"])
    form = SmsResetForm(user or User(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        if user is not None and services.password_reset_sms_check(user=user, code=form.cleaned_data["code"]):
            form.save()
            del request.session[SMS_RESET]
            messages.success(request, _("密码已重新设置，请用新密码登录。"))
            return redirect("accounts:login")
        form.add_error("code", _("验证码不正确或已过期，请重新获取。"))
    return render(request, "accounts/sms_reset.html", {"form": form, "phone": asked["phone"]})


def verify(request, token):
    try:
        services.applicant_verify_email(token=token)
    except services.VerificationError as error:
        return render(request, "accounts/verify_failed.html", {"error": str(error)}, status=400)
    messages.success(request, _("电子邮箱已验证，现在可以在线申请了。"))
    return redirect("applications:my_cases" if request.user.is_authenticated else "accounts:login")


class SignInView(auth_views.LoginView):
    """Step one, the password. Whoever needs a code goes on to step two, still signed out."""

    authentication_form = SignInForm

    def form_valid(self, form):
        user = form.get_user()
        if not selectors.second_factor_needed(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),  # already checked to stay on this site
            "at": time.time(),
        }
        has_device = selectors.totp_device_confirmed(user) is not None
        return redirect("accounts:sign_in_code" if has_device else "accounts:two_factor_setup")


def _pending(request) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING) or {}
    if pending and time.time() - pending["at"] <= settings.SIGN_IN_CODE_TIMEOUT:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        if user is not None:
            return user, pending
    request.session.pop(PENDING, None)
    return None, {}


def _sign_in(request, user: User, pending: dict, device):
    del request.session[PENDING]
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    if user.is_staff:
        staff_session_start(request.session)
    return redirect(pending["next"])


@never_cache
@sensitive_post_parameters("otp_token")
def sign_in_code(request):
    """Step two: the code from the authenticator app."""
    user, pending = _pending(request)
    if user is None:
        messages.error(request, _("登录未完成或已超时，请重新输入账号和密码。"))
        return redirect("accounts:login")
    if selectors.totp_device_confirmed(user) is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.sign_in_code_check(user=user, token=form.cleaned_data["otp_token"])
        except services.TwoFactorError as error:
            form.add_error("otp_token", str(error))
        else:
            return _sign_in(request, user, pending, device)
    return render(request, "accounts/sign_in_code.html", {"form": form})


def _enrolment(request, user: User) -> EnrolmentCode | None:
    """The enrolment code this session has given for ``user``, while it is still good."""
    given = request.session.get(ENROLMENT) or {}
    if given.get("user") != user.pk:
        return None
    return EnrolmentCode.objects.filter(
        pk=given.get("code"), user=user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def _enrolment_step(request, user: User):
    """Before any key is shown to staff: the enrolment code an administrator or supervisor issued."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.enrolment_code_check(user=user, code=form.cleaned_data["enrolment_code"])
        except services.TwoFactorError as error:
            form.add_error("enrolment_code", str(error))
        else:
            request.session[ENROLMENT] = {"user": user.pk, "code": record.pk}
            return redirect("accounts:two_factor_setup")
    return render(request, "accounts/enrolment_code.html", {"form": form})


@never_cache
@sensitive_post_parameters("otp_token", "enrolment_code")
def two_factor_setup(request):
    """Set up the authenticator app: staff without one, straight after their password and their
    enrolment code; applicants who turn the code on from their account page."""
    user, pending = _pending(request)
    if user is None:
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("accounts:two_factor"))
        user = request.user
    if selectors.totp_device_confirmed(user) is not None:
        return redirect("accounts:sign_in_code" if pending else "accounts:two_factor")
    enrolment = _enrolment(request, user) if selectors.second_factor_required(user) else None
    if selectors.second_factor_required(user) and enrolment is None:
        return _enrolment_step(request, user)
    device = services.totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(device=device, token=form.cleaned_data["otp_token"], enrolment=enrolment)
        except services.TwoFactorError as error:
            form.add_error("otp_token", str(error))
        else:
            request.session.pop(ENROLMENT, None)
            if pending:
                return _sign_in(request, user, pending, device)
            otp_login(request, device)
            messages.success(request, _("动态口令已开启。以后登录时，输入密码后还要输入验证器上的 6 位数字。"))
            return redirect("accounts:two_factor")
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "pending": bool(pending),
        "qr_code": qr_code_svg(device.config_url, label=_("动态口令设置二维码")),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _issuer_required(view):
    """An administrator or a supervisor, signed in with their code."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.role == Role.SUPERVISOR):
            raise PermissionDenied
        if not request.user.is_verified():
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@_issuer_required
def staff_enrolment(request):
    """The staff the signed-in administrator or supervisor may issue enrolment codes for; a POST
    issues one and shows it, once."""
    accounts = selectors.staff_to_enrol(request.user)
    if request.method == "POST":
        user = get_object_or_404(accounts, pk=request.POST.get("user") or 0)
        try:
            code, record = services.enrolment_code_issue(user=user, issued_by=request.user)
        except services.TwoFactorError as error:
            messages.error(request, str(error))
            return redirect("accounts:staff_enrolment")
        context = {"staff_member": user, "code": code, "expires_at": record.expires_at}
        return render(request, "accounts/enrolment_code_issued.html", context)
    return render(request, "accounts/staff_enrolment.html", {"accounts": accounts})


@never_cache
@login_required
@sensitive_post_parameters("otp_token")
def two_factor(request):
    """The account's second factor: on or off, and for applicants the switch (off takes a code)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_remove(user=request.user, token=form.cleaned_data["otp_token"])
        except services.TwoFactorError as error:
            form.add_error("otp_token", str(error))
        else:
            messages.success(request, _("动态口令已关闭。以后登录只需账号和密码。"))
            return redirect("accounts:two_factor")
    context = {
        "form": form,
        "device": selectors.totp_device_confirmed(request.user),
        "required": selectors.second_factor_required(request.user),
    }
    return render(request, "accounts/two_factor.html", context)


@verified_applicant_required
def identity(request):
    """实名核验: the person this account applies as, verified once — online through the configured
    service, or at a station's counter with the ID card."""
    current = getattr(request.user, "verified_identity", None)
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and current is None and form.is_valid():
        try:
            services.identity_verify_online(user=request.user, **form.cleaned_data)
        except IdentityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("实名核验已通过。"))
            return redirect(request.GET.get("next") if _safe_next(request) else "accounts:identity")
    return render(request, "accounts/identity.html", {"form": form, "identity": current})


def _safe_next(request) -> bool:
    target = request.GET.get("next") or ""
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
