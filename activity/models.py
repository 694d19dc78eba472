from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .subjects import kind_label


class EventQuerySet(models.QuerySet):
    def of_model(self, model) -> "EventQuerySet":
        """Every event of one kind of subject (all cases, all permits)."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class Event(models.Model):
    """One step in the life of any object the portal keeps — a case, a residence permit — when,
    who (their role and station at the time), what was said and what was decided.

    One table for every subject (django.contrib.contenttypes: content_type + object_id, the way
    pretix's LogEntry is); a subject reads its timeline through a GenericRelation named ``events``,
    by the index (content_type, object_id, at, id). ``on`` is the day a step takes effect when that
    is what counts (a permit's endorsement), empty for a case's steps, which count from ``at``."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.BigIntegerField(_("对象编号"))
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("事项"), max_length=32)
    on = models.DateField(_("日期"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("操作人角色"), max_length=16, blank=True)
    station = models.ForeignKey(
        "registers.PoliceStation",
        verbose_name=_("派出所"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at", "id"], name="activity_event_subject")]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()}"

    def get_kind_display(self) -> str:
        """The kind's words, as its subject's app registered them (activity.subjects)."""
        return kind_label(self.kind)
