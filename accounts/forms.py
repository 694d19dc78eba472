from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from registers.identity import IdNumberField

from .models import User

phone_validator = RegexValidator(r"^1[3-9]\d{9}$", _("请输入 11 位手机号码，例如 13812345678。"))


class SignInForm(AuthenticationForm):
    username = forms.CharField(label=_("手机号码或电子邮箱"), max_length=254)
    error_messages = {
        "invalid_login": _("账号或密码不正确。"),
        "inactive": _("该账号已停用。"),
    }


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app (TOTP) shows."""

    otp_token = forms.CharField(
        label=_("动态口令"),
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("请输入 6 位数字。"))],
        help_text=_("打开手机上的验证器应用，输入本平台账号当前显示的 6 位数字。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolmentCodeForm(forms.Form):
    """The one-time code an administrator or supervisor issued for setting up an authenticator."""

    enrolment_code = forms.CharField(
        label=_("设置码"),
        max_length=40,
        help_text=_("系统管理员或审核主管当面交给您的 16 位设置码，如 ABCD-EFGH-JKLM-NPQR，不区分大小写。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("用于接收验证邮件和办理进度通知。"))
    phone = forms.CharField(
        label=_("手机号码（选填）"), required=False, validators=[phone_validator], help_text=_("也可用手机号码登录。")
    )
    password1 = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),  # the rules, before typing
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    # Whether an address or number is registered is not said here (accounts/views.py sign_up).
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        return self.cleaned_data["phone"].strip() or None

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif data.get("password1"):
            candidate = User(
                username=data.get("email", ""), email=data.get("email", ""), first_name=data.get("name", "")
            )
            try:
                password_validation.validate_password(data["password1"], candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, its message sent through the outbox (with the request's address)."""

    email = forms.EmailField(label=_("注册时填写的电子邮箱"), max_length=254)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from django.urls import reverse

        from notices.services import notice_send

        link = reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        notice_send("password_reset", email=to_email, link=link)


class SmsResetRequestForm(forms.Form):
    phone = forms.CharField(label=_("已验证的手机号码"), validators=[phone_validator])


class SmsResetForm(SetPasswordForm):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("请输入 6 位数字。"))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    field_order = ["code", "new_password1", "new_password2"]


class IdentityForm(forms.Form):
    """Real-name verification: the name and number exactly as on the 居民身份证."""

    name = forms.CharField(label=_("姓名（与居民身份证一致）"), max_length=64)
    id_number = IdNumberField(label=_("公民身份号码"))
