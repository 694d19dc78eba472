"""What the real 户政 process adds to a case: the items a request lists (一次性告知), the consent of
each adult who moves and of the destination household's head, and the promises to supply an item
later (容缺)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eligibility.constants import DocumentKind
from registers.identity import mask_id_number

from ..constants import ConsentMethod, ConsentRole, ConsentStatus


class RequestedItem(models.Model):
    """One item of a request for more materials, with why it is needed; the applicant answers each
    with a file (Document.requested_item) or, when they cannot, a written reason."""

    request = models.ForeignKey(
        "DocumentRequest", verbose_name=_("补充材料要求"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("材料"), max_length=32, choices=DocumentKind.choices)
    reason = models.CharField(_("需要的原因"), max_length=300)
    answer_text = models.TextField(_("无法提供的说明"), blank=True)

    class Meta:
        verbose_name = _("补正事项")
        verbose_name_plural = _("补正事项")
        ordering = ["request", "position"]
        constraints = [models.UniqueConstraint(fields=["request", "position"], name="unique_requested_item")]

    def __str__(self):
        return self.get_kind_display()


class Consent(models.Model):
    """The recorded consent of one person the case would move (or whose household it would join):
    from their own verified account, by a signed 授权委托书 a clerk checked, or — for the
    applicant's own minor child — by the applicant as guardian."""

    case = models.ForeignKey("Case", verbose_name=_("业务"), on_delete=models.CASCADE, related_name="consents")
    role = models.CharField(_("身份"), max_length=16, choices=ConsentRole.choices)
    relative = models.OneToOneField(
        "CaseRelative",
        verbose_name=_("随迁亲属"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consent",
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("公民身份号码"), max_length=18, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=ConsentStatus.choices, default=ConsentStatus.PENDING)
    method = models.CharField(_("同意方式"), max_length=24, choices=ConsentMethod.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认账户或核验民警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("请求时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("本人同意")
        verbose_name_plural = _("本人同意")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(role=ConsentRole.HOUSEHOLD_HEAD), name="one_head_consent_per_case"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{mask_id_number(self.id_number)}）：{self.get_status_display()}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class Promise(models.Model):
    """容缺受理: the applicant's signed promise to supply a checklist item the rule set lets come later,
    by a date; tracked until the document arrives."""

    case = models.ForeignKey("Case", verbose_name=_("业务"), on_delete=models.CASCADE, related_name="promises")
    kind = models.CharField(_("材料"), max_length=32, choices=DocumentKind.choices)
    due_on = models.DateField(_("承诺补交日期"))
    text = models.TextField(_("承诺内容"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承诺人账户"), on_delete=models.PROTECT)
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)
    fulfilled_at = models.DateTimeField(_("补交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("容缺承诺")
        verbose_name_plural = _("容缺承诺")
        ordering = ["case", "due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_promise_per_item")]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.due_on}）"
