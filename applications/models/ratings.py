"""好差评: after a case ends the applicant rates it once; a 不满意 or worse opens a follow-up for
the city's supervisor, due in 15 working days, closed with a written reply the applicant reads
(国办发〔2019〕51号)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIRLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


POOR = Score.DISSATISFIED  # this or worse is followed up
FOLLOW_UP_WORKING_DAYS = 15


class Rating(models.Model):
    case = models.OneToOneField("Case", verbose_name=_("业务"), on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("评价"), choices=Score.choices)
    comment = models.TextField(_("意见"), blank=True, max_length=1000)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    follow_up_due = models.DateField(_("回访答复期限"), null=True, blank=True)
    reply = models.TextField(_("答复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-rated_at"]

    def __str__(self):
        return f"{self.case} · {self.get_score_display()}"

    @property
    def needs_follow_up(self) -> bool:
        return self.follow_up_due is not None and not self.replied_at
