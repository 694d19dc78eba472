from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import Language


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(label=_("通知语言"), choices=Language.choices)
    email = forms.BooleanField(label=_("通过电子邮件通知我"), required=False)
    sms = forms.BooleanField(label=_("通过短信通知我（手机号码须先验证）"), required=False)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号码"),
        validators=[RegexValidator(r"^1[3-9]\d{9}$", _("请输入 11 位手机号码，例如 13812345678。"))],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
    )


class SmsCodeForm(forms.Form):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("请输入 6 位数字。"))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
