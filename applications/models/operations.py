"""What the background work leaves for people to see: rule-change impact runs, nightly
statistics, and the tasks that failed for good."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eligibility.constants import Pathway

from ..constants import RunStatus


class ImpactRun(models.Model):
    """A dry run of a draft rule set over the open cases of its city: how many would change
    verdict, per pathway, and which."""

    rule_set = models.ForeignKey(
        "eligibility.RuleSet", verbose_name=_("规则版本"), on_delete=models.CASCADE, related_name="impact_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    cases_checked = models.PositiveIntegerField(_("核查业务数"), default=0)
    # {"residence": {"checked": 10, "to_eligible": 1, "to_ineligible": 2}, ...}
    by_pathway = models.JSONField(_("按途径统计"), default=dict)
    # The cases whose verdict would change, in the groups of alike cases the run judged once:
    # [{"pathway": "residence", "then": true, "now": false, "ids": [1, 7], "references": [...]}, ...]
    # (a dry run can change tens of thousands; one object per case made the row five times larger)
    changed = models.JSONField(_("判断改变的业务"), default=list)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("规则变更影响评估")
        verbose_name_plural = _("规则变更影响评估")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.rule_set} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def changed_count(self) -> int:
        return sum(len(group["ids"]) for group in self.changed)

    @property
    def changed_cases(self) -> list[dict]:
        """Each changed case, in the order of its ID: id, reference, pathway (and its name), then, now."""
        labels = dict(Pathway.choices)
        return sorted(
            (
                {
                    "id": pk,
                    "reference": reference,
                    "pathway": group["pathway"],
                    "pathway_label": labels.get(group["pathway"], group["pathway"]),
                    "then": group["then"],
                    "now": group["now"],
                }
                for group in self.changed
                for pk, reference in zip(group["ids"], group["references"], strict=True)
            ),
            key=lambda case: case["id"],
        )

    @property
    def by_pathway_rows(self) -> list[tuple[str, dict]]:
        """(the pathway's name, its tally), for people: not the pathway's key."""
        labels = dict(Pathway.choices)
        return [(labels.get(pathway, pathway), tally) for pathway, tally in self.by_pathway.items()]


class CityStatistics(models.Model):
    """A nightly snapshot of one city's figures for the supervisors' statistics page."""

    city = models.CharField(_("市（州）"), max_length=16)
    day = models.DateField(_("日期"))
    data = models.JSONField(_("数据"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("统计快照")
        verbose_name_plural = _("统计快照")
        ordering = ["-day", "city"]
        constraints = [models.UniqueConstraint(fields=["city", "day"], name="one_snapshot_per_city_day")]

    def __str__(self):
        return f"{self.city} {self.day}"


class TaskFailure(models.Model):
    """A background task that failed after its retries, kept for staff to see and retry."""

    task_name = models.CharField(_("任务"), max_length=200)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    args = models.JSONField(_("参数"), default=list)
    kwargs = models.JSONField(_("关键字参数"), default=dict)
    exception = models.TextField(_("错误"))
    traceback = models.TextField(_("调用栈"), blank=True)
    failed_at = models.DateTimeField(_("失败时间"), auto_now_add=True)
    retried_at = models.DateTimeField(_("重试时间"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("重试人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("失败的后台任务")
        verbose_name_plural = _("失败的后台任务")
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.task_name} {self.failed_at:%Y-%m-%d %H:%M}"
