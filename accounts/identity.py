"""Real-name verification of an account (实名核验): the person an account applies as.

Two ways: at the counter, where a clerk sees the ID card (``identity_verify_at_counter``), or online
through the backend named by ``IDENTITY_BACKEND`` — the identity-verification service of the
deployment. ``RegisterDemoBackend`` (development) accepts a name and number that match a living
person of the portal's own register and refuses to run in production; without a configured service
production refuses online verification and sends people to the counter."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class IdentityError(Exception):
    """The identity could not be verified; the message is for the user."""


class IdentityBackend:
    name = ""

    def verify(self, *, name: str, id_number: str) -> str:
        """Return the service's reference for a successful check, or raise IdentityError."""
        raise NotImplementedError


class UnconfiguredBackend(IdentityBackend):
    name = "none"

    def verify(self, *, name: str, id_number: str) -> str:
        raise IdentityError(_("线上实名核验服务暂未开通，请携带居民身份证到任一派出所户籍窗口核验。"))


class RegisterDemoBackend(IdentityBackend):
    """Development only: the person must be in the portal's register with exactly this name."""

    name = "demo-register"

    def verify(self, *, name: str, id_number: str) -> str:
        from registers.models import Person

        if getattr(settings, "PRODUCTION", False):
            raise IdentityError(_("演示用核验服务不能在正式环境使用。"))
        person = Person.objects.filter(id_number=id_number, death_date__isnull=True).only("pk", "name").first()
        if person is None or person.name != name.strip():
            raise IdentityError(_("姓名与公民身份号码不一致，核验未通过。"))
        return f"demo-{person.pk}"


def identity_backend() -> IdentityBackend:
    return import_string(settings.IDENTITY_BACKEND)()
