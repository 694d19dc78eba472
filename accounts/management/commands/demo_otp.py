"""``python manage.py demo_otp USERNAME``: the current code of an account's authenticator, so the
demo (``make run``) can be signed into without an authenticator app. Never in production: it would
turn the second factor back into the password alone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = _("打印账号当前的动态口令（6 位数字），用于在演示环境中不装验证器应用也能登录；生产环境中不可用。")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("用户名，例如 clerk_qujing"))

    def handle(self, *args, username: str, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(_("生产环境中不打印动态口令：那样第二重验证就形同虚设。"))
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(_("账号 %(username)s 没有已设置的动态口令。") % {"username": username})
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
