from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import ChoiceLabels
from registers.constants import City
from registers.identity import mask_id_number, validate_id_number

from .constants import CancelReason, Channel, NotificationKind, RegistrationReason


class ResidenceRegistration(models.Model):
    """居住登记: a person declares where they live in a city and since when. It comes before the
    permit, and the residence the permit asks for counts from it (居住证暂行条例, RULES.md).

    One current registration per person: moving ends the old one (ended_on)."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residence_registrations",
        help_text=_("窗口代为登记且本人无平台账户时为空"),
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("公民身份号码"), max_length=18, validators=[validate_id_number])
    person = models.ForeignKey(
        "registers.Person",
        verbose_name=_("户籍库人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("居住地市（州）"), max_length=16, choices=City.choices)
    address = models.ForeignKey(
        "registers.Address",
        verbose_name=_("居住地址"),
        on_delete=models.PROTECT,
        related_name="residence_registrations",
    )
    station = models.ForeignKey(
        "registers.PoliceStation",
        verbose_name=_("登记派出所"),
        on_delete=models.PROTECT,
        related_name="residence_registrations",
    )
    since = models.DateField(_("居住起始日期"))
    registered_on = models.DateField(_("登记日期"))
    reason = models.CharField(_("居住事由"), max_length=16, choices=RegistrationReason.choices)
    channel = models.CharField(_("登记方式"), max_length=16, choices=Channel.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("登记终止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("居住登记")
        verbose_name_plural = _("居住登记")
        ordering = ["-registered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(ended_on__isnull=True), name="one_current_residence_registration"
            ),
        ]
        indexes = [models.Index(fields=["station", "registered_on"], name="registration_station_idx")]

    def __str__(self):
        return f"{self.name}（{self.masked_id_number}）{self.get_city_display()}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def counted_since(self):
        """The day residence counts from: the registration comes first, so not before it."""
        return max(self.since, self.registered_on)


class PermitApplication(models.Model):
    """Links a residence-permit case (applications.Case, kind residence_permit) to the registration
    it was made from."""

    case = models.OneToOneField(
        "applications.Case", verbose_name=_("业务"), on_delete=models.CASCADE, related_name="permit_application"
    )
    registration = models.ForeignKey(
        ResidenceRegistration, verbose_name=_("居住登记"), on_delete=models.PROTECT, related_name="applications"
    )

    class Meta:
        verbose_name = _("居住证申领")
        verbose_name_plural = _("居住证申领")

    def __str__(self):
        return str(self.case)


class ResidencePermit(ChoiceLabels, models.Model):
    """居住证. Its validity is extended by each endorsement; whether it is valid, suspended or
    cancelled on a day, and the continuous years of residence, are computed from its dates and its
    endorsements (selectors), never entered by hand."""

    number = models.CharField(_("居住证号码"), max_length=24, unique=True)
    code = models.CharField(_("核验码"), max_length=16, unique=True)
    case = models.OneToOneField(
        "applications.Case", verbose_name=_("申领业务"), on_delete=models.PROTECT, related_name="residence_permit"
    )
    registration = models.ForeignKey(
        ResidenceRegistration,
        verbose_name=_("居住登记"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits",
    )
    holder_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("持证人账户"),
        on_delete=models.PROTECT,
        related_name="residence_permits",
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("公民身份号码"), max_length=18, validators=[validate_id_number])
    person = models.ForeignKey(
        "registers.Person",
        verbose_name=_("户籍库人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("居住地市（州）"), max_length=16, choices=City.choices)
    address = models.ForeignKey(
        "registers.Address", verbose_name=_("居住地址"), on_delete=models.PROTECT, related_name="residence_permits"
    )
    station = models.ForeignKey(
        "registers.PoliceStation",
        verbose_name=_("签发派出所"),
        on_delete=models.PROTECT,
        related_name="residence_permits",
    )
    residence_since = models.DateField(_("居住起算日期"))
    issued_on = models.DateField(_("签发日期"))
    valid_until = models.DateField(_("有效期至"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT, related_name="+"
    )
    cancelled_on = models.DateField(_("注销日期"), null=True, blank=True)
    cancel_reason = models.CharField(_("注销原因"), max_length=16, choices=CancelReason.choices, blank=True)
    # The permit's history (issued, endorsed, moved within the city, cancelled) in the one log.
    events = GenericRelation("activity.Event", related_query_name="permit")

    class Meta:
        verbose_name = _("居住证")
        verbose_name_plural = _("居住证")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number", "city"], condition=Q(cancelled_on__isnull=True), name="one_live_permit_per_city"
            ),
            models.CheckConstraint(
                condition=Q(cancelled_on__isnull=True, cancel_reason="")
                | Q(cancelled_on__isnull=False) & ~Q(cancel_reason=""),
                name="cancelled_permit_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["valid_until"], condition=Q(cancelled_on__isnull=True), name="permit_live_validity_idx"
            ),
            models.Index(fields=["station", "issued_on"], name="permit_station_idx"),
        ]

    def __str__(self):
        return self.number

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class Endorsement(models.Model):
    """签注: an endorsement case (applications.Case, kind endorsement) and what it did to its permit."""

    case = models.OneToOneField(
        "applications.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="endorsement"
    )
    permit = models.ForeignKey(
        ResidencePermit, verbose_name=_("居住证"), on_delete=models.PROTECT, related_name="endorsements"
    )
    valid_until_before = models.DateField(_("签注前有效期至"))
    endorsed_on = models.DateField(_("签注日期"), null=True, blank=True)
    late = models.BooleanField(_("逾期补办"), null=True, blank=True)
    valid_until_after = models.DateField(_("签注后有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("签注")
        verbose_name_plural = _("签注")
        ordering = ["permit", "endorsed_on", "pk"]

    def __str__(self):
        return f"{self.permit} {self.endorsed_on or '—'}"


class Notification(models.Model):
    """A message for a holder, shown on their page and sent by e-mail once. The unique constraint is
    what makes a reminder job that runs twice (or on two workers) remind once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    permit = models.ForeignKey(
        ResidencePermit, verbose_name=_("居住证"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=24, choices=NotificationKind.choices)
    due_on = models.DateField(_("所涉有效期至"))
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["permit", "kind", "due_on"], name="one_notification_per_permit_cycle"),
        ]

    def __str__(self):
        return self.title
