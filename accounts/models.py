from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from registers.constants import City
from registers.identity import mask_id_number

from .constants import STAFF_ROLES, Role


class User(AbstractUser):
    """A person who signs in: an applicant, or staff with the station or city they work for."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.APPLICANT)
    phone = models.CharField(_("手机号码"), max_length=20, null=True, blank=True, unique=True)
    station = models.ForeignKey(
        "registers.PoliceStation",
        verbose_name=_("所属派出所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    city = models.CharField(_("所属市（州）"), max_length=16, choices=City.choices, blank=True)
    email_verified = models.BooleanField(_("电子邮箱已验证"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(condition=~Q(role=Role.CLERK) | Q(station__isnull=False), name="clerk_has_station"),
            models.CheckConstraint(condition=~Q(role=Role.SUPERVISOR) | ~Q(city=""), name="supervisor_has_city"),
            # Applicants sign in with their e-mail address, so one address is one account.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="unique_email_ci"),
        ]

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class IdentityMethod(models.TextChoices):
    COUNTER = "counter", _("窗口核验（民警查验居民身份证原件）")
    ONLINE = "online", _("线上身份核验")


class VerifiedIdentity(models.Model):
    """The one person an account acts as: real name and 公民身份号码, verified once — at the counter by
    a clerk who saw the ID card, or by the configured identity-verification backend. One person,
    one account."""

    user = models.OneToOneField(
        "accounts.User", verbose_name=_("账户"), on_delete=models.CASCADE, related_name="verified_identity"
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True)
    method = models.CharField(_("核验方式"), max_length=16, choices=IdentityMethod.choices)
    backend = models.CharField(_("核验服务"), max_length=64, blank=True)
    reference = models.CharField(_("核验流水号"), max_length=64, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("核验民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="identities_verified",
    )
    verified_at = models.DateTimeField(_("核验时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实名核验")
        verbose_name_plural = _("实名核验")

    def __str__(self):
        return f"{self.name}（{mask_id_number(self.id_number)}）"


class EnrolmentCode(models.Model):
    """What a staff member needs, besides their password, to set up an authenticator: issued by an
    administrator or their city's supervisor, shown once, kept here only as a SHA-256 digest, good
    for one set-up until it expires (accounts/services.py)."""

    user = models.ForeignKey(User, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="enrolment_codes")
    digest = models.CharField(_("设置码摘要"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("动态口令设置码")
        verbose_name_plural = _("动态口令设置码")

    def __str__(self) -> str:
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"
