"""Every paper the portal issues on a case — 受理回执, 一次性告知书, 不予受理 / 不予办理决定书 and
准予迁入证明 (or the electronic 户口准迁证) — as one model: a number, a verification code, and a
snapshot of everything it prints, so that it reads the same for ever, whatever the register or the
rules later say."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import ChoiceLabels
from registers.identity import mask_id_number


class PaperKind(models.TextChoices):
    CERTIFICATE = "certificate", _("准予迁入证明")
    RECEIPT = "receipt", _("受理回执")
    NOTICE = "notice", _("一次性告知书")
    REFUSAL = "refusal", _("不予受理（办理）决定书")


class Paper(ChoiceLabels, models.Model):
    """One paper issued on a case. ``content`` holds what it prints (names, numbers, addresses,
    clauses, dates) as it was on the day it was issued; the page, the PDF and the verification
    page read it, never the case."""

    case = models.ForeignKey("Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="papers")
    kind = models.CharField(_("文书类型"), max_length=16, choices=PaperKind.choices)
    request = models.ForeignKey(
        "DocumentRequest",
        verbose_name=_("补充材料要求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
        help_text=_("一次性告知书所告知的补正要求"),
    )
    title = models.CharField(_("文书名称"), max_length=32)
    number = models.CharField(_("文书编号"), max_length=24, unique=True)
    code = models.CharField(_("核验码"), max_length=16, unique=True)
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(_("文书内容"), default=dict, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(kind__in=["certificate", "receipt", "refusal"]),
                name="one_paper_of_a_kind_per_case",
            ),
            models.UniqueConstraint(fields=["request"], condition=Q(kind="notice"), name="one_notice_per_request"),
        ]

    def __str__(self):
        return f"{self.title} {self.number}"

    @property
    def issued_on(self):
        return timezone.localdate(self.issued_at)

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and timezone.localdate() > self.valid_until

    @property
    def station_name(self) -> str:
        return (self.content.get("station") or {}).get("name", "")

    @property
    def named_persons(self) -> list[str]:
        """Whom the paper names: the persons a certificate moves, else the applicant."""
        if self.kind == PaperKind.CERTIFICATE:
            return [p.get("name", "") for p in self.content.get("persons", [])]
        return [self.content.get("applicant", "")]

    @property
    def masked_names(self) -> list[str]:
        return [mask_name(name) for name in self.named_persons]

    # What the old Certificate rows held, read from the content.
    @property
    def holders(self) -> list[dict]:
        return [
            {"name": p.get("name", ""), "id_number": mask_id_number(p.get("id_number", ""))}
            for p in self.content.get("persons", [])
        ]

    @holders.setter
    def holders(self, value: list[dict]) -> None:
        self.content = {**(self.content or {}), "persons": list(value)}

    @property
    def destination(self) -> str:
        return self.content.get("destination", "")

    @destination.setter
    def destination(self, value: str) -> None:
        self.content = {**(self.content or {}), "destination": value}


def mask_name(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧***: enough to match the paper in hand, not to learn who it is."""
    return f"{name[:1]}{'*' * (len(name) - 1)}" if name else ""


class CertificateManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=PaperKind.CERTIFICATE)


class Certificate(Paper):
    """准予迁入证明 (or the electronic 户口准迁证 for moves from outside): the papers of kind
    certificate, one per approved move."""

    objects = CertificateManager()

    class Meta:
        proxy = True
        verbose_name = _("准予迁入证明")
        verbose_name_plural = _("准予迁入证明")

    def save(self, *args, **kwargs):
        self.kind = PaperKind.CERTIFICATE
        super().save(*args, **kwargs)
