from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PhoneForm, PreferenceForm, SmsCodeForm
from .models import Channel, CodePurpose, Notice
from .throttles import send_throttled, throttled_message


@login_required
def notice_list(request):
    """消息: the portal's own messages to this account, newest first; opening the page reads them."""
    notices = list(Notice.objects.filter(recipient=request.user, channel=Channel.PORTAL)[:100])
    response = render(request, "notices/list.html", {"notices": notices})
    services.notices_mark_read(request.user)
    return response


@login_required
@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("通知设置已保存。"))
    else:
        messages.error(request, _("通知设置未能保存，请重新选择。"))
    return redirect("accounts:two_factor")


@login_required
def phone(request):
    """Verify the account's mobile number (or a new one) with an SMS code before SMS goes to it."""
    phone_form = PhoneForm(initial={"phone": request.user.phone})
    code_form = SmsCodeForm()
    if request.method == "POST" and "send" in request.POST:
        phone_form = PhoneForm(request.POST)
        if phone_form.is_valid():
            number = phone_form.cleaned_data["phone"]
            if send_throttled(request, "phone", str(request.user.pk)):
                messages.error(request, throttled_message())
            elif _phone_set(request.user, number):
                services.sms_code_send(user=request.user, purpose=CodePurpose.PHONE)
                messages.success(request, _("验证码已发送到 %(phone)s。") % {"phone": number})
                return redirect("notices:phone")
            else:
                phone_form.add_error("phone", _("该手机号码不能用于本账户，请换一个号码。"))
    elif request.method == "POST":
        code_form = SmsCodeForm(request.POST)
        if code_form.is_valid():
            if services.phone_verify(user=request.user, code=code_form.cleaned_data["code"]):
                messages.success(request, _("手机号码已验证，短信通知将发送到该号码。"))
                return redirect("accounts:two_factor")
            code_form.add_error("code", _("验证码不正确或已过期，请重新获取。"))
    context = {
        "phone_form": phone_form,
        "code_form": code_form,
        "verified": services.phone_verified(request.user),
    }
    return render(request, "notices/phone.html", context)


def _phone_set(user, number: str) -> bool:
    if user.phone == number:
        return True
    try:
        with transaction.atomic():
            get_user_model().objects.filter(pk=user.pk).update(phone=number)
    except IntegrityError:  # another account's number: not said which
        return False
    user.phone = number
    return True
