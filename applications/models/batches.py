from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import ChoiceLabels

from ..constants import BatchItemStatus, BatchStatus


class Batch(ChoiceLabels, models.Model):
    """A batch review: likely-eligible, complete cases that a named person approves together
    (曲政发〔2015〕82号（十四）: 符合条件、材料齐全的，直接办理). Celery works through the items;
    each case is re-checked when its turn comes, and the starter is named on every decision."""

    city = models.CharField(_("市（州）"), max_length=16)
    station = models.ForeignKey(
        "registers.PoliceStation",
        verbose_name=_("派出所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
        help_text=_("空：全市（主管发起）"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="batches"
    )
    started_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.RUNNING)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近处理时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取消人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("批量审核")
        verbose_name_plural = _("批量审核")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="batch_status_idx")]

    def __str__(self):
        return _("批量 #%(pk)s") % {"pk": self.pk}


class BatchItem(models.Model):
    batch = models.ForeignKey(Batch, verbose_name=_("批量"), on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("applications.Case", verbose_name=_("业务"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("结果"), max_length=16, choices=BatchItemStatus.choices, default=BatchItemStatus.PENDING
    )
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量审核业务")
        verbose_name_plural = _("批量审核业务")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "case"], name="unique_batch_case"),
            # A case waits in at most one batch at a time.
            models.UniqueConstraint(
                fields=["case"], condition=Q(status=BatchItemStatus.PENDING), name="one_pending_batch_per_case"
            ),
        ]
        indexes = [models.Index(fields=["batch", "status"], name="batch_item_status_idx")]

    def __str__(self):
        return f"{self.batch} · {self.case_id}"
