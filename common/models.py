from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """One named counter of the numbering service (common.numbering): the last number given out
    under ``key`` (a paper kind, city and year; a station's household register numbers)."""

    key = models.CharField(_("编号键"), max_length=64, unique=True)
    value = models.BigIntegerField(_("已发号"), default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self):
        return f"{self.key}={self.value}"
