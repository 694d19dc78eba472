from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.constants import Role
from accounts.models import User
from eligibility.forms import YES_NO
from registers.identity import IdNumberField
from registers.models import Address

from .constants import CancelReason, RegistrationReason

HOUSING = [("", _("（未填写）")), ("owned", _("自有住房")), ("rented", _("租赁住房")), ("none", _("无合法稳定住所"))]


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, required=False, coerce=lambda v: v == "true", empty_value=None
    )


def _addresses(queryset):
    return queryset.select_related("region", "station").order_by("region__code", "pk")


class AddressField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("请选择"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, address):
        return f"{address.region.get_city_display()} {address} — {address.station}"


class RegistrationForm(forms.Form):
    """居住登记, online: the applicant declares where they live and since when."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = IdNumberField(label=_("公民身份号码"))
    address = AddressField(label=_("居住地址（管辖派出所）"), queryset=Address.objects.none())
    since = forms.DateField(label=_("居住起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("居住事由"), choices=RegistrationReason.choices)

    def __init__(self, *args, addresses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = _addresses(addresses if addresses is not None else Address.objects.all())


class CounterRegistrationForm(RegistrationForm):
    """居住登记 at the counter: a clerk registers someone, for an address their station serves."""

    account = forms.CharField(
        label=_("本人平台账户（电子邮箱或手机号码，可不填）"),
        max_length=254,
        required=False,
        help_text=_("填写后，本人登录即可看到该登记并在网上申领居住证。"),
    )

    def clean_account(self):
        value = self.cleaned_data["account"].strip()
        if not value:
            return None
        applicants = User.objects.filter(role=Role.APPLICANT)
        user = applicants.filter(email__iexact=value).first() or applicants.filter(phone=value).first()
        if user is None:
            raise forms.ValidationError(_("未找到该电子邮箱或手机号码的申请人账户。"))
        return user


class PermitFactsForm(forms.Form):
    """The conditions a city may ask for besides the residence (居住证暂行条例 第2条): one of stable
    employment, stable residence, continuous study."""

    employment_stable = _yes_no(_("有合法稳定就业"))
    housing_kind = forms.ChoiceField(label=_("居住地住所"), choices=HOUSING, required=False)
    studying = _yes_no(_("在居住地连续就读"))


class AddressChangeForm(forms.Form):
    address = AddressField(label=_("新居住地址（本市）"), queryset=Address.objects.none())

    def __init__(self, *args, city: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = _addresses(Address.objects.filter(region__city=city))


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("注销原因"), choices=CancelReason.choices)
    on = forms.DateField(
        label=_("注销日期（空为今天）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class HolderCancelForm(forms.Form):
    """A holder cancels only on leaving the city; settling and death are for the station."""

    confirm = forms.BooleanField(label=_("我已离开本市，申请注销本市居住证"))
