"""Pieces the sign-in's protections plug in: django-axes' username and lockout page, and the set-up
page's QR code."""

import math
import xml.etree.ElementTree as ET

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .forms import SignInForm
from .models import User


def axes_username(request, credentials=None) -> str:
    """Count failures per account, not per spelling: the username, e-mail address (in any case) and
    mobile number of one account are one login, as UsernameEmailOrPhoneBackend reads them. A
    successful sign-in, which django-axes reports by username, then clears them all."""
    login = (credentials or {}).get("username")
    if login is None:
        login = getattr(request, "data", request.POST).get("username", "")
    login = str(login or "").strip()
    account = User.objects.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login)).order_by("pk")
    return account.values_list("username", flat=True).first() or login.lower()


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page again, with the reason, instead of django-axes' bare status page."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    # Unbound: binding the form again would run authenticate() and count one more failure.
    form = SignInForm(request, initial={"username": request.POST.get("username", "")})
    message = gettext("登录失败次数过多，该账号在此网络已暂时锁定。请 %(minutes)d 分钟后再试，或联系所属派出所。")
    context = {"form": form, "next": request.POST.get("next", ""), "locked_out": message % {"minutes": minutes}}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def qr_code_svg(text: str, *, label: str) -> SafeString:
    """The QR code of ``text`` as inline SVG markup: no image request, nothing for the CSP to allow."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2).get_image()
    svg.attrib.update({"width": "200", "height": "200", "role": "img", "aria-label": label, "class": "qr-code"})
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # ElementTree escapes what it writes
